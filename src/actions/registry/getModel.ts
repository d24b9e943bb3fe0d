import { type Address, type Hex, zeroAddress } from 'viem'
import { readContract } from 'viem/actions'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'

export type Model = { modelId: number; owner: Address; registeredAt: Date; trainingSetRoot: Hex }

/**
 * A registered model, or null when there is no model with this id.
 *
 * @example
 * const model = await getModel(client, { modelId: 1 })
 */
export async function getModel(
  client: LedgerClient,
  { modelId, deployment }: { modelId: number; deployment?: LedgerDeployment },
): Promise<Model | null> {
  const model = await readContract(client, {
    address: resolveDeployment(client, deployment).registry,
    abi: [registry.getModel],
    functionName: 'getModel',
    args: [modelId],
  })
  if (model.owner === zeroAddress) return null
  return {
    modelId,
    owner: model.owner,
    registeredAt: new Date(model.registeredAt * 1000),
    trainingSetRoot: model.trainingSetRoot,
  }
}
