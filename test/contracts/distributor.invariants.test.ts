import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { type Address, BaseError, ContractFunctionRevertedError } from 'viem'
import { ledgerRewardTokenAbi } from '../../src/abis/index.js'
import { distributorOf, rewardTree } from './distributor.helpers.js'
import { actors, disputePeriod, loadFixture, mineAfter, publicClient, write } from './fixture.js'

const runs = Number(process.env.FC_RUNS ?? 200)
const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)
const accounts = [actors.alice, actors.bob, actors.carol]
const sponsors = [actors.alice, actors.stranger, actors.relayer]

type Command =
  | { kind: 'fund'; amount: bigint }
  | { kind: 'propose'; increments: bigint[] }
  | { kind: 'advance'; seconds: number }
  | { kind: 'revoke' }
  | { kind: 'claim'; account: number; sponsor: number }
  | { kind: 'claimMany'; accounts: number[] }
  | { kind: 'pause' }
  | { kind: 'unpause' }

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('fund' as const), amount: fc.bigInt({ min: 1n, max: 10_000n }) }),
  fc.record({
    kind: fc.constant('propose' as const),
    increments: fc.array(fc.bigInt({ min: 0n, max: 1_000n }), { minLength: 3, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('advance' as const), seconds: fc.constantFrom(1, disputePeriod / 2, disputePeriod) }),
  fc.constant({ kind: 'revoke' as const }),
  fc.record({ kind: fc.constant('claim' as const), account: fc.nat(2), sponsor: fc.nat(2) }),
  fc.record({
    kind: fc.constant('claimMany' as const),
    accounts: fc.uniqueArray(fc.nat(2), { minLength: 1, maxLength: 3 }),
  }),
  fc.constant({ kind: 'pause' as const }),
  fc.constant({ kind: 'unpause' as const }),
)

/** Reverts these sequences may legitimately hit; anything else fails the property. */
const expectedReverts = new Set([
  'RewardDistributorInsufficientFunding',
  'RewardDistributorEpochPending',
  'RewardDistributorEpochNotPending',
  'RewardDistributorNoActiveEpoch',
  'RewardDistributorNothingToClaim',
  'RewardDistributorPaused',
  'RewardDistributorNotPaused',
])

/** How many writes succeeded and reverted as expected, logged so a vacuous run would show. */
const outcomes = { succeeded: 0, reverted: 0 }

async function tolerate(action: Promise<unknown>) {
  try {
    await action
    outcomes.succeeded++
  } catch (error) {
    const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null
    const name = reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : undefined
    if (!name || !expectedReverts.has(name)) throw error
    outcomes.reverted++
  }
}

describe('RewardDistributor: invariants under random fund, propose, accept, revoke, pause and claim sequences', () => {
  it(`holds Σclaimed ≤ Σfunded, monotone claims and balance = funded − claimed (${runs} runs, seed ${seed})`, async () => {
    console.log(`fast-check seed ${seed} (replay with FC_SEED=${seed})`)
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 14 }), async (commands) => {
        const ledger = await loadFixture()
        const rewards = distributorOf(ledger.distributor, ledger.rewardToken)
        const read = <T>(functionName: string, args: unknown[] = []) =>
          publicClient.readContract({ ...rewards.contract, functionName, args } as never) as Promise<T>
        const epochs = new Map<number, { allocations: bigint[]; tree: ReturnType<typeof rewardTree> }>()
        const revoked = new Set<number>()
        let lastClaimed = accounts.map(() => 0n)

        const latestAllocations = () => {
          const live = [...epochs.keys()].filter((id) => !revoked.has(id))
          return live.length ? (epochs.get(Math.max(...live))?.allocations ?? []) : accounts.map(() => 0n)
        }
        const treeOf = (allocations: bigint[]) =>
          rewardTree(accounts.map((account, i) => ({ account: account.address, amount: allocations[i] ?? 0n })))
        const current = async () => epochs.get(await read<number>('currentEpochId'))

        for (const step of commands) {
          switch (step.kind) {
            case 'fund':
              await rewards.fund(step.amount, actors.carol)
              break
            case 'propose': {
              const allocations = latestAllocations().map((amount, i) => amount + (step.increments[i] ?? 0n))
              const tree = treeOf(allocations)
              const epochId = (await read<number>('epochCount')) + 1
              await tolerate(
                rewards.propose(tree.root, tree.total).then(() => epochs.set(epochId, { allocations, tree })),
              )
              break
            }
            case 'advance':
              await mineAfter(step.seconds)
              break
            case 'revoke': {
              const pending = await read<number>('pendingEpochId')
              await tolerate(
                write(actors.guardian, { ...rewards.contract, functionName: 'revokeEpoch', args: [pending] }).then(() =>
                  revoked.add(pending),
                ),
              )
              break
            }
            case 'claim': {
              const epoch = await current()
              const account = accounts[step.account]?.address as Address
              const amount = epoch?.allocations[step.account] ?? 0n
              const proof = epoch ? epoch.tree.proofOf(account) : []
              await tolerate(
                write(sponsors[step.sponsor] ?? actors.stranger, {
                  ...rewards.contract,
                  functionName: 'claim',
                  args: [account, amount, proof],
                }),
              )
              break
            }
            case 'claimMany': {
              const epoch = await current()
              const claims = step.accounts.map((i) => {
                const account = accounts[i]?.address as Address
                return {
                  account,
                  cumulativeAmount: epoch?.allocations[i] ?? 0n,
                  proof: epoch ? epoch.tree.proofOf(account) : [],
                }
              })
              await tolerate(write(actors.stranger, { ...rewards.contract, functionName: 'claimMany', args: [claims] }))
              break
            }
            case 'pause':
            case 'unpause':
              await tolerate(write(actors.guardian, { ...rewards.contract, functionName: step.kind, args: [] }))
              break
          }

          const [funded, totalClaimed, balance, epoch] = await Promise.all([
            read<bigint>('totalFunded'),
            read<bigint>('totalClaimed'),
            publicClient.readContract({
              address: ledger.rewardToken,
              abi: ledgerRewardTokenAbi,
              functionName: 'balanceOf',
              args: [ledger.distributor],
            }),
            current(),
          ])
          const claimed = await Promise.all(accounts.map((a) => read<bigint>('claimed', [a.address])))
          assert.ok(totalClaimed <= funded, 'Σclaimed ≤ Σfunded')
          assert.equal(balance, funded - totalClaimed, 'the balance is funded minus claimed')
          assert.equal(
            claimed.reduce((a, b) => a + b, 0n),
            totalClaimed,
            'totalClaimed is the sum of claims',
          )
          claimed.forEach((amount, i) => {
            assert.ok(amount >= (lastClaimed[i] ?? 0n), 'claimed amounts never decrease')
            assert.ok(amount <= (epoch?.allocations[i] ?? 0n), "nobody has claimed beyond the current epoch's amount")
          })
          lastClaimed = claimed
        }
      }),
      { numRuns: runs, seed },
    )
    console.log(`writes: ${outcomes.succeeded} succeeded, ${outcomes.reverted} reverted as expected`)
  })
})
