import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { type Address, zeroHash } from 'viem'
import { contributionRegistryAbi, ledgerRewardTokenAbi, rewardDistributorAbi } from '../../src/abis/index.js'
import { registrationDomain } from '../../src/registry/registrationTypedData.js'
import { actors, publicClient } from './fixture.js'
import {
  type Command,
  type Context,
  claimants,
  contentHashes,
  contents,
  contributors,
  NO_DATANET,
  nonceOf,
  type Plan,
  participants,
  planCommand,
  reviewers,
  type Sequence,
  senders,
  ZERO_CONTENT,
} from './ledger.invariants.commands.js'
import {
  baseCommitments,
  currentEpochAt,
  datanets,
  disputePeriod,
  loadLedgerBase,
  maxCommitAge,
  minCommitAge,
  Outcomes,
  revertName,
  Status,
  setNextTimestamp,
} from './ledger.invariants.helpers.js'

const runs = Number(process.env.FC_RUNS ?? 200)
const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)

const rarely = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>, weight = 4) =>
  fc.oneof({ arbitrary: usual, weight }, { arbitrary: rare, weight: 1 })
const who = fc.nat(contributors.length - 1)
const content = rarely(fc.nat(contents.length - 1), fc.constant(ZERO_CONTENT), 12)
/** Mostly the datanets that take direct registrations; sometimes commit-reveal ones, or one that does not exist. */
const directDatanet = rarely(fc.constantFrom(1, 2), fc.constantFrom(3, 4, NO_DATANET))
const revealDatanet = rarely(fc.constantFrom(3, 4), fc.constantFrom(1, 2, NO_DATANET))
/** true once in `odds + 1`. */
const seldom = (odds: number) => rarely(fc.constant(false), fc.constant(true), odds)

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('register' as const), who, datanet: directDatanet, content }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('registerBatch' as const),
      who,
      items: rarely(
        fc.array(fc.record({ datanet: directDatanet, content }), { minLength: 1, maxLength: 3 }),
        fc.constant<{ datanet: number; content: number }[]>([]),
        8,
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('commit' as const),
      who,
      forNext: seldom(5),
      content,
      salt: fc.nat(1),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('reveal' as const),
      target: fc.oneof(
        { arbitrary: fc.constant('committed' as const), weight: 6 },
        { arbitrary: fc.constantFrom('copied' as const, 'random' as const), weight: 1 },
      ),
      pick: fc.nat(7),
      edge: fc.oneof(
        { arbitrary: fc.constantFrom('none' as const, 'revealable' as const), weight: 3 },
        { arbitrary: fc.constantFrom('tooNew' as const, 'lastSecond' as const, 'expired' as const), weight: 1 },
      ),
      who,
      datanet: revealDatanet,
      content,
      salt: rarely(fc.nat(1), fc.constant(2)),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('registerBySig' as const),
      contributor: who,
      wrongSigner: seldom(6),
      tampered: seldom(6),
      futureNonce: seldom(6),
      deadline: rarely(fc.constant('later' as const), fc.constantFrom('now' as const, 'past' as const)),
      submitter: fc.nat(senders.length - 1),
      datanet: directDatanet,
      content,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('replaySignature' as const),
      index: fc.nat(7),
      submitter: fc.nat(senders.length - 1),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('invalidateNonce' as const), who }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('review' as const),
      reviewer: fc.nat(reviewers.length - 1),
      pending: rarely(fc.constant(true), fc.constant(false), 3),
      pick: fc.nat(7),
      content,
      accept: seldom(1),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fund' as const), amount: fc.bigInt(1n, 2_000n) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('propose' as const), rate: fc.bigInt(0n, 1_000n) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'accept' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('revoke' as const),
      target: rarely(fc.constant('pending'), fc.constant('active')),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      // Each transaction's block is one second after the last, so these land on both sides of every window's edge.
      seconds: fc.constantFrom(
        1,
        minCommitAge - 1,
        minCommitAge,
        disputePeriod - 1,
        disputePeriod,
        maxCommitAge - 1,
        maxCommitAge,
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'pause' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'unpause' as const }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('claim' as const),
      account: rarely(fc.nat(contributors.length - 1), fc.constant(claimants.length - 1), 6),
      sponsor: fc.nat(senders.length - 1),
      source: rarely(fc.constant('current' as const), fc.constant('latest' as const), 3),
      inflate: seldom(8),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('claimMany' as const),
      accounts: fc.uniqueArray(rarely(fc.nat(contributors.length - 1), fc.constant(claimants.length - 1), 8), {
        minLength: 1,
        maxLength: 3,
      }),
      sponsor: fc.nat(senders.length - 1),
    }),
  },
)

/** Reverts these sequences may legitimately hit; anything else (say EpochTotalExceeded) fails the property. */
const expectedReverts = new Set([
  'ContributionRegistryInvalidContentHash',
  'ContributionRegistryDatanetNotFound',
  'ContributionRegistryCommitRevealRequired',
  'ContributionRegistryAlreadyRegistered',
  'ContributionRegistryEmptyBatch',
  'ContributionRegistryCommitmentExists',
  'ContributionRegistryCommitmentNotFound',
  'ContributionRegistryCommitmentTooNew',
  'ContributionRegistryCommitmentExpired',
  'ContributionRegistrySignatureExpired',
  'ContributionRegistryInvalidNonce',
  'ContributionRegistryInvalidSignature',
  'ContributionRegistryContributionNotFound',
  'ContributionRegistryNotCurator',
  'ContributionRegistryNotPending',
  'RewardDistributorPaused',
  'RewardDistributorNotPaused',
  'RewardDistributorEpochPending',
  'RewardDistributorEpochNotPending',
  'RewardDistributorNoPendingEpoch',
  'RewardDistributorDisputeWindowOpen',
  'RewardDistributorInsufficientFunding',
  'RewardDistributorNoActiveEpoch',
  'RewardDistributorInvalidProof',
  'RewardDistributorNothingToClaim',
])

const outcomes = new Outcomes()

describe('ContributionRegistry + RewardDistributor: invariants under random cross-contract sequences', () => {
  it(`keeps registrations unique, signatures single-use and claims funded and monotone (${runs} runs, seed ${seed})`, async () => {
    console.log(`fast-check seed ${seed} (replay with FC_SEED=${seed})`)
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 16 }), async (commands) => {
        const { deployment: ledger, model } = await loadLedgerBase()
        const registry = { address: ledger.registry, abi: contributionRegistryAbi } as const
        const distributor = { address: ledger.distributor, abi: rewardDistributorAbi } as const
        const token = { address: ledger.rewardToken, abi: ledgerRewardTokenAbi } as const
        const sequence: Sequence = {
          model,
          registry,
          distributor,
          domain: registrationDomain({ chainId: ledger.chainId, registry: ledger.registry }),
          signedPool: [],
          committed: baseCommitments.map(({ committer, content, salt }) => ({
            committer: contributors.indexOf(committer),
            content: contents.indexOf(content),
            salt,
          })),
        }
        const claimedOf = (account: Address) => model.claimed.get(account) ?? 0n

        /** Chain reads of the previous step, for the invariants that compare the chain with itself. */
        let previous:
          | {
              contributions: readonly {
                contributor: Address
                datanetId: number
                registeredAt: number
                status: number
              }[]
              nonces: bigint[]
              claimed: bigint[]
              balances: bigint[]
            }
          | undefined

        // The base state, as the chain holds it after the revert, is the model's.
        previous = await checkInvariants(undefined, { kind: 'base' })
        for (const step of commands) {
          // Every transaction of this step lands in a block exactly one second after the latest.
          const plan: Plan = { at: model.now + 1, context: { kind: step.kind }, apply: () => {} }
          await planCommand(sequence, step, plan)
          const { at, context, predicted, send, apply } = plan

          if (send) {
            const pausedBefore = model.paused
            await setNextTimestamp(at)
            let outcome = 'success'
            try {
              await send()
            } catch (error) {
              const name = revertName(error)
              if (!name || !expectedReverts.has(name)) throw error
              outcome = name
            }
            assert.equal(outcome, predicted ?? 'success', `${step.kind}: ${JSON.stringify(step, bigints)}`)
            if (outcome === 'success') {
              apply()
              model.now = at
            }
            if (pausedBefore && (step.kind === 'claim' || step.kind === 'claimMany')) {
              assert.notEqual(outcome, 'success', 'no claim succeeds while paused')
            }
            outcomes.record(step.kind, outcome)
          } else {
            outcomes.record(step.kind, step.kind === 'advance' ? 'success' : 'skipped')
          }

          previous = await checkInvariants(previous, context)
        }

        // The chain's clock is exactly the model's: nothing in the sequence depended on wall-clock time.
        assert.equal(Number((await publicClient.getBlock()).timestamp), model.now, 'the chain time is the model time')

        async function checkInvariants(before: typeof previous, context: Context) {
          const [
            contributions,
            nonces,
            commitments,
            [totalFunded, totalClaimed, distributorBalance, currentEpochId, pendingEpochId, activeEpochId, paused],
            claimed,
            balances,
          ] = await Promise.all([
            publicClient.readContract({ ...registry, functionName: 'getContributions', args: [contentHashes] }),
            Promise.all(
              contributors.map((c) =>
                publicClient.readContract({ ...registry, functionName: 'nonces', args: [c.address] }),
              ),
            ),
            Promise.all(
              [...model.commitments.keys()].map(async (commitment) => ({
                commitment,
                at: await publicClient.readContract({ ...registry, functionName: 'commitments', args: [commitment] }),
              })),
            ),
            Promise.all([
              publicClient.readContract({ ...distributor, functionName: 'totalFunded' }),
              publicClient.readContract({ ...distributor, functionName: 'totalClaimed' }),
              publicClient.readContract({ ...token, functionName: 'balanceOf', args: [ledger.distributor] }),
              publicClient.readContract({ ...distributor, functionName: 'currentEpochId' }),
              publicClient.readContract({ ...distributor, functionName: 'pendingEpochId' }),
              publicClient.readContract({ ...distributor, functionName: 'activeEpochId' }),
              publicClient.readContract({ ...distributor, functionName: 'paused' }),
            ] as const),
            Promise.all(
              claimants.map((c) =>
                publicClient.readContract({ ...distributor, functionName: 'claimed', args: [c.address] }),
              ),
            ),
            Promise.all(
              participants.map((p) =>
                publicClient.readContract({ ...token, functionName: 'balanceOf', args: [p.address] }),
              ),
            ),
          ])

          // ------------------------------------------------------------------------------------- registry
          const acceptedContributors = new Set<Address>()
          contributions.forEach((onChain, i) => {
            const hash = contentHashes[i] ?? zeroHash
            const modelled = model.contributions.get(hash)
            const was = before?.contributions[i]
            const label = `contribution ${contents[i] ?? 'zero hash'}`
            assert.deepEqual(
              {
                contributor: onChain.contributor,
                datanetId: onChain.datanetId,
                registeredAt: onChain.registeredAt,
                status: onChain.status,
                metadataHash: onChain.metadataHash,
              },
              modelled ?? {
                contributor: '0x0000000000000000000000000000000000000000',
                datanetId: 0,
                registeredAt: 0,
                status: Status.None,
                metadataHash: zeroHash,
              },
              `${label}: getContributions agrees with the model`,
            )
            if (onChain.status === Status.Accepted) acceptedContributors.add(onChain.contributor)
            if (was && was.status !== Status.None) {
              // Registered at most once: never re-credited, moved or re-dated.
              assert.equal(onChain.contributor, was.contributor, `${label}: the contributor never changes`)
              assert.equal(onChain.datanetId, was.datanetId, `${label}: the datanet never changes`)
              assert.equal(onChain.registeredAt, was.registeredAt, `${label}: the registration time never changes`)
              if (was.status !== Status.Pending) assert.equal(onChain.status, was.status, `${label}: reviewed once`)
              else if (onChain.status !== Status.Pending) {
                assert.equal(context.kind, 'review', `${label}: only a review decides a pending contribution`)
                assert.ok(context.reviewer, `${label}: only the datanet's owner or curators review`)
              }
            } else if (onChain.status !== Status.None && context.kind !== 'base') {
              const policy = datanets[onChain.datanetId]
              assert.ok(policy, `${label}: registered in an existing datanet`)
              assert.notEqual(hash, zeroHash, 'the zero hash is never registered')
              assert.equal(onChain.contributor, context.creditedTo, `${label}: credits the sender or the signer`)
              assert.equal(onChain.registeredAt, model.now, `${label}: registered at this block`)
              assert.equal(
                onChain.status,
                policy.curated ? Status.Pending : Status.Accepted,
                `${label}: pending until reviewed exactly on curated datanets`,
              )
              if (policy.commitReveal) {
                const reveal = context.reveal
                assert.ok(reveal, `${label}: a commit-reveal datanet registers only through reveal`)
                assert.equal(onChain.contributor, reveal.by, `${label}: and only for the committer`)
                assert.ok(reveal.committedAt > 0, `${label}: against an existing commitment`)
                assert.ok(onChain.registeredAt >= reveal.committedAt + minCommitAge, `${label}: after minCommitAge`)
                assert.ok(onChain.registeredAt <= reveal.committedAt + maxCommitAge, `${label}: before maxCommitAge`)
              }
            }
          })
          nonces.forEach((nonce, i) => {
            const account = contributors[i]?.address ?? zeroHash
            assert.equal(nonce, nonceOf(model, account as Address), 'nonces agree with the model')
            assert.ok(nonce >= (before?.nonces[i] ?? 0n), 'nonces never decrease')
          })
          for (const { commitment, at } of commitments) {
            assert.equal(at, model.commitments.get(commitment), 'commitments agree with the model')
          }

          // ---------------------------------------------------------------------------------- distributor
          assert.equal(totalFunded, model.funded, 'totalFunded agrees with the model')
          assert.equal(totalClaimed, model.totalClaimed, 'totalClaimed agrees with the model')
          assert.ok(totalClaimed <= totalFunded, 'Σclaimed ≤ Σfunded')
          assert.equal(distributorBalance, totalFunded - totalClaimed, 'the balance is funded minus claimed')
          assert.equal(paused, model.paused, 'paused agrees with the model')
          assert.equal(pendingEpochId, model.pendingEpochId, 'the pending epoch agrees with the model')
          assert.equal(activeEpochId, model.activeEpochId, 'the active epoch agrees with the model')
          assert.equal(currentEpochId, currentEpochAt(model, model.now), 'the current epoch agrees with the model')
          const current = model.epochs.get(currentEpochId)
          assert.ok(!current?.revoked, 'a revoked epoch never becomes claimable')
          assert.equal(
            claimed.reduce((a, b) => a + b, 0n),
            totalClaimed,
            'totalClaimed is the sum of claims',
          )
          claimed.forEach((amount, i) => {
            const account = claimants[i]?.address ?? actors.stranger.address
            assert.equal(amount, claimedOf(account), 'claimed agrees with the model')
            assert.ok(amount >= (before?.claimed[i] ?? 0n), 'claimed amounts never decrease')
            assert.ok(
              amount <= (current?.allocations.get(account) ?? 0n),
              "nobody has claimed beyond the current epoch's cumulative amount",
            )
          })
          balances.forEach((balance, i) => {
            const account = participants[i]?.address ?? actors.stranger.address
            // Whoever sends a claim, only the account in the leaf is paid: a sponsor's balance never moves.
            assert.equal(balance, claimedOf(account), 'each balance is exactly what the distributor paid to it')
            const j = claimants.findIndex((c) => c.address === account)
            const paid = j < 0 ? 0n : (claimed[j] ?? 0n) - (before?.claimed[j] ?? 0n)
            assert.equal(balance - (before?.balances[i] ?? 0n), paid, 'a claim pays the account in the leaf')
          })

          // ----------------------------------------------------------------------------------- cross-contract
          for (const [id, epoch] of model.epochs) {
            for (const [account, amount] of epoch.allocations) {
              assert.ok(amount > 0n, `epoch ${id}: only positive amounts are proposed`)
              assert.ok(
                acceptedContributors.has(account),
                `epoch ${id}: rewards go only to contributors with an accepted registration on chain`,
              )
            }
          }

          return {
            contributions: contributions.map((c) => ({
              contributor: c.contributor,
              datanetId: c.datanetId,
              registeredAt: c.registeredAt,
              status: c.status,
            })),
            nonces,
            claimed,
            balances,
          }
        }
      }),
      // The failing assertion goes into the report: node:test does not print an error's cause.
      { numRuns: runs, seed, includeErrorInReport: true },
    )
    console.log(outcomes.toString())
  })
})

const bigints = (_key: string, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value)
