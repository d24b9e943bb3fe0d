/** Verifying an epoch in the browser, as anyone could: recompute it from its data, then check it against the chain. */

import { customChain, ledgerTransport, verifyEpochOnChain } from 'attribution-ledger'
import {
  type EpochData,
  type EpochManifest,
  EpochMismatchError,
  epochDataFromDataset,
  verifyEpoch,
} from 'attribution-ledger/attribution'
import { createClient, type Hex } from 'viem'
import { type DemoConfig, datasetUrl, loadDataset, loadManifest, loadUsage } from './api.js'
import { messageOf } from './page.js'

export type EpochCheck =
  | { kind: 'running'; step: string }
  | { kind: 'verified'; manifestHash: Hex; seconds: number }
  /** A recomputed field, or the chain, differs from the manifest. */
  | { kind: 'mismatch'; field: string; details: string }
  /** The published dataset cannot be read as an epoch's data, so it cannot be what the epoch was computed from. */
  | { kind: 'unusable'; message: string }
  | { kind: 'failed'; message: string }

// Lets the browser paint the step just announced before the next one takes the thread.
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)))

/**
 * Downloads the epoch's dataset file (and a usage epoch's signed usage log), reads it with `epochDataFromDataset` as
 * the CLI does (texts through the built-in featuriser, each row to its contribution), recomputes every value,
 * allocation, cumulative amount and the root with `verifyEpoch` (which also checks the log's signature), then checks the
 * training set, contributors, registrations, root and manifest hash against the chain. Reports each step through
 * `onStep`.
 */
export async function checkEpoch(
  config: DemoConfig,
  manifest: EpochManifest,
  onStep: (check: EpochCheck) => void,
): Promise<EpochCheck> {
  const started = performance.now()
  try {
    const { usage: usageInput } = manifest.inputs
    onStep({
      kind: 'running',
      step: usageInput ? 'Downloading the epoch’s dataset and usage log…' : 'Downloading the epoch’s dataset…',
    })
    const [dataset, usage, previous] = await Promise.all([
      loadDataset(manifest.epochId),
      usageInput ? loadUsage(manifest.epochId) : undefined,
      manifest.previous ? loadManifest(manifest.previous.epochId) : undefined,
    ])
    onStep({
      kind: 'running',
      step: usageInput
        ? `Recomputing ${manifest.inputs.train.size} training rows' Shapley values for each of ${usageInput.queries} queries, and the reward tree…`
        : `Recomputing the Shapley values of ${manifest.inputs.train.size} training rows and the reward tree…`,
    })
    await nextFrame()
    let data: EpochData
    try {
      data = { ...epochDataFromDataset(dataset, { source: datasetUrl(manifest.epochId) }), usage, previous }
    } catch (error) {
      return { kind: 'unusable', message: messageOf(error) }
    }
    const manifestHash = await verifyEpoch(manifest, data)
    onStep({ kind: 'running', step: 'Checking the manifest against the chain…' })
    const client = createClient({
      chain: customChain({ id: config.chainId, rpcUrl: config.rpcUrl }),
      transport: ledgerTransport(config.rpcUrl),
    })
    await verifyEpochOnChain(client, manifest)
    return { kind: 'verified', manifestHash, seconds: (performance.now() - started) / 1000 }
  } catch (error) {
    if (error instanceof EpochMismatchError) {
      return { kind: 'mismatch', field: error.field, details: error.details ?? '' }
    }
    return { kind: 'failed', message: messageOf(error) }
  }
}
