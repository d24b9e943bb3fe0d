import type { Address, Hex } from 'viem'
import {
  BaseError,
  ContractFunctionRevertedError,
  encodeAbiParameters,
  keccak256,
  maxUint256,
  toBytes,
  zeroHash,
} from 'viem'
import type { LedgerDeployment } from '../../scripts/lib/deploy.js'
import { contributionRegistryAbi, ledgerRewardTokenAbi, rewardDistributorAbi } from '../../src/abis/index.js'
import { rewardTree } from './distributor.helpers.js'
import {
  actors,
  commitWindow,
  disputePeriod,
  loadFixture,
  publicClient,
  registrationOf,
  sha256,
  testClient,
  write,
} from './fixture.js'

/** Datanets of the base state, by id: all owned by `actors.owner`; `actors.curator` curates the curated ones. */
export const datanets: Record<number, { curated: boolean; commitReveal: boolean } | undefined> = {
  1: { curated: false, commitReveal: false },
  2: { curated: true, commitReveal: false },
  3: { curated: false, commitReveal: true },
  4: { curated: true, commitReveal: true },
}
/** What the base state has funded, from the owner, who also holds an approved stock of tokens for `fund`. */
export const initialFunding = 3_000n
/**
 * Contents the base state registered: alice's and bob's in the open datanet, rewarded in its active epoch 1, and
 * carol's in the curated one, pending review.
 */
export const baseContributions = [
  { contributor: actors.alice, content: 'seeded by alice', datanetId: 1, reward: 600n },
  { contributor: actors.bob, content: 'seeded by bob', datanetId: 1, reward: 400n },
  { contributor: actors.carol, content: 'seeded by carol', datanetId: 2, reward: 0n },
]
const baseTree = rewardTree(
  baseContributions.filter((c) => c.reward > 0n).map((c) => ({ account: c.contributor.address, amount: c.reward })),
)
/** Two salts that get committed and one that never does. */
export const salts = ['salt-0', 'salt-1', 'never-committed'].map((salt) => keccak256(toBytes(salt)))
/** Commitments the base state made (by content and salt index), so that reveals are possible from the start. */
export const baseCommitments = [
  { committer: actors.alice, content: 'prompt', salt: 0 },
  { committer: actors.carol, content: 'dataset', salt: 1 },
]

export const { minCommitAge, maxCommitAge } = commitWindow
export { disputePeriod }

export enum Status {
  None = 0,
  Pending = 1,
  Accepted = 2,
  Rejected = 3,
}

export type ModelContribution = {
  contributor: Address
  datanetId: number
  registeredAt: number
  status: Status
  metadataHash: Hex
}

export type ModelEpoch = {
  root: Hex
  total: bigint
  allocations: Map<Address, bigint>
  tree: ReturnType<typeof rewardTree>
  revoked: boolean
}

/** Everything both contracts hold that the property reasons about, kept in TypeScript alongside the chain. */
export type Model = {
  /** The latest block's timestamp: every block of a sequence has an explicit one, so nothing depends on the clock. */
  now: number
  contributions: Map<Hex, ModelContribution>
  nonces: Map<Address, bigint>
  commitments: Map<Hex, number>
  /** Signatures that registerBySig accepted: none may ever be accepted again. */
  usedSignatures: Set<Hex>
  funded: bigint
  totalClaimed: bigint
  claimed: Map<Address, bigint>
  paused: boolean
  epochCount: number
  activeEpochId: number
  pendingEpochId: number
  pendingActiveAt: number
  epochs: Map<number, ModelEpoch>
}

export const commitmentOf = (contributor: Address, contentHash: Hex, salt: Hex) =>
  keccak256(
    encodeAbiParameters(
      [{ type: 'address' }, { type: 'bytes32' }, { type: 'bytes32' }],
      [contributor, contentHash, salt],
    ),
  )

/** The epoch whose root claims are checked against at timestamp `at` (RewardDistributor.currentEpochId). */
export function currentEpochAt(model: Model, at: number) {
  return model.pendingEpochId !== 0 && at >= model.pendingActiveAt ? model.pendingEpochId : model.activeEpochId
}

/** The custom error a write reverted with, or undefined when it reverted some other way. */
export function revertName(error: unknown) {
  const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null
  return reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : undefined
}

/** Sets the timestamp of the next block, so that a transaction's block time is known before it is sent. */
export const setNextTimestamp = (timestamp: number) =>
  testClient.setNextBlockTimestamp({ timestamp: BigInt(timestamp) })

/** Mines one empty block at exactly `timestamp`. */
export async function mineAt(timestamp: number) {
  await setNextTimestamp(timestamp)
  await testClient.mine({ blocks: 1 })
}

type Base = {
  snapshot: Hex
  deployment: LedgerDeployment
  timestamp: number
  registeredAt: number[]
  committedAt: number[]
}
let base: Base | undefined

/**
 * The deployed ledger with the base state of the cross-contract property: four datanets (open, curated,
 * commit-reveal, curated commit-reveal), a curator, an initial funding, the owner's approved stock of tokens, and
 * two registered contributions rewarded in an accepted epoch (so that claims are possible from the first command).
 * Built once on top of {@link loadFixture}; every later call reverts the chain to it, so each sequence starts from
 * the same state. Resolves with the deployment and the model of that state.
 */
export async function loadLedgerBase(): Promise<{ deployment: LedgerDeployment; model: Model }> {
  if (!base) base = await buildBase()
  else {
    await testClient.revert({ id: base.snapshot })
    base.snapshot = await testClient.snapshot()
  }
  return { deployment: base.deployment, model: baseModel(base) }
}

async function buildBase(): Promise<Base> {
  const deployment = await loadFixture()
  const registry = { address: deployment.registry, abi: contributionRegistryAbi } as const
  for (const [id, policy] of Object.entries(datanets)) {
    if (!policy) continue
    await write(actors.owner, { ...registry, functionName: 'createDatanet', args: [`data:,datanet-${id}`, policy] })
    if (policy.curated) {
      await write(actors.owner, {
        ...registry,
        functionName: 'setCurator',
        args: [Number(id), actors.curator.address, true],
      })
    }
  }
  const token = { address: deployment.rewardToken, abi: ledgerRewardTokenAbi } as const
  await write(actors.owner, { ...token, functionName: 'mint', args: [actors.owner.address, 10n ** 30n] })
  await write(actors.owner, { ...token, functionName: 'approve', args: [deployment.distributor, maxUint256] })
  await write(actors.owner, {
    address: deployment.distributor,
    abi: rewardDistributorAbi,
    functionName: 'fund',
    args: [initialFunding],
  })
  const registeredAt: number[] = []
  const timeOf = async ({ blockNumber }: { blockNumber: bigint }) =>
    Number((await publicClient.getBlock({ blockNumber })).timestamp)
  for (const { contributor, content, datanetId } of baseContributions) {
    const receipt = await write(contributor, {
      ...registry,
      functionName: 'register',
      args: [registrationOf(datanetId, content)],
    })
    registeredAt.push(await timeOf(receipt))
  }
  const distributor = { address: deployment.distributor, abi: rewardDistributorAbi } as const
  await write(actors.attributor, {
    ...distributor,
    functionName: 'proposeEpoch',
    args: [baseTree.root, baseTree.total, zeroHash, 'data:,base'],
  })
  await mineAt(Number((await publicClient.getBlock()).timestamp) + disputePeriod)
  await write(actors.stranger, { ...distributor, functionName: 'acceptEpoch', args: [] })
  const committedAt: number[] = []
  for (const { committer, content, salt } of baseCommitments) {
    const commitment = commitmentOf(committer.address, sha256(content), salts[salt] ?? zeroHash)
    committedAt.push(await timeOf(await write(committer, { ...registry, functionName: 'commit', args: [commitment] })))
  }
  const timestamp = Number((await publicClient.getBlock()).timestamp)
  return { snapshot: await testClient.snapshot(), deployment, timestamp, registeredAt, committedAt }
}

/** A fresh model of the base state. */
function baseModel({ timestamp, registeredAt, committedAt }: Base): Model {
  return {
    now: timestamp,
    contributions: new Map(
      baseContributions.map(({ contributor, content, datanetId }, i) => {
        const { contentHash, metadataHash } = registrationOf(datanetId, content)
        const status = datanets[datanetId]?.curated ? Status.Pending : Status.Accepted
        const registered = { contributor: contributor.address, datanetId, status, metadataHash }
        return [contentHash, { ...registered, registeredAt: registeredAt[i] ?? 0 }]
      }),
    ),
    nonces: new Map(),
    commitments: new Map(
      baseCommitments.map(({ committer, content, salt }, i) => [
        commitmentOf(committer.address, sha256(content), salts[salt] ?? zeroHash),
        committedAt[i] ?? 0,
      ]),
    ),
    usedSignatures: new Set(),
    funded: initialFunding,
    totalClaimed: 0n,
    claimed: new Map(),
    paused: false,
    epochCount: 1,
    activeEpochId: 1,
    pendingEpochId: 0,
    pendingActiveAt: 0,
    epochs: new Map([
      [
        1,
        {
          root: baseTree.root,
          total: baseTree.total,
          allocations: new Map(
            baseContributions.filter((c) => c.reward > 0n).map((c) => [c.contributor.address, c.reward]),
          ),
          tree: baseTree,
          revoked: false,
        },
      ],
    ]),
  }
}

/** Counts of what the writes of all sequences did, logged so that a vacuous run would show. */
export class Outcomes {
  readonly byCommand = new Map<string, Map<string, number>>()
  succeeded = 0
  reverted = 0
  skipped = 0

  record(kind: string, outcome: string) {
    if (outcome === 'success') this.succeeded++
    else if (outcome === 'skipped') this.skipped++
    else this.reverted++
    const counts = this.byCommand.get(kind) ?? new Map<string, number>()
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1)
    this.byCommand.set(kind, counts)
  }

  toString() {
    const lines = [...this.byCommand].map(
      ([kind, counts]) =>
        `  ${kind}: ${[...counts]
          .sort((a, b) => b[1] - a[1])
          .map(([outcome, n]) => `${outcome.replace(/^(ContributionRegistry|RewardDistributor)/, '')} ${n}`)
          .join(', ')}`,
    )
    return [
      `writes: ${this.succeeded} succeeded, ${this.reverted} reverted as expected (${this.skipped} skipped)`,
      ...lines,
    ].join('\n')
  }
}
