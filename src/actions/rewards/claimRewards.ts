import type { Address, Hex } from 'viem'
import * as distributor from '../../abis/rewardDistributor.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type {
  EpochTotalExceededError,
  InvalidProofError,
  NoActiveEpochError,
  NothingToClaimError,
  ReentrantCallError,
  RewardsPausedError,
  TokenTransferFailedError,
} from '../../errors/contract.js'
import type { WaitErrorType, WriteErrorType } from '../internal/errorTypes.js'
import type { WaitForConfirmationsParameters } from '../internal/waitForConfirmations.js'
import { waitForEvents } from '../internal/waitForEvent.js'
import { simulateAndWrite } from '../internal/write.js'

export type ClaimRewardsParameters = {
  /** Who is paid. Any account may send the claim and pay its gas; the tokens always go to `account`. */
  account: Address
  cumulativeAmount: bigint
  proof: readonly Hex[]
  deployment?: LedgerDeployment
}
/** The transaction's hash. */
export type ClaimRewardsReturnType = Hex
export type ClaimRewardsErrorType =
  | WriteErrorType
  | RewardsPausedError
  | NoActiveEpochError
  | InvalidProofError
  | NothingToClaimError
  | EpochTotalExceededError
  | ReentrantCallError
  | TokenTransferFailedError

/**
 * Claims `account`'s rewards, paid by the client's account (a platform can sponsor its contributors).
 * Returns the transaction hash.
 *
 * @example
 * const { cumulativeAmount, proof } = await getClaimable(client, { account, rewardTree })
 * const hash = await claimRewards(walletClient, { account, cumulativeAmount, proof })
 * const { amount } = await waitForClaim(client, hash)
 */
export async function claimRewards(
  client: LedgerClient,
  { account, cumulativeAmount, proof, deployment }: ClaimRewardsParameters,
): Promise<ClaimRewardsReturnType> {
  return simulateAndWrite(client, {
    address: resolveDeployment(client, deployment).distributor,
    abi: [distributor.claim, ...distributor.rewardDistributorErrors],
    functionName: 'claim',
    args: [account, cumulativeAmount, proof],
  })
}

export type WaitForClaimParameters = Pick<WaitForConfirmationsParameters, 'confirmations' | 'onProgress'>
/** What a confirmed claim paid. */
export type WaitForClaimReturnType = {
  /** The claim's transaction: a sped-up transaction's replacement, when the wallet replaced it. */
  hash: Hex
  blockNumber: bigint
  /** Who was paid. */
  account: Address
  /** Who sent the claim and paid its gas. */
  caller: Address
  /** The epoch whose root the claim was proven against. */
  epochId: number
  /** What this claim paid, in the token's smallest unit. */
  amount: bigint
  /** Everything `account` has claimed so far, this claim included. */
  cumulativeClaimed: bigint
}
export type WaitForClaimErrorType = WaitErrorType

/**
 * The claim a sent transaction made, once it is `confirmations` blocks deep (1 by default). `onProgress` hears each
 * confirmation, and when a reorganisation sends the transaction back to pending; a claim the reorganised network
 * dropped throws `TransactionDroppedError`, and a mined revert `TransactionRevertedError`.
 *
 * @example
 * const hash = await claimRewards(walletClient, { account, cumulativeAmount, proof })
 * const { amount, epochId } = await waitForClaim(client, hash, {
 *   confirmations: 3,
 *   onProgress: (progress) => console.log(progress.status),
 * })
 */
export async function waitForClaim(
  client: LedgerClient,
  hash: Hex,
  { confirmations = 1, onProgress }: WaitForClaimParameters = {},
): Promise<WaitForClaimReturnType> {
  const { receipt, first } = await waitForEvents(client, {
    hash,
    confirmations,
    onProgress,
    abi: [distributor.Claimed],
    eventName: 'Claimed',
  })
  const { account, caller, epochId, amount, cumulativeClaimed } = first.args
  return {
    hash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
    account,
    caller,
    epochId,
    amount,
    cumulativeClaimed,
  }
}

export type ClaimRewardsAndWaitParameters = ClaimRewardsParameters
export type ClaimRewardsAndWaitReturnType = WaitForClaimReturnType
export type ClaimRewardsAndWaitErrorType = ClaimRewardsErrorType | WaitForClaimErrorType

/**
 * Claims and waits for one confirmation: returns what was paid and the account's new claimed total.
 *
 * @example
 * const { amount } = await claimRewardsAndWait(walletClient, { account, cumulativeAmount, proof })
 */
export async function claimRewardsAndWait(
  client: LedgerClient,
  parameters: ClaimRewardsAndWaitParameters,
): Promise<ClaimRewardsAndWaitReturnType> {
  return waitForClaim(client, await claimRewards(client, parameters))
}
