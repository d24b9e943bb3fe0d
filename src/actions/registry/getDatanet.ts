import { type Address, type ReadContractErrorType, zeroAddress } from 'viem'
import { readContract } from 'viem/actions'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'

export type Datanet = { datanetId: number; owner: Address; createdAt: Date; curated: boolean; commitReveal: boolean }

export type GetDatanetParameters = { datanetId: number; deployment?: LedgerDeployment }
/** Null when there is no datanet with this id. */
export type GetDatanetReturnType = Datanet | null
export type GetDatanetErrorType = DeploymentErrorType | ReadContractErrorType

/**
 * A datanet and its policy, or null when there is none with this id.
 *
 * @example
 * const datanet = await getDatanet(client, { datanetId: 1 })
 */
export async function getDatanet(
  client: LedgerClient,
  { datanetId, deployment }: GetDatanetParameters,
): Promise<GetDatanetReturnType> {
  const raw = await readContract(client, {
    address: resolveDeployment(client, deployment).registry,
    abi: [registry.getDatanet],
    functionName: 'getDatanet',
    args: [datanetId],
  })
  if (raw.owner === zeroAddress) return null
  return { datanetId, ...raw, createdAt: new Date(raw.createdAt * 1000) }
}
