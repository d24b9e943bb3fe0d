import { type Address, zeroAddress } from 'viem'
import { readContract } from 'viem/actions'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'

export type Datanet = { datanetId: number; owner: Address; createdAt: Date; curated: boolean; commitReveal: boolean }

/**
 * A datanet and its policy, or null when there is none with this id.
 *
 * @example
 * const datanet = await getDatanet(client, { datanetId: 1 })
 */
export async function getDatanet(
  client: LedgerClient,
  { datanetId, deployment }: { datanetId: number; deployment?: LedgerDeployment },
): Promise<Datanet | null> {
  const raw = await readContract(client, {
    address: resolveDeployment(client, deployment).registry,
    abi: [registry.getDatanet],
    functionName: 'getDatanet',
    args: [datanetId],
  })
  if (raw.owner === zeroAddress) return null
  return { datanetId, ...raw, createdAt: new Date(raw.createdAt * 1000) }
}
