/** What the demo server (scripts/lib/demo) answers, and how the pages ask for it. */

import type { LedgerDeployment } from 'attribution-ledger'
import type { EpochManifest } from 'attribution-ledger/attribution'
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
  datanets: Datanet[]
  model: { id: number; name: string } | null
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

/** The texts an epoch was computed from; features are derived from them again in the browser. */
type EpochDataset = {
  train: { texts: string[]; labels: number[]; contentHashes: Hex[] }
  test: { texts: string[]; labels: number[] }
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { accept: 'application/json', ...init?.headers } })
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status} ${(await response.text()).slice(0, 200)}`)
  return (await response.json()) as T
}

export const loadConfig = () => getJson<DemoConfig>('/api/demo.json')
export const loadContributions = () => getJson<ContributionEntry[]>('/api/contributions.json')

export const epochBase = (epochId: number) => `/epochs/${epochId}/`
export const loadManifest = (epochId: number) => getJson<EpochManifest>(`${epochBase(epochId)}manifest.json`)
export const loadDataset = (epochId: number) => getJson<EpochDataset>(`${epochBase(epochId)}dataset.json`)

/** Runs a new epoch on the server: build, fund, propose, then skip the dispute window (several seconds). */
export const runEpoch = () => getJson<{ epochId: number }>('/api/epochs', { method: 'POST' })

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
