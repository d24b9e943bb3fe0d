/** Verifying an epoch in the browser, as anyone could: recompute it from its data, then check it against the chain. */

import { customChain, ledgerTransport, verifyEpochOnChain } from 'attribution-ledger'
import { type EpochManifest, EpochMismatchError, featurizeTexts, verifyEpoch } from 'attribution-ledger/attribution'
import { createClient, type Hex } from 'viem'
import { type DemoConfig, loadDataset, loadManifest } from './api.js'
import { messageOf } from './page.js'

export type EpochCheck =
  | { kind: 'running'; step: string }
  | { kind: 'verified'; manifestHash: Hex; seconds: number }
  | { kind: 'mismatch'; field: string; details: string }
  | { kind: 'failed'; message: string }

// Lets the browser paint the step just announced before the next one takes the thread.
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)))

/**
 * Downloads the epoch's texts and labels, derives their features with the built-in featuriser (at the dimension the
 * manifest records), recomputes every value, allocation, cumulative amount and the root with `verifyEpoch`, then checks
 * the training set, contributors, root and manifest hash against the chain. Reports each step through `onStep`.
 */
export async function checkEpoch(
  config: DemoConfig,
  manifest: EpochManifest,
  onStep: (check: EpochCheck) => void,
): Promise<EpochCheck> {
  const started = performance.now()
  try {
    onStep({ kind: 'running', step: 'Downloading the epoch’s dataset…' })
    const [dataset, previous] = await Promise.all([
      loadDataset(manifest.epochId),
      manifest.previous ? loadManifest(manifest.previous.epochId) : undefined,
    ])
    onStep({ kind: 'running', step: `Recomputing ${manifest.values.length} Shapley values and the reward tree…` })
    await nextFrame()
    const features = (texts: string[], dimension: number) => featurizeTexts(texts, { dimension })
    const manifestHash = await verifyEpoch(manifest, {
      train: {
        ...features(dataset.train.texts, manifest.inputs.train.dimension),
        y: Float64Array.from(dataset.train.labels),
        contentHashes: dataset.train.contentHashes,
      },
      test: {
        ...features(dataset.test.texts, manifest.inputs.test?.dimension ?? manifest.inputs.train.dimension),
        y: Float64Array.from(dataset.test.labels),
      },
      previous,
    })
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
