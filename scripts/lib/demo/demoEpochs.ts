import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Hex, parseUnits } from 'viem'
import { waitForTransactionReceipt, writeContract } from 'viem/actions'
import * as token from '../../../src/abis/ledgerRewardToken.js'
import { registerModelAndWait } from '../../../src/actions/registry/registerModel.js'
import { fundRewards } from '../../../src/actions/rewards/fundRewards.js'
import { proposeEpochAndWait } from '../../../src/actions/rewards/proposeEpoch.js'
import { readEpochInputs } from '../../../src/actions/rewards/readEpochInputs.js'
import type { DatasetFile } from '../../../src/attribution/epochDataset.js'
import { epochDataFromDataset } from '../../../src/attribution/epochDataset.js'
import { buildEpoch } from '../../../src/attribution/epochManifest.js'
import { writeEpochFiles } from '../../../src/cli/writeEpochFiles.js'
import { trainingSetRootOf } from '../../../src/registry/trainingSet.js'
import { validation } from './demoContent.js'
import { type DemoLedger, ROLES } from './demoLedger.js'

/** Reward tokens each demo epoch distributes. */
export const EPOCH_BUDGET = parseUnits('10000', 18)
const K = 3

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

/** The labelled texts the platform holds, in registration order: the next model's training set. */
export function labelledTexts(ledger: DemoLedger, contentHashes: readonly Hex[]) {
  return contentHashes.flatMap((contentHash) => {
    const stored = ledger.content.get(contentHash)
    return stored?.label === undefined || !stored.mediaType.startsWith('text/')
      ? []
      : [{ contentHash, text: text(stored.bytes), label: stored.label }]
  })
}

/**
 * Trains (registers) a model on `trainingSet`, values every training contribution with exact KNN-Shapley against
 * the validation set, publishes the epoch's files, funds and proposes it, and lets its dispute window pass: after
 * this the epoch is claimable.
 */
export async function runEpoch(ledger: DemoLedger, trainingSet: { contentHash: Hex; text: string; label: 0 | 1 }[]) {
  const owner = ledger.walletOf(ROLES.owner)
  const contentHashes = trainingSet.map((row) => row.contentHash)
  const latest = ledger.manifests.at(-1)
  const version = ledger.manifests.length + 1
  const name = `Sentiment classifier v${version}`
  const modelMetadata = JSON.stringify({ name, trainingSet: contentHashes })
  const { modelId } = await registerModelAndWait(owner, {
    metadataURI: `data:application/json,${encodeURIComponent(modelMetadata)}`,
    trainingSetRoot: trainingSetRootOf(contentHashes),
    datanetIds: [1],
    deployment: ledger.deployment,
  })

  const dataset: DatasetFile = {
    train: trainingSet.map(({ contentHash, text, label }) => ({ contentHash, text, label })),
    test: validation,
  }
  const inputs = await readEpochInputs(ledger.reader, { modelId, contentHashes, deployment: ledger.deployment })
  const { manifest, manifestHash, tree } = await buildEpoch({
    ...inputs,
    ...epochDataFromDataset(dataset),
    previous: latest,
    k: K,
    budget: EPOCH_BUDGET,
  })
  const out = join(ledger.epochsDir, String(manifest.epochId))
  writeEpochFiles(out, { manifest, tree })
  writeFileSync(join(out, 'dataset.json'), JSON.stringify(dataset))

  const minted = await writeContract(owner, {
    address: ledger.deployment.rewardToken,
    abi: [token.mint],
    functionName: 'mint',
    args: [owner.account.address, EPOCH_BUDGET],
  })
  await waitForTransactionReceipt(owner, { hash: minted })
  await waitForTransactionReceipt(owner, {
    hash: await fundRewards(owner, { amount: EPOCH_BUDGET, deployment: ledger.deployment }),
  })
  await proposeEpochAndWait(ledger.walletOf(ROLES.attributor), {
    root: tree.root,
    cumulativeTotal: BigInt(manifest.cumulativeTotal),
    manifestHash,
    manifestURI: `${ledger.publicUrl}/epochs/${manifest.epochId}/manifest.json`,
    deployment: ledger.deployment,
  })
  await ledger.fastForward(ledger.deployment.disputePeriod + 1)
  ledger.manifests.push(manifest)
  return { epochId: manifest.epochId, modelId, name, manifest }
}
