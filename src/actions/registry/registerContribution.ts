import type { Hex } from 'viem'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { Registration } from '../../registry/contribution.js'
import type { WaitForConfirmationsParameters } from '../internal/waitForConfirmations.js'
import { waitForEvents } from '../internal/waitForEvent.js'
import { simulateAndWrite } from '../internal/write.js'

export type RegisterContributionParameters = Registration & { deployment?: LedgerDeployment }

/**
 * Registers content for the client's account and returns the transaction hash. A duplicate fails before anything is
 * signed, with `ContributionAlreadyRegisteredError` naming who registered it and when.
 *
 * @example
 * const hash = await registerContribution(walletClient, {
 *   datanetId: 1,
 *   contentHash: await hashContent(file),
 *   metadataHash: metadataHash(metadata),
 *   metadataURI: metadataToDataURI(metadata),
 * })
 */
export async function registerContribution(
  client: LedgerClient,
  { deployment, ...registration }: RegisterContributionParameters,
): Promise<Hex> {
  return simulateAndWrite(client, {
    address: resolveDeployment(client, deployment).registry,
    abi: [registry.register, ...registry.contributionRegistryErrors],
    functionName: 'register',
    args: [registration],
  })
}

/**
 * Registers content and waits: returns the registered contribution's event (contributor, datanet, status).
 *
 * @example
 * const { status } = await registerContributionAndWait(walletClient, registration) // 'accepted' or 'pending'
 */
export async function registerContributionAndWait(client: LedgerClient, parameters: RegisterContributionParameters) {
  const hash = await registerContribution(client, parameters)
  const [registered] = await waitForRegistrations(client, hash)
  return registered as NonNullable<typeof registered>
}

const statuses = ['pending', 'pending', 'accepted', 'rejected'] as const

/**
 * The contributions a mined transaction registered, in order, once it has `confirmations` blocks (1 by default).
 * `onProgress` hears each confirmation, and when a reorganisation sends the transaction back to pending.
 */
export async function waitForRegistrations(
  client: LedgerClient,
  hash: Hex,
  { confirmations = 1, onProgress }: Pick<WaitForConfirmationsParameters, 'confirmations' | 'onProgress'> = {},
) {
  const { events } = await waitForEvents(client, {
    hash,
    confirmations,
    onProgress,
    abi: [registry.ContributionRegistered],
    eventName: 'ContributionRegistered',
  })
  return events.map(({ args, blockNumber }) => ({
    hash,
    blockNumber,
    contentHash: args.contentHash,
    contributor: args.contributor,
    datanetId: args.datanetId,
    metadataHash: args.metadataHash,
    metadataURI: args.metadataURI,
    status: statuses[args.status] ?? 'pending',
  }))
}
