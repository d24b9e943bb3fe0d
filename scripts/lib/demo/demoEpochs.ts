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
import { buildEpoch, type EpochManifest, type EpochUsage } from '../../../src/attribution/epochManifest.js'
import { SPAN_INDEX_FORMAT } from '../../../src/attribution/spans/spanIndexFormat.js'
import { spanIndexHash } from '../../../src/attribution/spans/spanIndexHash.js'
import { writeEpochFiles } from '../../../src/cli/writeEpochFiles.js'
import { trainingSetRootOf } from '../../../src/registry/trainingSet.js'
import type { RewardTree } from '../../../src/rewards/buildRewardTree.js'
import { validation } from './demoContent.js'
import { type DemoLedger, type DemoModel, ROLES } from './demoLedger.js'
import { spanIndexOf, TRACE_MIN_LENGTH } from './demoSpans.js'

/** Reward tokens each test-set epoch distributes. */
export const EPOCH_BUDGET = parseUnits('10000', 18)
/** The neighbours the demo's model asks, in its answers and in every epoch's valuation. */
export const K = 3

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

type BuiltEpoch = { manifest: EpochManifest; manifestHash: Hex; tree: RewardTree }

/**
 * Publishes a built epoch's files (with the dataset it was computed from, and a usage epoch's signed log), funds the
 * distributor with its budget, proposes it and lets its dispute window pass: after this the epoch is claimable.
 */
async function publishEpoch(
  ledger: DemoLedger,
  { manifest, manifestHash, tree }: BuiltEpoch,
  { dataset, usage }: { dataset: DatasetFile; usage?: EpochUsage },
) {
  const owner = ledger.walletOf(ROLES.owner)
  const out = join(ledger.epochsDir, String(manifest.epochId))
  writeEpochFiles(out, { manifest, tree, usage })
  writeFileSync(join(out, 'dataset.json'), JSON.stringify(dataset))

  const budget = BigInt(manifest.budget)
  const minted = await writeContract(owner, {
    address: ledger.deployment.rewardToken,
    abi: [token.mint],
    functionName: 'mint',
    args: [owner.account.address, budget],
  })
  await waitForTransactionReceipt(owner, { hash: minted })
  await waitForTransactionReceipt(owner, {
    hash: await fundRewards(owner, { amount: budget, deployment: ledger.deployment }),
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
}

/**
 * Trains (registers) a model on `trainingSet`, values every training contribution with exact KNN-Shapley against
 * the validation set, and publishes, funds and proposes the epoch; after this the epoch is claimable and the new model
 * answers queries.
 */
export async function runEpoch(ledger: DemoLedger, trainingSet: DemoModel['train']) {
  const contentHashes = trainingSet.map((row) => row.contentHash)
  const name = `Sentiment classifier v${ledger.models.length + 1}`
  // Anyone holding the training set can rebuild the index its answers are traced against, and compare this hash.
  const spanIndex = {
    hash: spanIndexHash(spanIndexOf(ledger, trainingSet)),
    format: SPAN_INDEX_FORMAT,
    minLength: TRACE_MIN_LENGTH,
  }
  const modelMetadata = JSON.stringify({ name, trainingSet: contentHashes, spanIndex })
  const { modelId } = await registerModelAndWait(ledger.walletOf(ROLES.owner), {
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
  const built = await buildEpoch({
    ...inputs,
    ...epochDataFromDataset(dataset),
    previous: ledger.manifests.at(-1),
    k: K,
    budget: EPOCH_BUDGET,
  })
  await publishEpoch(ledger, built, { dataset })
  ledger.models.push({ modelId, name, train: trainingSet, manifest: built.manifest })
  return { epochId: built.manifest.epochId, modelId, name, manifest: built.manifest }
}

/**
 * Pays `model`'s logged queries out: the model's owner signs the usage log, the epoch splits each query's fee over the
 * training rows that supported its answer, and the distributor is funded with the fees those queries paid.
 */
export async function runUsageEpoch(ledger: DemoLedger, model: DemoModel, usage: EpochUsage) {
  const dataset: DatasetFile = {
    train: model.train.map(({ contentHash, text, label }) => ({ contentHash, text, label })),
  }
  const contentHashes = model.train.map((row) => row.contentHash)
  const inputs = await readEpochInputs(ledger.reader, {
    modelId: model.modelId,
    contentHashes,
    deployment: ledger.deployment,
  })
  const built = await buildEpoch({
    ...inputs,
    ...epochDataFromDataset(dataset),
    usage,
    previous: ledger.manifests.at(-1),
    k: K,
  })
  await publishEpoch(ledger, built, { dataset, usage })
  return { epochId: built.manifest.epochId, manifest: built.manifest }
}
