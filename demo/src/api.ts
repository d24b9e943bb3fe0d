/** What the demo server (scripts/lib/demo) answers, and how the pages ask for it. */

import type { LedgerDeployment } from 'attribution-ledger'
import type { DatasetFile, EpochData, EpochManifest } from 'attribution-ledger/attribution'
import type { Address, Hex } from 'viem'

type Datanet = { id: number; name: string; description: string; curated: boolean; kind: 'text' | 'image' }

export type DemoConfig = {
  rpcUrl: string
  chainId: number
  deployment: {
    chainId: number
    registry: Address
    distributor: Address
    rewardToken: Address
    blockNumber: string
    /** The passkey contracts: with them and the relay, the widgets offer "Continue with a passkey" first. */
    accountFactory?: Address
    webAuthnVerifier?: Address
    entryPoint?: Address
  }
  relayUrl: string
  /** The ledger's indexer, for the lists (gallery, contributor pages, reward history); null without one. */
  indexerUrl: string | null
  datanets: Datanet[]
  /** The models the demo trained, oldest first; the last one answers queries. */
  models: { id: number; name: string }[]
  /**
   * What one answer costs (reward-token units), the neighbours the model asks, the longest review it reads, and the
   * queries not yet paid out.
   */
  usage: { fee: string; k: number; maxLength: number; pending: { queries: number; fees: string } }
  /** `base` is the epoch's folder, such as '/epochs/1/'. */
  latestEpoch: { epochId: number; base: string } | null
}

export type ContributionEntry = {
  contentHash: Hex
  datanetId: number
  contributor: Address
  name: string
  mediaType: string
  tags: string[]
  /** Where the server serves the bytes, when it holds them. */
  url: string | null
}

/** Where one query's fee went: a contribution whose rows supported the answer, and its exact share (token units). */
export type FeeShare = { contentHash: Hex; contributor: Address; amount: string }

/** The model's answer to a query, as the platform logged it. */
export type ModelAnswer = {
  id: string
  modelId: number
  model: string
  text: string
  /** 1 positive, 0 negative. */
  answer: 0 | 1
  /** The answer in a sentence quoting the training reviews that decided it. */
  explanation: string
  fee: string
  /** Largest first; empty when no training row supports the answer and the fee is held back. */
  shares: FeeShare[]
  pending: { queries: number; fees: string }
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { accept: 'application/json', ...init?.headers } })
  if (!response.ok) {
    const body = await response.text()
    // The demo server says what went wrong in a sentence; anything else is shown as it came.
    let said: unknown
    try {
      said = (JSON.parse(body) as { error?: unknown }).error
    } catch {}
    throw new Error(typeof said === 'string' ? said : `${url} answered HTTP ${response.status} ${body.slice(0, 200)}`)
  }
  return (await response.json()) as T
}

export const loadConfig = () => getJson<DemoConfig>('/api/demo.json')
export const loadContributions = () => getJson<ContributionEntry[]>('/api/contributions.json')

export const epochBase = (epochId: number) => `/epochs/${epochId}/`
export const loadManifest = (epochId: number) => getJson<EpochManifest>(`${epochBase(epochId)}manifest.json`)
/** The dataset file an epoch was computed from (its texts, labels and contributions), as the CLI reads one. */
export const datasetUrl = (epochId: number) => `${epochBase(epochId)}dataset.json`
export const loadDataset = (epochId: number) => getJson<DatasetFile>(datasetUrl(epochId))

/** A usage epoch's signed usage log: the queries it paid out, which re-verifying it needs with the dataset. */
export const usageUrl = (epochId: number) => `${epochBase(epochId)}usage.json`
export const loadUsage = (epochId: number) => getJson<NonNullable<EpochData['usage']>>(usageUrl(epochId))

/** Runs a new epoch on the server: build, fund, propose, then skip the dispute window (several seconds). */
export const runEpoch = () => getJson<{ epochId: number }>('/api/epochs', { method: 'POST' })

/**
 * Pays the logged queries' fees out in a usage epoch (one per model the queries were asked of), as `runEpoch` does;
 * resolves with the new epochs' ids, oldest first.
 */
export const runUsageEpochs = () => getJson<{ epochIds: number[] }>('/api/usage-epochs', { method: 'POST' })

/** Asks the demo's current model about a review; the platform logs the query and charges its fee. */
export const askModel = (text: string) =>
  getJson<ModelAnswer>('/api/queries', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  })

/** Keeps a copy of contributed bytes on the platform, as a labelling platform keeps its dataset. */
export async function storeContent(bytes: Blob, mediaType: string) {
  const response = await fetch('/api/content', { method: 'POST', headers: { 'content-type': mediaType }, body: bytes })
  if (!response.ok) throw new Error(`/api/content answered HTTP ${response.status}`)
}

export const deploymentOf = (config: DemoConfig): LedgerDeployment => ({
  ...config.deployment,
  blockNumber: BigInt(config.deployment.blockNumber),
})

export const datanetName = (config: DemoConfig, id: number) =>
  config.datanets.find((datanet) => datanet.id === id)?.name ?? `Datanet #${id}`

export { shortHash as shortHex } from 'attribution-ledger'
