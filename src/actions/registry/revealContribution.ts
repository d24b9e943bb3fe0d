import type { Hex } from 'viem'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { Registration } from '../../registry/contribution.js'
import { simulateAndWrite } from '../internal/write.js'
import { waitForRegistrations } from './registerContribution.js'

export type RevealContributionParameters = Registration & { salt: Hex; deployment?: LedgerDeployment }

/**
 * Registers content against the client account's earlier commitment. Returns the transaction hash.
 *
 * @example
 * await revealContribution(walletClient, { ...registration, salt })
 */
export async function revealContribution(
  client: LedgerClient,
  { salt, deployment, ...registration }: RevealContributionParameters,
): Promise<Hex> {
  return simulateAndWrite(client, {
    address: resolveDeployment(client, deployment).registry,
    abi: [registry.reveal, ...registry.contributionRegistryErrors],
    functionName: 'reveal',
    args: [registration, salt],
  })
}

/**
 * Reveals a committed contribution and waits: returns its registration event.
 *
 * @example
 * const { contributor } = await revealContributionAndWait(walletClient, { ...registration, salt })
 */
export async function revealContributionAndWait(client: LedgerClient, parameters: RevealContributionParameters) {
  const [registered] = await waitForRegistrations(client, await revealContribution(client, parameters))
  return registered as NonNullable<typeof registered>
}
