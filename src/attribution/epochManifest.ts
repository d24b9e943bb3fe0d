import { type Address, getAddress, type Hex, keccak256, toBytes } from 'viem'
import { canonicalizeJson } from '../content/canonicalJson.js'
import { BaseError } from '../errors/base.js'
import { trainingSetRootOf } from '../registry/trainingSet.js'
import { buildRewardTree, type RewardTree } from '../rewards/buildRewardTree.js'
import { type Allocation, accumulateRewards, allocateRewards } from './allocateRewards.js'
import { knnShapley, knnShapleyRegression } from './knnShapley.js'

export const EPOCH_MANIFEST_FORMAT = 'attribution-ledger/epoch-manifest@1'
/** Recorded in every manifest, so a verifier knows which implementation produced the values. */
export const ATTRIBUTION_LIBRARY = 'attribution-ledger@0.1.0'

/** Embeddings as one flat row-major array, and one label (class) or target (regression) per row. */
export type EpochPoints = { x: Float64Array; dimension: number; y: Float64Array }

/** What an epoch is computed from besides the chain: the model's training points (one per contribution) and a test set. */
export type EpochData = {
  /** One row per training contribution, in the order of `contentHashes`. */
  train: EpochPoints & { contentHashes: readonly Hex[] }
  test: EpochPoints
  /** The manifest of the epoch before, whose cumulative amounts this one adds to. */
  previous?: EpochManifest | undefined
}

export type EpochMethod = {
  name: 'knn-shapley'
  utility: 'classification' | 'regression'
  k: number
  distance: 'squared-l2'
  tieBreak: 'lower-training-index'
  negativeScores: 'count-as-zero'
  rounding: 'largest-remainder-lowest-address'
  library: string
}

type AmountRow = { account: Address; amount: string }

/** Everything needed to recompute an epoch bit for bit; its canonical JSON's keccak256 is proposed on-chain. */
export type EpochManifest = {
  format: typeof EPOCH_MANIFEST_FORMAT
  chainId: number
  registry: Address
  distributor: Address
  epochId: number
  model: { modelId: number; trainingSetRoot: Hex }
  inputs: {
    train: {
      size: number
      dimension: number
      contentHashes: Hex[]
      contributors: Address[]
      embeddingsHash: Hex
      labelsHash: Hex
    }
    test: { size: number; dimension: number; embeddingsHash: Hex; labelsHash: Hex }
  }
  method: EpochMethod
  budget: string
  /** One value per training contribution, in input order. */
  values: number[]
  allocations: AmountRow[]
  previous: { epochId: number; manifestHash: Hex } | null
  cumulative: AmountRow[]
  cumulativeTotal: string
  root: Hex
}

export type BuildEpochParameters = EpochData & {
  chainId: number
  registry: Address
  distributor: Address
  epochId: number
  modelId: number
  /** The model's registered training-set root; the content hashes must produce it. */
  trainingSetRoot: Hex
  /** The registered contributor of each training contribution, in input order (read from the registry). */
  contributors: readonly Address[]
  utility?: 'classification' | 'regression'
  k: number
  /** Reward token units this epoch distributes. */
  budget: bigint
  workers?: number
}

/** Recomputing an epoch gave something other than its manifest says; `field` is the first difference. */
export class EpochMismatchError extends BaseError {
  override name = 'EpochMismatchError' as const
  readonly field: string
  constructor(field: string, expected: unknown, actual: unknown) {
    super(`The epoch does not verify: ${field} differs from what its inputs produce.`, {
      details: `manifest: ${String(expected)}; recomputed: ${String(actual)}`,
    })
    this.field = field
  }
}

/** The epoch's inputs are inconsistent (sizes, training set, previous epoch) before anything is computed. */
export class EpochInputError extends BaseError {
  override name = 'EpochInputError' as const
  constructor(message: string) {
    super(message)
  }
}

const bytesHash = (values: Float64Array): Hex =>
  keccak256(new Uint8Array(values.buffer, values.byteOffset, values.byteLength))

/** keccak256 of the manifest's RFC 8785 canonical JSON: the `manifestHash` proposed with the epoch. */
export function epochManifestHash(manifest: EpochManifest): Hex {
  return keccak256(toBytes(canonicalizeJson(manifest)))
}

const rows = (allocations: readonly Allocation[]): AmountRow[] =>
  allocations.map(({ account, amount }) => ({ account: getAddress(account), amount: amount.toString() }))
const amounts = (rows: readonly AmountRow[]): Allocation[] =>
  rows.map(({ account, amount }) => ({ account, amount: BigInt(amount) }))

function checkPoints(name: string, points: EpochPoints) {
  if (!Number.isInteger(points.dimension) || points.dimension < 1) {
    throw new EpochInputError(`The ${name} embeddings need a positive whole dimension.`)
  }
  if (points.x.length !== points.y.length * points.dimension) {
    throw new EpochInputError(
      `The ${name} set has ${points.y.length} labels but ${points.x.length / points.dimension} embedding rows.`,
    )
  }
}

async function computeValues(method: EpochMethod, data: EpochData, workers?: number) {
  const train = { x: data.train.x, dimension: data.train.dimension, y: data.train.y }
  const test = { x: data.test.x, dimension: data.test.dimension, y: data.test.y }
  const parameters = { train, test, k: method.k, ...(workers === undefined ? {} : { workers }) }
  return method.utility === 'regression' ? knnShapleyRegression(parameters) : knnShapley(parameters)
}

/**
 * Computes an attribution epoch: exact KNN-Shapley values of the model's training contributions against the test
 * set, each contributor's share of `budget`, the cumulative amounts (the previous epoch's plus this one's) and their
 * reward tree. The manifest records every input by hash and every output, so `verifyEpoch` can recompute it.
 *
 * @example
 * const { manifest, manifestHash, tree } = await buildEpoch({ ...inputsFromChain, train, test, k: 5, budget })
 * await proposeEpoch(attributor, { root: tree.root, cumulativeTotal: BigInt(manifest.cumulativeTotal), manifestHash, manifestURI })
 */
export async function buildEpoch(
  parameters: BuildEpochParameters,
): Promise<{ manifest: EpochManifest; manifestHash: Hex; tree: RewardTree }> {
  const { train, test, previous, contributors, k, budget } = parameters
  checkPoints('training', train)
  checkPoints('test', test)
  if (train.contentHashes.length !== train.y.length || contributors.length !== train.y.length) {
    throw new EpochInputError('Every training point needs exactly one content hash and one contributor.')
  }
  if (trainingSetRootOf(train.contentHashes) !== parameters.trainingSetRoot) {
    throw new EpochInputError("The training contributions do not produce the model's registered training-set root.")
  }
  const method: EpochMethod = {
    name: 'knn-shapley',
    utility: parameters.utility ?? 'classification',
    k,
    distance: 'squared-l2',
    tieBreak: 'lower-training-index',
    negativeScores: 'count-as-zero',
    rounding: 'largest-remainder-lowest-address',
    library: ATTRIBUTION_LIBRARY,
  }
  const values = await computeValues(method, parameters, parameters.workers)
  const allocations = allocateRewards(
    contributors.map((contributor, i) => ({ contributor, value: values[i] as number })),
    budget,
  )
  const cumulative = accumulateRewards(previous ? amounts(previous.cumulative) : [], allocations)
  const tree = buildRewardTree(cumulative)
  const manifest: EpochManifest = {
    format: EPOCH_MANIFEST_FORMAT,
    chainId: parameters.chainId,
    registry: getAddress(parameters.registry),
    distributor: getAddress(parameters.distributor),
    epochId: parameters.epochId,
    model: { modelId: parameters.modelId, trainingSetRoot: parameters.trainingSetRoot },
    inputs: {
      train: {
        size: train.y.length,
        dimension: train.dimension,
        contentHashes: [...train.contentHashes],
        contributors: contributors.map((c) => getAddress(c)),
        embeddingsHash: bytesHash(train.x),
        labelsHash: bytesHash(train.y),
      },
      test: {
        size: test.y.length,
        dimension: test.dimension,
        embeddingsHash: bytesHash(test.x),
        labelsHash: bytesHash(test.y),
      },
    },
    method,
    budget: budget.toString(),
    values: Array.from(values),
    allocations: rows(allocations),
    previous: previous ? { epochId: previous.epochId, manifestHash: epochManifestHash(previous) } : null,
    cumulative: rows(cumulative),
    cumulativeTotal: cumulative.reduce((sum, a) => sum + a.amount, 0n).toString(),
    root: tree.root,
  }
  return { manifest, manifestHash: epochManifestHash(manifest), tree }
}

function expectEqual(field: string, expected: unknown, actual: unknown) {
  if (expected !== actual) throw new EpochMismatchError(field, expected, actual)
}

function expectRows(field: string, expected: readonly AmountRow[], actual: readonly AmountRow[]) {
  expectEqual(`${field}.length`, expected.length, actual.length)
  expected.forEach((row, i) => {
    expectEqual(`${field}[${i}].account`, row.account, actual[i]?.account)
    expectEqual(`${field}[${i}].amount`, row.amount, actual[i]?.amount)
  })
}

/**
 * Recomputes an epoch from its manifest and data, and throws `EpochMismatchError` naming the first field that
 * differs: the data's hashes, the training-set root, every value (bit for bit), the allocations, the cumulative
 * amounts and the root. Resolves with the manifest's hash when everything matches.
 *
 * @example
 * const manifestHash = await verifyEpoch(manifest, { train, test, previous })
 * // compare with the manifestHash proposed on-chain (getEpoch)
 */
export async function verifyEpoch(manifest: EpochManifest, data: EpochData): Promise<Hex> {
  expectEqual('format', EPOCH_MANIFEST_FORMAT, manifest.format)
  const { train, test } = manifest.inputs
  expectEqual('inputs.train.embeddingsHash', train.embeddingsHash, bytesHash(data.train.x))
  expectEqual('inputs.train.labelsHash', train.labelsHash, bytesHash(data.train.y))
  expectEqual('inputs.test.embeddingsHash', test.embeddingsHash, bytesHash(data.test.x))
  expectEqual('inputs.test.labelsHash', test.labelsHash, bytesHash(data.test.y))
  expectEqual('inputs.train.dimension', train.dimension, data.train.dimension)
  expectEqual('inputs.test.dimension', test.dimension, data.test.dimension)
  expectEqual('inputs.train.contentHashes', train.contentHashes.join(), data.train.contentHashes.join())
  expectEqual('model.trainingSetRoot', manifest.model.trainingSetRoot, trainingSetRootOf(train.contentHashes))
  expectEqual(
    'previous.manifestHash',
    manifest.previous?.manifestHash,
    data.previous && epochManifestHash(data.previous),
  )

  const values = await computeValues(manifest.method, data)
  expectEqual('values.length', manifest.values.length, values.length)
  manifest.values.forEach((value, i) => {
    expectEqual(`values[${i}]`, value, values[i])
  })

  const allocations = allocateRewards(
    train.contributors.map((contributor, i) => ({ contributor, value: values[i] as number })),
    BigInt(manifest.budget),
  )
  expectRows('allocations', manifest.allocations, rows(allocations))
  const cumulative = accumulateRewards(data.previous ? amounts(data.previous.cumulative) : [], allocations)
  expectRows('cumulative', manifest.cumulative, rows(cumulative))
  expectEqual('cumulativeTotal', manifest.cumulativeTotal, cumulative.reduce((sum, a) => sum + a.amount, 0n).toString())
  expectEqual('root', manifest.root, buildRewardTree(cumulative).root)
  return epochManifestHash(manifest)
}
