import { type Address, getAddress, type Hex } from 'viem'
import { readContract } from 'viem/actions'
import * as distributor from '../../abis/rewardDistributor.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import { BaseError } from '../../errors/base.js'
import { processProof, proofFromNodes } from '../../merkle/standardMerkleTree.js'
import { rewardLeaf } from '../../rewards/rewardLeaf.js'
import type { RewardTreeDump } from '../../rewards/rewardTreeDump.js'
import type { LedgerClient } from '../internal/write.js'
import { getCurrentEpochId } from './getEpoch.js'

export type GetClaimableParameters = {
  account: Address
  /** The current epoch's reward tree, or where to fetch it (its `standard-v1` JSON). */
  rewardTree: RewardTreeDump | string | ((epochId: number) => Promise<RewardTreeDump>)
  fetch?: typeof globalThis.fetch
  deployment?: LedgerDeployment
}

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

async function loadTree(rewardTree: GetClaimableParameters['rewardTree'], epochId: number, fetchFn: typeof fetch) {
  const source = typeof rewardTree === 'string' ? rewardTree : 'the given reward tree'
  let dump: unknown
  try {
    if (typeof rewardTree === 'function') dump = await rewardTree(epochId)
    else if (typeof rewardTree !== 'string') dump = rewardTree
    else {
      const response = await fetchFn(rewardTree)
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      dump = await response.json()
    }
  } catch (error) {
    throw new RewardTreeUnavailableError(source, error)
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
 *   rewardTree: 'https://rewards.example/epoch-3/tree.json',
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

  const [epoch, dump] = await Promise.all([
    readContract(client, { address, abi: [distributor.getEpoch], functionName: 'getEpoch', args: [epochId] }),
    loadTree(rewardTree, epochId, fetchFn),
  ])
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
