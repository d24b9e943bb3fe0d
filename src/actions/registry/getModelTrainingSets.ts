import type { Hex } from 'viem'
import type { LedgerDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import { base64ToBytes, percentDecodeToBytes, utf8ToString } from '../../content/metadataEncoding.js'
import { trainingSetRootOf } from '../../registry/trainingSet.js'
import { type GetModelsErrorType, getModels, type RegisteredModel } from './getModels.js'

/** What a model's metadata says by convention: its name and the content hashes it trained on (or where they are). */
export type ModelMetadata = { name: string; trainingSet: Hex[] | string }

export type ModelTrainingSet = Omit<RegisteredModel, 'metadataURI'> & {
  name: string
  /** The content hashes the model trained on, checked against its on-chain training-set root. */
  trainingSet: ReadonlySet<Hex>
}

export type GetModelTrainingSetsParameters = {
  deployment?: LedgerDeployment
  /** Fetches https metadata and training-set lists; the global `fetch` by default. */
  fetch?: typeof fetch
}
export type GetModelTrainingSetsReturnType = ModelTrainingSet[]
/** A model whose list cannot be read is left out, never thrown for: only reading the models themselves can fail. */
export type GetModelTrainingSetsErrorType = GetModelsErrorType

const HASH = /^0x[0-9a-f]{64}$/

async function readJson(uri: string, fetchFn: typeof fetch): Promise<unknown> {
  if (/^data:/i.test(uri)) {
    const comma = uri.indexOf(',')
    const body = percentDecodeToBytes(uri.slice(comma + 1))
    return JSON.parse(utf8ToString(/;base64$/i.test(uri.slice(0, comma)) ? base64ToBytes(utf8ToString(body)) : body))
  }
  if (!/^https:\/\//i.test(uri))
    throw new Error(`Only data: and https: model metadata is read, not ${uri.slice(0, 40)}`)
  const response = await fetchFn(uri, { credentials: 'omit', headers: { accept: 'application/json' } })
  if (!response.ok) throw new Error(`HTTP ${response.status}`)
  return response.json()
}

async function trainingSetOf(model: RegisteredModel, fetchFn: typeof fetch): Promise<ModelTrainingSet | undefined> {
  const metadata = (await readJson(model.metadataURI, fetchFn)) as Partial<ModelMetadata> | null
  const listed =
    typeof metadata?.trainingSet === 'string' ? await readJson(metadata.trainingSet, fetchFn) : metadata?.trainingSet
  if (!Array.isArray(listed) || listed.length === 0) return undefined
  const hashes = listed.map((hash) => String(hash).toLowerCase() as Hex)
  if (!hashes.every((hash) => HASH.test(hash))) return undefined
  // A list that does not hash to the registered root is not the model's training set, whoever published it.
  if (trainingSetRootOf(hashes) !== model.trainingSetRoot) return undefined
  const { metadataURI: _, ...registered } = model
  const name = typeof metadata?.name === 'string' && metadata.name.trim() ? metadata.name : `Model #${model.modelId}`
  return { ...registered, name, trainingSet: new Set(hashes) }
}

/**
 * Every registered model whose published training set (in its metadata, inline or at an https URL) matches its
 * on-chain root, with that set: the models that can be shown as having used a contribution. Models whose list is
 * missing, unreadable or does not match are left out rather than guessed at.
 *
 * @example
 * const models = await getModelTrainingSets(client)
 * const usedBy = models.filter((model) => model.trainingSet.has(contentHash)).map((model) => model.name)
 */
export async function getModelTrainingSets(
  client: LedgerClient,
  { deployment, fetch: fetchFn = globalThis.fetch }: GetModelTrainingSetsParameters = {},
): Promise<GetModelTrainingSetsReturnType> {
  const models = await getModels(client, deployment ? { deployment } : {})
  const sets = await Promise.all(models.map((model) => trainingSetOf(model, fetchFn).catch(() => undefined)))
  return sets.filter((set): set is ModelTrainingSet => set !== undefined)
}
