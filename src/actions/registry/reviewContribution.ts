import type { Address, Hex } from 'viem'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { ContributionNotFoundError, ContributionNotPendingError, NotCuratorError } from '../../errors/contract.js'
import type { WaitErrorType, WriteErrorType } from '../internal/errorTypes.js'
import { waitForEvents } from '../internal/waitForEvent.js'
import { simulateAndWrite } from '../internal/write.js'

export type ReviewContributionParameters = {
  contentHash: Hex
  decision: 'accept' | 'reject'
  deployment?: LedgerDeployment
}
/** The transaction's hash. */
export type ReviewContributionReturnType = Hex
export type ReviewContributionErrorType =
  | WriteErrorType
  | ContributionNotFoundError
  | NotCuratorError
  | ContributionNotPendingError

export type ReviewContributionAndWaitParameters = ReviewContributionParameters
export type ReviewContributionAndWaitReturnType = {
  hash: Hex
  contentHash: Hex
  curator: Address
  status: 'accepted' | 'rejected'
}
export type ReviewContributionAndWaitErrorType = ReviewContributionErrorType | WaitErrorType

/**
 * A curator accepts or rejects a pending contribution of a curated datanet. Returns the transaction hash.
 *
 * @example
 * await reviewContribution(curatorClient, { contentHash, decision: 'accept' })
 */
export async function reviewContribution(
  client: LedgerClient,
  { contentHash, decision, deployment }: ReviewContributionParameters,
): Promise<ReviewContributionReturnType> {
  return simulateAndWrite(client, {
    address: resolveDeployment(client, deployment).registry,
    abi: [registry.reviewContribution, ...registry.contributionRegistryErrors],
    functionName: 'reviewContribution',
    args: [contentHash, decision === 'accept'],
  })
}

/**
 * Reviews a contribution and waits: returns the new status and the curator.
 *
 * @example
 * const { status } = await reviewContributionAndWait(curatorClient, { contentHash, decision: 'reject' })
 */
export async function reviewContributionAndWait(
  client: LedgerClient,
  parameters: ReviewContributionAndWaitParameters,
): Promise<ReviewContributionAndWaitReturnType> {
  const hash = await reviewContribution(client, parameters)
  const { first } = await waitForEvents(client, {
    hash,
    abi: [registry.ContributionReviewed],
    eventName: 'ContributionReviewed',
  })
  return {
    hash,
    contentHash: first.args.contentHash,
    curator: first.args.curator,
    status: first.args.status === 2 ? ('accepted' as const) : ('rejected' as const),
  }
}
