import type { Hex } from 'viem'
import { getModelTrainingSets, type ModelTrainingSet } from '../../src/actions/registry/getModelTrainingSets.js'
import type { LedgerDeployment } from '../../src/chains.js'
import type { LedgerClient } from '../../src/client.js'

// Models change rarely; a page of badges reads them once, and again only after this long.
const FRESH_FOR_MS = 60_000
const indexes = new WeakMap<LedgerClient, { at: number; models: Promise<ModelTrainingSet[]> }>()

/** The names of the registered models whose verified training set contains the content. */
export async function modelsUsing(client: LedgerClient, contentHash: Hex, deployment?: LedgerDeployment) {
  let index = indexes.get(client)
  if (!index || Date.now() - index.at > FRESH_FOR_MS) {
    const models = getModelTrainingSets(client, deployment ? { deployment } : {})
    index = { at: Date.now(), models }
    indexes.set(client, index)
    models.catch(() => indexes.delete(client))
  }
  const models = await index.models
  return models.filter((model) => model.trainingSet.has(contentHash.toLowerCase() as Hex))
}
