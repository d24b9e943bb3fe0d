import type { Address, Hex } from 'viem'
import * as distributor from '../../abis/rewardDistributor.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import { waitForEvents } from '../internal/waitForEvent.js'
import { simulateAndWrite } from '../internal/write.js'

export type ClaimManyRewardsParameters = {
  claims: readonly { account: Address; cumulativeAmount: bigint; proof: readonly Hex[] }[]
  deployment?: LedgerDeployment
}

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
): Promise<Hex> {
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
export async function claimManyRewardsAndWait(client: LedgerClient, parameters: ClaimManyRewardsParameters) {
  const hash = await claimManyRewards(client, parameters)
  const { events } = await waitForEvents(client, {
    hash,
    abi: [distributor.Claimed],
    eventName: 'Claimed',
    required: false,
  })
  return events.map(({ args }) => ({ hash, ...args }))
}
