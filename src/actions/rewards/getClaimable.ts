import { type Address, getAddress, type Hex } from 'viem'
import { readContract } from 'viem/actions'
import * as distributor from '../../abis/rewardDistributor.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import { BaseError } from '../../errors/base.js'
import { processProof, proofFromNodes } from '../../merkle/standardMerkleTree.js'
import { rewardLeaf } from '../../rewards/rewardLeaf.js'
import { claimFromShard, loadRewardShard, type RewardShardManifest, shardPathFor } from '../../rewards/rewardShard.js'
import type { RewardTreeDump } from '../../rewards/rewardTreeDump.js'
import type { LedgerClient } from '../internal/write.js'
import { getCurrentEpochId } from './getEpoch.js'

export type GetClaimableParameters = {
  account: Address
  fetch?: typeof globalThis.fetch
  deployment?: LedgerDeployment
} & (
  | {
      /** The current epoch's reward tree, or where to fetch it (its `standard-v1` JSON). */
      rewardTree: RewardTreeDump | string | ((epochId: number) => Promise<RewardTreeDump>)
      rewardShards?: never
    }
  | {
      /** Where the current epoch's shard index (`shards.json`) is: only the account's own shard is downloaded. */
      rewardShards: string
      rewardTree?: never
    }
)

export type Claimable = {
  /** The epoch the amounts come from; 0 when no epoch is claimable yet. */
  epochId: number
  account: Address
  /** Everything the account has earned up to this epoch. */
  cumulativeAmount: bigint
  /** What it already claimed. */
  claimed: bigint
  /** What a claim pays now. */
  claimable: bigint
  /** The proof to pass to `claimRewards`; empty when the account is not in the tree. */
  proof: Hex[]
}

/** The reward file does not belong to the epoch that is claimable on-chain (stale, tampered or for another chain). */
export class RewardTreeMismatchError extends BaseError {
  override name = 'RewardTreeMismatchError' as const
  readonly epochId: number
  constructor(epochId: number, details: string) {
    super(`The reward file does not match epoch ${epochId} on-chain, so no amount from it can be trusted.`, { details })
    this.epochId = epochId
  }
}

/** The reward file could not be fetched or read. */
export class RewardTreeUnavailableError extends BaseError {
  override name = 'RewardTreeUnavailableError' as const
  constructor(source: string, cause?: unknown) {
    super(`The reward file at ${source} could not be loaded. Check your connection and try again.`, { cause })
  }
}

const isRewardTreeDump = (value: unknown): value is RewardTreeDump => {
  const dump = value as Partial<RewardTreeDump> | null
  return dump?.format === 'standard-v1' && Array.isArray(dump.tree) && Array.isArray(dump.values)
}

async function fetchJson(url: string, fetchFn: typeof fetch): Promise<unknown> {
  try {
    const response = await fetchFn(url)
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    return await response.json()
  } catch (error) {
    throw new RewardTreeUnavailableError(url, error)
  }
}

/** The account's entry from its shard alone, checked against the shard's root. */
async function claimFromShards(indexURL: string, account: Address, fetchFn: typeof fetch) {
  const index = (await fetchJson(indexURL, fetchFn)) as Partial<RewardShardManifest> | null
  if (index?.format !== 'reward-shards-v1' || typeof index.prefixLength !== 'number') {
    throw new RewardTreeUnavailableError(indexURL, new Error('not a reward-shards-v1 index'))
  }
  const shardURL = new URL(shardPathFor(account, index.prefixLength), indexURL).href
  const shard = loadRewardShard(await fetchJson(shardURL, fetchFn))
  return { root: shard.root, claim: claimFromShard(shard, account) }
}

async function loadTree(
  rewardTree: RewardTreeDump | string | ((epochId: number) => Promise<RewardTreeDump>),
  epochId: number,
  fetchFn: typeof fetch,
) {
  const source = typeof rewardTree === 'string' ? rewardTree : 'the given reward tree'
  let dump: unknown
  if (typeof rewardTree === 'string') dump = await fetchJson(rewardTree, fetchFn)
  else if (typeof rewardTree !== 'function') dump = rewardTree
  else {
    try {
      dump = await rewardTree(epochId)
    } catch (error) {
      throw new RewardTreeUnavailableError(source, error)
    }
  }
  if (!isRewardTreeDump(dump)) {
    throw new RewardTreeUnavailableError(source, new Error('not an OpenZeppelin standard-v1 reward tree'))
  }
  return dump
}

/**
 * What `account` can claim now: reads the claimable epoch, finds the account in its reward file, checks the proof
 * against the on-chain root (a wrong or stale file throws `RewardTreeMismatchError`), and subtracts what was claimed.
 *
 * @example
 * const { claimable, cumulativeAmount, proof } = await getClaimable(client, {
 *   account,
 *   rewardShards: 'https://rewards.example/epoch-3/shards.json', // downloads one small shard
 * })
 */
export async function getClaimable(client: LedgerClient, parameters: GetClaimableParameters): Promise<Claimable> {
  const { rewardTree, fetch: fetchFn = globalThis.fetch, deployment } = parameters
  const account = getAddress(parameters.account)
  const resolved = resolveDeployment(client, deployment)
  const address = resolved.distributor
  const [epochId, claimed] = await Promise.all([
    getCurrentEpochId(client, { deployment: resolved }),
    readContract(client, { address, abi: [distributor.claimed], functionName: 'claimed', args: [account] }),
  ])
  const nothing = { epochId, account, cumulativeAmount: 0n, claimed, claimable: 0n, proof: [] }
  if (epochId === 0) return nothing

  const epoch = await readContract(client, {
    address,
    abi: [distributor.getEpoch],
    functionName: 'getEpoch',
    args: [epochId],
  })
  if (parameters.rewardShards !== undefined) {
    const { root, claim } = await claimFromShards(parameters.rewardShards, account, fetchFn)
    if (root.toLowerCase() !== epoch.root.toLowerCase()) {
      throw new RewardTreeMismatchError(epochId, `shard root ${root}, on-chain root ${epoch.root}`)
    }
    if (!claim) return nothing
    const claimable = claim.cumulativeAmount > claimed ? claim.cumulativeAmount - claimed : 0n
    return { epochId, account, cumulativeAmount: claim.cumulativeAmount, claimed, claimable, proof: claim.proof }
  }
  const dump = await loadTree(rewardTree as NonNullable<typeof rewardTree>, epochId, fetchFn)
  if (dump.tree[0]?.toLowerCase() !== epoch.root.toLowerCase()) {
    throw new RewardTreeMismatchError(epochId, `file root ${dump.tree[0]}, on-chain root ${epoch.root}`)
  }
  const entry = dump.values.find(({ value }) => value[0].toLowerCase() === account.toLowerCase())
  if (!entry) return nothing
  const cumulativeAmount = BigInt(entry.value[1])
  const proof = proofFromNodes(dump.tree, entry.treeIndex)
  if (processProof(rewardLeaf(account, cumulativeAmount), proof).toLowerCase() !== epoch.root.toLowerCase()) {
    throw new RewardTreeMismatchError(epochId, `the proof of ${account} does not lead to the on-chain root`)
  }
  const claimable = cumulativeAmount > claimed ? cumulativeAmount - claimed : 0n
  return { epochId, account, cumulativeAmount, claimed, claimable, proof }
}
