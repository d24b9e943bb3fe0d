import type { Address, Hex } from 'viem'
import * as distributor from '../../abis/rewardDistributor.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import { waitForEvents } from '../internal/waitForEvent.js'
import { simulateAndWrite } from '../internal/write.js'

export type ClaimRewardsParameters = {
  /** Who is paid. Any account may send the claim and pay its gas; the tokens always go to `account`. */
  account: Address
  cumulativeAmount: bigint
  proof: readonly Hex[]
  deployment?: LedgerDeployment
}

/**
 * Claims `account`'s rewards, paid by the client's account (a platform can sponsor its contributors).
 * Returns the transaction hash.
 *
 * @example
 * const { cumulativeAmount, proof } = await getClaimable(client, { account, rewardTree })
 * await claimRewards(walletClient, { account, cumulativeAmount, proof })
 */
export async function claimRewards(
  client: LedgerClient,
  { account, cumulativeAmount, proof, deployment }: ClaimRewardsParameters,
): Promise<Hex> {
  return simulateAndWrite(client, {
    address: resolveDeployment(client, deployment).distributor,
    abi: [distributor.claim, ...distributor.rewardDistributorErrors],
    functionName: 'claim',
    args: [account, cumulativeAmount, proof],
  })
}

/**
 * Claims and waits: returns what was paid and the account's new claimed total.
 *
 * @example
 * const { amount } = await claimRewardsAndWait(walletClient, { account, cumulativeAmount, proof })
 */
export async function claimRewardsAndWait(client: LedgerClient, parameters: ClaimRewardsParameters) {
  const hash = await claimRewards(client, parameters)
  const { first } = await waitForEvents(client, { hash, abi: [distributor.Claimed], eventName: 'Claimed' })
  return { hash, ...first.args }
}
