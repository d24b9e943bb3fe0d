import { type Address, type GetLogsErrorType, getAddress, type Hex } from 'viem'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'
import { getLogsInRanges } from '../internal/getLogsInRanges.js'
import { expectShape, fetchIndexerList, field, readThroughIndexer } from '../internal/indexer.js'

/** A model as its registration event tells it. */
export type RegisteredModel = {
  modelId: number
  owner: Address
  trainingSetRoot: Hex
  datanetIds: readonly number[]
  /** The model's own description; by convention JSON with a `name` and its `trainingSet` (see `getModelsListing`). */
  metadataURI: string
}

export type GetModelsParameters = {
  deployment?: LedgerDeployment
  /** An indexer (indexer/ in this repository) to list the models from; the logs are read when it is down. */
  indexerUrl?: string | undefined
}
/** Oldest first. */
export type GetModelsReturnType = RegisteredModel[]
export type GetModelsErrorType = DeploymentErrorType | GetLogsErrorType

/**
 * Every model registered so far, oldest first.
 *
 * @example
 * const models = await getModels(client)
 * const atScale = await getModels(client, { indexerUrl: 'https://indexer.example' })
 */
export async function getModels(
  client: LedgerClient,
  { deployment, indexerUrl }: GetModelsParameters = {},
): Promise<GetModelsReturnType> {
  const resolved = resolveDeployment(client, deployment)
  return readThroughIndexer(
    indexerUrl,
    (url) =>
      fetchIndexerList(url, '/models', {}, (raw, at) => {
        const datanetIds = raw.datanetIds
        expectShape(Array.isArray(datanetIds), at, 'datanetIds is not a list')
        return {
          modelId: field.integer(raw, 'id', at),
          owner: getAddress(field.hex(raw, 'owner', at, 20)),
          trainingSetRoot: field.hex(raw, 'trainingSetRoot', at, 32),
          datanetIds: datanetIds.map((_, i) => field.integer(datanetIds as never, String(i), at)),
          metadataURI: field.string(raw, 'metadataURI', at),
        }
      }),
    async () => {
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
    },
  )
}
