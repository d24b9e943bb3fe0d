import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { type Address, type Hex, keccak256, toBytes, zeroHash } from 'viem'
import { contributionRegistryAbi, ledgerRewardTokenAbi, rewardDistributorAbi } from '../../src/abis/index.js'
import { processProof } from '../../src/merkle/standardMerkleTree.js'
import { registrationDomain, registrationTypes } from '../../src/registry/registrationTypedData.js'
import { rewardLeaf } from '../../src/rewards/rewardLeaf.js'
import { rewardTree } from './distributor.helpers.js'
import { actors, publicClient, registrationOf, sha256, write } from './fixture.js'
import {
  baseCommitments,
  baseContributions,
  commitmentOf,
  currentEpochAt,
  datanets,
  disputePeriod,
  loadLedgerBase,
  type ModelContribution,
  maxCommitAge,
  minCommitAge,
  mineAt,
  Outcomes,
  revertName,
  Status,
  salts,
  setNextTimestamp,
} from './ledger.invariants.helpers.js'

const runs = Number(process.env.FC_RUNS ?? 200)
const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)

/** The only accounts that ever register, and so the only ones rewards are proposed for. */
const contributors = [actors.alice, actors.bob, actors.carol]
/** Accounts claims are made for: the contributors and a stranger who is never in a reward tree. */
const claimants = [...contributors, actors.stranger]
/** Who sends transactions for others: a relayer, a stranger or a contributor (for itself or someone else). */
const senders = [actors.relayer, actors.stranger, ...contributors]
/** Datanet owner, curator of the curated datanets, and someone who curates nothing. */
const reviewers = [actors.owner, actors.curator, actors.stranger]
/** Everyone whose token balance must always equal what the distributor paid them. */
const participants = [...contributors, actors.relayer, actors.stranger]

/**
 * A small pool so that sequences collide on content, ending with the contents the base state registered; the index
 * after the last stands for the (invalid) zero hash.
 */
const contents = [
  'prompt',
  'image',
  'dataset',
  'transcript',
  'label set',
  'eval',
  ...baseContributions.map((c) => c.content),
]
const ZERO_CONTENT = contents.length
const contentHashOf = (content: number) => (content === ZERO_CONTENT ? zeroHash : sha256(contents[content] ?? ''))
const contentHashes = [...contents.keys(), ZERO_CONTENT].map(contentHashOf)
const registrationFor = (datanetId: number, content: number) => {
  const registration = registrationOf(datanetId, contents[content] ?? 'zero')
  return content === ZERO_CONTENT ? { ...registration, contentHash: zeroHash } : registration
}
type Registration = ReturnType<typeof registrationFor>
/** Datanet 5 does not exist. */
const NO_DATANET = 5

type Command =
  | { kind: 'register'; who: number; datanet: number; content: number }
  | { kind: 'registerBatch'; who: number; items: { datanet: number; content: number }[] }
  | { kind: 'commit'; who: number; forNext: boolean; content: number; salt: number }
  | {
      kind: 'reveal'
      /** Reveal the `pick`-th commitment of the sequence (as its committer, or as a copier), or random fields. */
      target: 'committed' | 'copied' | 'random'
      pick: number
      /** First move the clock so that the reveal lands on an edge of the picked commitment's window, if still ahead. */
      edge: 'none' | 'tooNew' | 'revealable' | 'lastSecond' | 'expired'
      who: number
      datanet: number
      content: number
      salt: number
    }
  | {
      kind: 'registerBySig'
      contributor: number
      wrongSigner: boolean
      tampered: boolean
      futureNonce: boolean
      deadline: 'later' | 'now' | 'past'
      submitter: number
      datanet: number
      content: number
    }
  | { kind: 'replaySignature'; index: number; submitter: number }
  | { kind: 'invalidateNonce'; who: number }
  | { kind: 'review'; reviewer: number; pending: boolean; pick: number; content: number; accept: boolean }
  | { kind: 'fund'; amount: bigint }
  | { kind: 'propose'; rate: bigint }
  | { kind: 'accept' }
  | { kind: 'revoke'; target: 'pending' | 'active' }
  | { kind: 'advance'; seconds: number }
  | { kind: 'pause' }
  | { kind: 'unpause' }
  | { kind: 'claim'; account: number; sponsor: number; source: 'current' | 'latest'; inflate: boolean }
  | { kind: 'claimMany'; accounts: number[]; sponsor: number }

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

/** The error `_register` would revert with, checked in the contract's order; undefined when it would succeed. */
function registerError(registered: ReadonlyMap<Hex, unknown>, registration: Registration, revealed: boolean) {
  if (registration.contentHash === zeroHash) return 'ContributionRegistryInvalidContentHash'
  const policy = datanets[registration.datanetId]
  if (!policy) return 'ContributionRegistryDatanetNotFound'
  if (policy.commitReveal && !revealed) return 'ContributionRegistryCommitRevealRequired'
  if (registered.has(registration.contentHash)) return 'ContributionRegistryAlreadyRegistered'
  return undefined
}

const contributionOf = (contributor: Address, registration: Registration, at: number): ModelContribution => ({
  contributor,
  datanetId: registration.datanetId,
  registeredAt: at,
  status: datanets[registration.datanetId]?.curated ? Status.Pending : Status.Accepted,
  metadataHash: registration.metadataHash,
})

type Signed = {
  contributor: Address
  registration: Registration
  nonce: bigint
  deadline: bigint
  signature: Hex
  /** Signed by the contributor over exactly this registration. */
  genuine: boolean
}

/** What a step may change, for the invariants that do not trust the model. */
type Context = {
  kind: Command['kind'] | 'base'
  /** Who new registrations must credit. */
  creditedTo?: Address
  /** For a reveal: the revealer and when its commitment was made (0 when there is none). */
  reveal?: { by: Address; committedAt: number }
  /** For a review: the reviewer, when it is the owner or a curator of the reviewed content's datanet. */
  reviewer?: Address
}

describe('ContributionRegistry + RewardDistributor: invariants under random cross-contract sequences', () => {
  it(`keeps registrations unique, signatures single-use and claims funded and monotone (${runs} runs, seed ${seed})`, async () => {
    console.log(`fast-check seed ${seed} (replay with FC_SEED=${seed})`)
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 16 }), async (commands) => {
        const { deployment: ledger, model } = await loadLedgerBase()
        const registry = { address: ledger.registry, abi: contributionRegistryAbi } as const
        const distributor = { address: ledger.distributor, abi: rewardDistributorAbi } as const
        const token = { address: ledger.rewardToken, abi: ledgerRewardTokenAbi } as const
        const domain = registrationDomain({ chainId: ledger.chainId, registry: ledger.registry })
        const signedPool: Signed[] = []
        /** The commitments of the base state and of this sequence: committer, content and salt. */
        const committed = baseCommitments.map(({ committer, content, salt }) => ({
          committer: contributors.indexOf(committer),
          content: contents.indexOf(content),
          salt,
        }))
        const nonceOf = (account: Address) => model.nonces.get(account) ?? 0n
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
          let at = model.now + 1
          const context: Context = { kind: step.kind }
          let predicted: string | undefined
          let send: (() => Promise<unknown>) | undefined
          let apply: () => void = () => {}

          const predictSigned = (signed: Signed) => {
            if (BigInt(at) > signed.deadline) return 'ContributionRegistrySignatureExpired'
            if (signed.nonce !== nonceOf(signed.contributor)) return 'ContributionRegistryInvalidNonce'
            if (!signed.genuine) return 'ContributionRegistryInvalidSignature'
            return registerError(model.contributions, signed.registration, false)
          }
          const submitSigned = (signed: Signed, submitter: number) => {
            context.creditedTo = signed.contributor
            predicted = predictSigned(signed)
            // Each signature is usable at most once: the model must never expect a used one to go through.
            if (model.usedSignatures.has(signed.signature)) assert.ok(predicted, 'a used signature is refused')
            send = () =>
              write(senders[submitter] ?? actors.relayer, {
                ...registry,
                functionName: 'registerBySig',
                args: [signed.contributor, signed.registration, signed.nonce, signed.deadline, signed.signature],
              })
            apply = () => {
              model.nonces.set(signed.contributor, nonceOf(signed.contributor) + 1n)
              model.usedSignatures.add(signed.signature)
              model.contributions.set(
                signed.registration.contentHash,
                contributionOf(signed.contributor, signed.registration, at),
              )
            }
          }
          const predictClaim = (
            claimed: Map<Address, bigint>,
            totalClaimed: bigint,
            account: Address,
            amount: bigint,
            proof: Hex[],
          ): { error?: string; paid?: bigint } => {
            const epoch = model.epochs.get(currentEpochAt(model, at))
            if (!epoch) return { error: 'RewardDistributorNoActiveEpoch' }
            // Exactly the contract's check: OpenZeppelin's sorted-pair proof of the standard leaf.
            if (processProof(rewardLeaf(account, amount), proof) !== epoch.root) {
              return { error: 'RewardDistributorInvalidProof' }
            }
            const already = claimed.get(account) ?? 0n
            if (amount <= already) return { error: 'RewardDistributorNothingToClaim', paid: 0n }
            const paid = amount - already
            if (totalClaimed + paid > epoch.total) return { error: 'RewardDistributorEpochTotalExceeded' }
            return { paid }
          }

          switch (step.kind) {
            case 'register': {
              const sender = contributors[step.who] ?? actors.alice
              const registration = registrationFor(step.datanet, step.content)
              context.creditedTo = sender.address
              predicted = registerError(model.contributions, registration, false)
              send = () => write(sender, { ...registry, functionName: 'register', args: [registration] })
              apply = () =>
                model.contributions.set(registration.contentHash, contributionOf(sender.address, registration, at))
              break
            }
            case 'registerBatch': {
              const sender = contributors[step.who] ?? actors.alice
              const registrations = step.items.map((item) => registrationFor(item.datanet, item.content))
              context.creditedTo = sender.address
              // Atomic: the first failing registration (a duplicate inside the batch included) reverts them all.
              const after = new Map(model.contributions)
              predicted = registrations.length === 0 ? 'ContributionRegistryEmptyBatch' : undefined
              for (const registration of registrations) {
                predicted ??= registerError(after, registration, false)
                after.set(registration.contentHash, contributionOf(sender.address, registration, at))
              }
              send = () => write(sender, { ...registry, functionName: 'registerBatch', args: [registrations] })
              apply = () => {
                model.contributions = after
              }
              break
            }
            case 'commit': {
              const sender = contributors[step.who] ?? actors.alice
              // Sometimes the commitment names someone else (as a copier would): it is stored all the same.
              const committer = step.forNext ? (contributors[(step.who + 1) % contributors.length] ?? sender) : sender
              const commitment = commitmentOf(
                committer.address,
                contentHashOf(step.content),
                salts[step.salt] ?? zeroHash,
              )
              const committedAt = model.commitments.get(commitment) ?? 0
              if (committedAt !== 0 && at <= committedAt + maxCommitAge)
                predicted = 'ContributionRegistryCommitmentExists'
              send = () => write(sender, { ...registry, functionName: 'commit', args: [commitment] })
              apply = () => {
                model.commitments.set(commitment, at)
                committed.push({ committer: contributors.indexOf(committer), content: step.content, salt: step.salt })
              }
              break
            }
            case 'reveal': {
              const picked = step.target === 'random' ? undefined : committed[step.pick % Math.max(committed.length, 1)]
              const { committer, content, salt: saltIndex } = picked ?? { ...step, committer: step.who }
              // A copier replays the committer's content and salt from its own account.
              const revealer = step.target === 'copied' ? (committer + 1) % contributors.length : committer
              const sender = contributors[revealer] ?? actors.alice
              const registration = registrationFor(step.datanet, content)
              const salt = salts[saltIndex] ?? zeroHash
              const window = model.commitments.get(
                commitmentOf(contributors[committer]?.address ?? zeroHash, registration.contentHash, salt),
              )
              const edges = {
                none: Number.NEGATIVE_INFINITY,
                tooNew: minCommitAge - 1,
                revealable: minCommitAge,
                lastSecond: maxCommitAge,
                expired: maxCommitAge + 1,
              }
              const revealAt = window ? window + edges[step.edge] : 0
              if (revealAt > at) {
                await mineAt(revealAt - 1)
                model.now = revealAt - 1
                at = revealAt
              }
              const commitment = commitmentOf(sender.address, registration.contentHash, salt)
              const committedAt = model.commitments.get(commitment) ?? 0
              context.creditedTo = sender.address
              context.reveal = { by: sender.address, committedAt }
              if (committedAt === 0) predicted = 'ContributionRegistryCommitmentNotFound'
              else if (at < committedAt + minCommitAge) predicted = 'ContributionRegistryCommitmentTooNew'
              else if (at > committedAt + maxCommitAge) predicted = 'ContributionRegistryCommitmentExpired'
              else predicted = registerError(model.contributions, registration, true)
              send = () => write(sender, { ...registry, functionName: 'reveal', args: [registration, salt] })
              apply = () => {
                model.commitments.delete(commitment)
                model.contributions.set(registration.contentHash, contributionOf(sender.address, registration, at))
              }
              break
            }
            case 'registerBySig': {
              const contributor = contributors[step.contributor] ?? actors.alice
              const signer = step.wrongSigner
                ? (contributors[(step.contributor + 1) % contributors.length] ?? actors.bob)
                : contributor
              const registration = registrationFor(step.datanet, step.content)
              const nonce = nonceOf(contributor.address) + (step.futureNonce ? 1n : 0n)
              const deadline = BigInt(step.deadline === 'later' ? at + 3_600 : step.deadline === 'now' ? at : at - 1)
              const signature = await signer.signTypedData({
                domain,
                types: registrationTypes,
                primaryType: 'Registration',
                message: { contributor: contributor.address, ...registration, nonce, deadline },
              })
              const signed: Signed = {
                contributor: contributor.address,
                registration: step.tampered ? { ...registration, metadataURI: 'data:,tampered' } : registration,
                nonce,
                deadline,
                signature,
                genuine: !step.wrongSigner && !step.tampered,
              }
              signedPool.push(signed)
              submitSigned(signed, step.submitter)
              break
            }
            case 'replaySignature': {
              const signed = signedPool[step.index % Math.max(signedPool.length, 1)]
              if (signed) submitSigned(signed, step.submitter)
              break
            }
            case 'invalidateNonce': {
              const sender = contributors[step.who] ?? actors.alice
              send = () => write(sender, { ...registry, functionName: 'invalidateNonce', args: [] })
              apply = () => model.nonces.set(sender.address, nonceOf(sender.address) + 1n)
              break
            }
            case 'review': {
              const reviewer = reviewers[step.reviewer] ?? actors.stranger
              const pending = [...model.contributions].filter(([, c]) => c.status === Status.Pending)
              // Mostly a pending contribution (or any registered one when none is pending), else any content.
              const targets = pending.length ? pending : [...model.contributions]
              const contentHash = step.pending
                ? (targets[step.pick % targets.length]?.[0] ?? contentHashOf(step.content))
                : contentHashOf(step.content)
              const contribution = model.contributions.get(contentHash)
              const curates =
                reviewer === actors.owner ||
                (reviewer === actors.curator && !!datanets[contribution?.datanetId ?? 0]?.curated)
              if (curates) context.reviewer = reviewer.address
              if (!contribution) predicted = 'ContributionRegistryContributionNotFound'
              else if (!curates) predicted = 'ContributionRegistryNotCurator'
              else if (contribution.status !== Status.Pending) predicted = 'ContributionRegistryNotPending'
              send = () =>
                write(reviewer, { ...registry, functionName: 'reviewContribution', args: [contentHash, step.accept] })
              apply = () => {
                if (contribution) contribution.status = step.accept ? Status.Accepted : Status.Rejected
              }
              break
            }
            case 'fund':
              send = () => write(actors.owner, { ...distributor, functionName: 'fund', args: [step.amount] })
              apply = () => {
                model.funded += step.amount
              }
              break
            case 'propose': {
              // Cumulative amounts grow from the latest epoch that was not revoked, by `rate` per accepted
              // contribution of each registered contributor: nobody else is ever in a reward tree.
              const base = model.epochs.get(model.pendingEpochId || model.activeEpochId)
              const allocations = new Map(base?.allocations)
              for (const { contributor, status } of model.contributions.values()) {
                if (status === Status.Accepted && step.rate > 0n) {
                  allocations.set(contributor, (allocations.get(contributor) ?? 0n) + step.rate)
                }
              }
              if (allocations.size === 0) break
              const tree = rewardTree([...allocations].map(([account, amount]) => ({ account, amount })))
              const activates = model.pendingEpochId !== 0
              const previousTotal = model.epochs.get(model.pendingEpochId || model.activeEpochId)?.total ?? 0n
              if (model.paused) predicted = 'RewardDistributorPaused'
              else if (activates && at < model.pendingActiveAt) predicted = 'RewardDistributorEpochPending'
              else if (tree.total < previousTotal) predicted = 'RewardDistributorCumulativeTotalDecreased'
              else if (tree.total > model.funded) predicted = 'RewardDistributorInsufficientFunding'
              send = () =>
                write(actors.attributor, {
                  ...distributor,
                  functionName: 'proposeEpoch',
                  args: [tree.root, tree.total, keccak256(toBytes(`manifest ${at}`)), `data:,manifest-${at}`],
                })
              apply = () => {
                if (activates) {
                  model.activeEpochId = model.pendingEpochId
                  model.pendingEpochId = 0
                }
                model.epochCount++
                model.epochs.set(model.epochCount, {
                  root: tree.root,
                  total: tree.total,
                  allocations,
                  tree,
                  revoked: false,
                })
                model.pendingEpochId = model.epochCount
                model.pendingActiveAt = at + disputePeriod
              }
              break
            }
            case 'accept':
              if (model.pendingEpochId === 0) predicted = 'RewardDistributorNoPendingEpoch'
              else if (at < model.pendingActiveAt) predicted = 'RewardDistributorDisputeWindowOpen'
              send = () => write(actors.stranger, { ...distributor, functionName: 'acceptEpoch', args: [] })
              apply = () => {
                model.activeEpochId = model.pendingEpochId
                model.pendingEpochId = 0
              }
              break
            case 'revoke': {
              const epochId = step.target === 'pending' ? model.pendingEpochId : model.activeEpochId
              if (epochId === 0 || epochId !== model.pendingEpochId || at >= model.pendingActiveAt) {
                predicted = 'RewardDistributorEpochNotPending'
              }
              send = async () => {
                await write(actors.guardian, { ...distributor, functionName: 'revokeEpoch', args: [epochId] })
                const epoch = await publicClient.readContract({
                  ...distributor,
                  functionName: 'getEpoch',
                  args: [epochId],
                })
                assert.equal(epoch.revoked, true, 'a revoked epoch is marked revoked')
              }
              apply = () => {
                const epoch = model.epochs.get(epochId)
                if (epoch) epoch.revoked = true
                model.pendingEpochId = 0
              }
              break
            }
            case 'advance':
              await mineAt(model.now + step.seconds)
              model.now += step.seconds
              outcomes.record(step.kind, 'success')
              break
            case 'pause':
            case 'unpause':
              if (step.kind === 'pause' && model.paused) predicted = 'RewardDistributorPaused'
              if (step.kind === 'unpause' && !model.paused) predicted = 'RewardDistributorNotPaused'
              send = () => write(actors.guardian, { ...distributor, functionName: step.kind, args: [] })
              apply = () => {
                model.paused = step.kind === 'pause'
              }
              break
            case 'claim': {
              const account = (claimants[step.account] ?? actors.stranger).address
              const sourceId = step.source === 'current' ? currentEpochAt(model, at) : model.epochCount
              const source = model.epochs.get(sourceId)
              const allocation = source?.allocations.get(account)
              const amount = allocation === undefined ? 1n : allocation + (step.inflate ? 1n : 0n)
              const proof = source && allocation !== undefined ? source.tree.proofOf(account) : []
              const outcome = model.paused
                ? { error: 'RewardDistributorPaused' }
                : predictClaim(model.claimed, model.totalClaimed, account, amount, proof)
              predicted = outcome.error
              // The sponsor sends and pays the gas; the account in the leaf is paid (checked on balances below).
              send = () =>
                write(senders[step.sponsor] ?? actors.relayer, {
                  ...distributor,
                  functionName: 'claim',
                  args: [account, amount, proof],
                })
              apply = () => {
                model.claimed.set(account, amount)
                model.totalClaimed += outcome.paid ?? 0n
              }
              break
            }
            case 'claimMany': {
              const epoch = model.epochs.get(currentEpochAt(model, at))
              const claims = step.accounts.map((i) => {
                const account = (claimants[i] ?? actors.stranger).address
                const allocation = epoch?.allocations.get(account)
                return {
                  account,
                  cumulativeAmount: allocation ?? 1n,
                  proof: epoch && allocation !== undefined ? epoch.tree.proofOf(account) : [],
                }
              })
              const claimed = new Map(model.claimed)
              let totalClaimed = model.totalClaimed
              if (model.paused) predicted = 'RewardDistributorPaused'
              for (const claim of claims) {
                if (predicted) break
                const outcome = predictClaim(claimed, totalClaimed, claim.account, claim.cumulativeAmount, claim.proof)
                // Unlike claim, claimMany skips accounts with nothing left to claim.
                if (outcome.error && outcome.error !== 'RewardDistributorNothingToClaim') predicted = outcome.error
                else if (outcome.paid) {
                  claimed.set(claim.account, claim.cumulativeAmount)
                  totalClaimed += outcome.paid
                }
              }
              send = () =>
                write(senders[step.sponsor] ?? actors.relayer, {
                  ...distributor,
                  functionName: 'claimMany',
                  args: [claims],
                })
              apply = () => {
                model.claimed = claimed
                model.totalClaimed = totalClaimed
              }
              break
            }
          }

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
          } else if (step.kind !== 'advance') {
            outcomes.record(step.kind, 'skipped')
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
            assert.equal(nonce, nonceOf(account as Address), 'nonces agree with the model')
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
