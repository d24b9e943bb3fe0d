import { type Address, type Hex, type ReadContractErrorType, zeroAddress } from 'viem'
import { readContract } from 'viem/actions'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'

export type Model = { modelId: number; owner: Address; registeredAt: Date; trainingSetRoot: Hex }

export type GetModelParameters = { modelId: number; deployment?: LedgerDeployment }
/** Null when there is no model with this id. */
export type GetModelReturnType = Model | null
export type GetModelErrorType = DeploymentErrorType | ReadContractErrorType

/**
 * A registered model, or null when there is no model with this id.
 *
 * @example
 * const model = await getModel(client, { modelId: 1 })
 */
export async function getModel(
  client: LedgerClient,
  { modelId, deployment }: GetModelParameters,
): Promise<GetModelReturnType> {
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
