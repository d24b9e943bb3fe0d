import { type Address, getAddress, type Hex, type ReadContractErrorType } from 'viem'
import { readContract } from 'viem/actions'
import * as distributor from '../../abis/rewardDistributor.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import { readRewardEntry } from '../../rewards/readRewardEntry.js'
import type { InvalidRewardShardError, WrongRewardShardError } from '../../rewards/readRewardShard.js'
import { RewardTreeMismatchError, RewardTreeUnavailableError } from '../../rewards/rewardFileErrors.js'
import type { RewardTreeDump } from '../../rewards/rewardTreeDump.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'
import { getCurrentEpochId } from './getEpoch.js'

export { RewardTreeMismatchError, RewardTreeUnavailableError }

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

export type GetClaimableReturnType = Claimable

/** A reward file that could not be loaded, is malformed, or does not match the epoch's on-chain root. */
export type RewardFileErrorType =
  | RewardTreeMismatchError
  | RewardTreeUnavailableError
  | InvalidRewardShardError
  | WrongRewardShardError

export type GetClaimableErrorType = DeploymentErrorType | ReadContractErrorType | RewardFileErrorType

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
export async function getClaimable(
  client: LedgerClient,
  parameters: GetClaimableParameters,
): Promise<GetClaimableReturnType> {
  const { rewardTree, rewardShards, fetch: fetchFn = globalThis.fetch, deployment } = parameters
  const account = getAddress(parameters.account)
  const resolved = resolveDeployment(client, deployment)
  const address = resolved.distributor
  const [epochId, claimed] = await Promise.all([
    getCurrentEpochId(client, { deployment: resolved }),
    readContract(client, { address, abi: [distributor.claimed], functionName: 'claimed', args: [account] }),
  ])
  const nothing = { epochId, account, cumulativeAmount: 0n, claimed, claimable: 0n, proof: [] }
  if (epochId === 0) return nothing

  const { root } = await readContract(client, {
    address,
    abi: [distributor.getEpoch],
    functionName: 'getEpoch',
    args: [epochId],
  })
  let source: RewardTreeDump | string
  if (typeof rewardTree === 'function') {
    try {
      source = await rewardTree(epochId)
    } catch (error) {
      throw new RewardTreeUnavailableError('the given reward tree', error)
    }
  } else source = (rewardShards ?? rewardTree) as RewardTreeDump | string
  const entry = await readRewardEntry({ source, account, epochId, root, fetch: fetchFn })
  if (!entry) return nothing
  const { cumulativeAmount, proof } = entry
  const claimable = cumulativeAmount > claimed ? cumulativeAmount - claimed : 0n
  return { epochId, account, cumulativeAmount, claimed, claimable, proof }
}
