import type { Address, Hex } from 'viem'
import * as distributor from '../../abis/rewardDistributor.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type {
  EpochTotalExceededError,
  InvalidProofError,
  NoActiveEpochError,
  ReentrantCallError,
  RewardsPausedError,
  TokenTransferFailedError,
} from '../../errors/contract.js'
import type { WaitErrorType, WriteErrorType } from '../internal/errorTypes.js'
import { waitForEvents } from '../internal/waitForEvent.js'
import { simulateAndWrite } from '../internal/write.js'

export type ClaimManyRewardsParameters = {
  claims: readonly { account: Address; cumulativeAmount: bigint; proof: readonly Hex[] }[]
  deployment?: LedgerDeployment
}
/** The transaction's hash. */
export type ClaimManyRewardsReturnType = Hex
export type ClaimManyRewardsErrorType =
  | WriteErrorType
  | RewardsPausedError
  | NoActiveEpochError
  | InvalidProofError
  | EpochTotalExceededError
  | ReentrantCallError
  | TokenTransferFailedError

export type ClaimManyRewardsAndWaitParameters = ClaimManyRewardsParameters
/** One payment per account that was paid, in the order of `claims`. */
export type ClaimManyRewardsAndWaitReturnType = {
  hash: Hex
  account: Address
  caller: Address
  epochId: number
  amount: bigint
  cumulativeClaimed: bigint
}[]
export type ClaimManyRewardsAndWaitErrorType = ClaimManyRewardsErrorType | WaitErrorType

/**
 * Claims for many accounts in one transaction, paid by the client's account. Accounts with nothing left to claim
 * are skipped, so a claim sent by someone else first never sinks the batch. Returns the transaction hash.
 *
 * @example
 * await claimManyRewards(platformClient, { claims })
 */
export async function claimManyRewards(
  client: LedgerClient,
  { claims, deployment }: ClaimManyRewardsParameters,
): Promise<ClaimManyRewardsReturnType> {
  return simulateAndWrite(client, {
    address: resolveDeployment(client, deployment).distributor,
    abi: [distributor.claimMany, ...distributor.rewardDistributorErrors],
    functionName: 'claimMany',
    args: [claims],
  })
}

/**
 * Claims for many accounts and waits: returns one payment per account that was paid.
 *
 * @example
 * const paid = await claimManyRewardsAndWait(platformClient, { claims })
 */
export async function claimManyRewardsAndWait(
  client: LedgerClient,
  parameters: ClaimManyRewardsAndWaitParameters,
): Promise<ClaimManyRewardsAndWaitReturnType> {
  const hash = await claimManyRewards(client, parameters)
  const { events } = await waitForEvents(client, {
    hash,
    abi: [distributor.Claimed],
    eventName: 'Claimed',
    required: false,
  })
  return events.map(({ args }) => ({ hash, ...args }))
}
