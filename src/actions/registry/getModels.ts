import type { Address, GetLogsErrorType, Hex } from 'viem'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'
import { getLogsInRanges } from '../internal/getLogsInRanges.js'

/** A model as its registration event tells it. */
export type RegisteredModel = {
  modelId: number
  owner: Address
  trainingSetRoot: Hex
  datanetIds: readonly number[]
  /** The model's own description; by convention JSON with a `name` and its `trainingSet` (see `getModelsListing`). */
  metadataURI: string
}

export type GetModelsParameters = { deployment?: LedgerDeployment }
/** Oldest first. */
export type GetModelsReturnType = RegisteredModel[]
export type GetModelsErrorType = DeploymentErrorType | GetLogsErrorType

/**
 * Every model registered so far, oldest first.
 *
 * @example
 * const models = await getModels(client)
 */
export async function getModels(
  client: LedgerClient,
  { deployment }: GetModelsParameters = {},
): Promise<GetModelsReturnType> {
  const resolved = resolveDeployment(client, deployment)
  const logs = await getLogsInRanges(client, {
    address: resolved.registry,
    event: registry.ModelRegistered,
    fromBlock: resolved.blockNumber,
  })
  return logs.map((log) => {
    const { args } = log as unknown as { args: RegisteredModel }
    return {
      modelId: args.modelId,
      owner: args.owner,
      trainingSetRoot: args.trainingSetRoot,
      datanetIds: args.datanetIds,
      metadataURI: args.metadataURI,
    }
  })
}
