import { type Address, getAddress, type Hex, keccak256, toBytes } from 'viem'
import { canonicalizeJson } from '../content/canonicalJson.js'
import { trainingSetRootOf } from '../registry/trainingSet.js'
import type { RewardTree } from '../rewards/buildRewardTree.js'
import type { Allocation } from './allocateRewards.js'
import { ContributionNotInTrainingSetError, EpochInputError, EpochMismatchError } from './epochErrors.js'
import {
  checkPoints,
  type EpochValuation,
  evaluateEpoch,
  evaluateSpanUsageEpoch,
  groupRows,
  rowContributionsOf,
} from './epochValues.js'
import { DEFAULT_NEAR_DUPLICATE_RULE, type NearDuplicateRule } from './nearDuplicates.js'
import type { SpanIndex } from './spans/buildSpanIndex.js'
import { SPAN_INDEX_VERSION } from './spans/spanIndexFormat.js'
import { spanIndexHash } from './spans/spanIndexHash.js'
import { SPAN_USAGE_MIN_LENGTH } from './spanUsage.js'
import { type UsageLog, usageLogHash, verifyUsageLog } from './usageLog.js'

export { ContributionNotInTrainingSetError, EpochInputError, EpochMismatchError }

export const EPOCH_MANIFEST_FORMAT = 'attribution-ledger/epoch-manifest@2'
/** Recorded in every manifest, so a verifier knows which implementation produced the values. */
export const ATTRIBUTION_LIBRARY = 'attribution-ledger@0.1.0'

/** Embeddings as one flat row-major array, and one label (class) or target (regression) per row. */
export type EpochPoints = { x: Float64Array; dimension: number; y: Float64Array }

/** Where a contribution's registration event sits on-chain; earlier (block, then log index) registered first. */
export type ContributionRegistration = { blockNumber: number; logIndex: number }

/** The model's training points (rows), and the contribution each belongs to. */
export type EpochTrainingPoints = EpochPoints & {
  /** The model's training contributions: its training set, one content hash each. */
  contentHashes: readonly Hex[]
  /**
   * The contribution each row belongs to, by content hash, in row order. Omitted, each contribution is one row: row
   * i is `contentHashes[i]`.
   */
  rowContentHashes?: readonly Hex[] | undefined
  /** Each row's text (`undefined` for a row of features), for the near-duplicate rule's text comparison. */
  texts?: readonly (string | undefined)[] | undefined
}

/** A model operator's signed usage log: the queries a usage epoch values the training rows by. */
export type EpochUsage = { log: UsageLog; signature: Hex }

/**
 * What an epoch is computed from besides the chain: the model's training points and either a test set (the
 * operator's choice) or a signed usage log (the queries the model answered, and the fees they paid).
 */
export type EpochData = {
  train: EpochTrainingPoints
  test?: EpochPoints | undefined
  usage?: EpochUsage | undefined
  /**
   * The span index of the training contributions, in the order of `train.contentHashes` (buildSpanIndex): given with
   * a usage log whose queries carry their outputs, it makes a `span-usage` epoch.
   */
  spanIndex?: SpanIndex | undefined
  /** The manifest of the epoch before, whose cumulative amounts this one adds to. */
  previous?: EpochManifest | undefined
}

export type KnnEpochMethod = {
  /**
   * `knn-shapley`: values against a test set. `knn-shapley-usage`: each logged query is a test point labelled with
   * the model's answer, and its fee is split over the training rows in proportion to their positive values for it.
   */
  name: 'knn-shapley' | 'knn-shapley-usage'
  utility: 'classification' | 'regression'
  k: number
  distance: 'squared-l2'
  tieBreak: 'lower-training-index'
  negativeScores: 'count-as-zero'
  rounding: 'largest-remainder-lowest-address'
  /** A contribution's value: its rows' values added in row order, starting from 0. */
  contributionValue: 'sum-of-rows'
  /**
   * Copies earn nothing: the rule and thresholds that decide which rows are near-duplicates of an earlier
   * registration (see nearDuplicates.ts), or `null` when every row is valued.
   */
  nearDuplicates: NearDuplicateRule | null
  library: string
}

/**
 * `span-usage`: each logged query's fee is split over the training contributions whose text its output repeats
 * verbatim (spans of `minLength` bytes or more, traced in the span index whose hash is `indexHash`), in proportion to
 * the matched bytes, each span's length shared equally among the contributions that contain it (see spanUsage.ts).
 */
export type SpanUsageEpochMethod = {
  name: 'span-usage'
  /** The version of the rule below; a verifier that knows another refuses to recompute. */
  version: 1
  /** The shortest span that earns, in UTF-8 bytes. */
  minLength: number
  /** spanIndexHash of the training contributions' span index: rebuild it from them with buildSpanIndex to check. */
  indexHash: Hex
  /** The span index format version the hash describes. */
  indexFormat: number
  weight: 'matched-output-bytes-once-shared-equally-among-containing-contributions'
  /** Per query: exact largest remainder over the contributions, ties to the earlier one in training-set order. */
  rounding: 'largest-remainder-per-query-training-order'
  /** A contribution's value: the fee units its shares add up to; a contributor's allocation, the exact sum of those. */
  contributionValue: 'sum-of-query-shares'
  /** Spans credit every contribution that holds them: the near-duplicate rule (about rows) does not apply. */
  nearDuplicates: null
  library: string
}

export type EpochMethod = KnnEpochMethod | SpanUsageEpochMethod

/** A row that copies an earlier-registered row: it was not valued and earns nothing. */
export type EpochDuplicate = { row: number; contentHash: Hex; copyOfRow: number; copyOfContentHash: Hex }

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
      /** Training points (rows), over all contributions. */
      size: number
      dimension: number
      contentHashes: Hex[]
      /** Each contribution's registered contributor, in the order of `contentHashes`. */
      contributors: Address[]
      /** Each contribution's registration event, in the order of `contentHashes`. */
      registrations: ContributionRegistration[]
      /** How many rows each contribution holds, in the order of `contentHashes`. */
      rowCounts: number[]
      /** keccak256 of each row's contribution (its index in `contentHashes`, uint32 little-endian), in row order. */
      rowContributionsHash: Hex
      embeddingsHash: Hex
      labelsHash: Hex
      /** keccak256 of the rows' texts as canonical JSON (`null` for a row without one), or `null` when none were given. */
      textsHash: Hex | null
    }
    /** The test set of a `knn-shapley` epoch; `null` for a usage epoch. */
    test: { size: number; dimension: number; embeddingsHash: Hex; labelsHash: Hex } | null
    /** The signed usage log of a `knn-shapley-usage` epoch; `null` otherwise. */
    usage: {
      logHash: Hex
      operator: Address
      signature: Hex
      queries: number
      /** Fees of the queries no row supports: kept out of the budget and listed, never silently dropped. */
      unattributedQueries: number[]
      unattributedFee: string
    } | null
  }
  method: EpochMethod
  /** Reward token units split this epoch: given for a test-set epoch, the attributed queries' fees for a usage one. */
  budget: string
  /**
   * One value per training contribution (the sum of its rows' values; for `span-usage`, the fee units it earned, as
   * the nearest double), in the order of `contentHashes`.
   */
  values: number[]
  /** keccak256 of every row's value (float64, little-endian), in row order; a copy's is 0, and every `span-usage` row's. */
  rowValuesHash: Hex
  /** The rows that earned nothing because they copy an earlier registration, in row order. */
  duplicates: EpochDuplicate[]
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
  /** The model's registered owner (read from the registry): the only operator whose usage log is accepted. A usage epoch needs it. */
  modelOwner?: Address | undefined
  /** The registered contributor of each training contribution, in input order (read from the registry). */
  contributors: readonly Address[]
  /** Each training contribution's registration event, in input order (read from the registry). */
  registrations: readonly ContributionRegistration[]
  utility?: 'classification' | 'regression'
  k: number
  /** Reward token units a test-set epoch distributes. A usage epoch distributes its queries' fees instead. */
  budget?: bigint | undefined
  /** The near-duplicate rule; `DEFAULT_NEAR_DUPLICATE_RULE` when omitted, `null` to value every row. Not for `span-usage`. */
  nearDuplicates?: NearDuplicateRule | null | undefined
  /** A `span-usage` epoch's shortest span that earns, in UTF-8 bytes; SPAN_USAGE_MIN_LENGTH (24) when omitted. */
  minLength?: number | undefined
  workers?: number
}

const bytesHash = (values: Float64Array): Hex =>
  keccak256(new Uint8Array(values.buffer, values.byteOffset, values.byteLength))

function uint32Hash(values: Uint32Array): Hex {
  const view = new DataView(new ArrayBuffer(values.length * 4))
  values.forEach((value, i) => {
    view.setUint32(i * 4, value, true)
  })
  return keccak256(new Uint8Array(view.buffer))
}

const textsHash = (texts: readonly (string | undefined)[] | undefined): Hex | null =>
  texts ? keccak256(toBytes(canonicalizeJson(texts.map((text) => text ?? null)))) : null

/** keccak256 of the manifest's RFC 8785 canonical JSON: the `manifestHash` proposed with the epoch. */
export function epochManifestHash(manifest: EpochManifest): Hex {
  return keccak256(toBytes(canonicalizeJson(manifest)))
}

const amountRows = (allocations: readonly Allocation[]): AmountRow[] =>
  allocations.map(({ account, amount }) => ({ account: getAddress(account), amount: amount.toString() }))
const amounts = (rows: readonly AmountRow[]): Allocation[] =>
  rows.map(({ account, amount }) => ({ account, amount: BigInt(amount) }))

function duplicateRows(groups: Int32Array, rows: Uint32Array, contentHashes: readonly Hex[]): EpochDuplicate[] {
  const duplicates: EpochDuplicate[] = []
  groups.forEach((copyOfRow, row) => {
    if (copyOfRow === -1) return
    const contentHash = contentHashes[rows[row] as number] as Hex
    duplicates.push({ row, contentHash, copyOfRow, copyOfContentHash: contentHashes[rows[copyOfRow] as number] as Hex })
  })
  return duplicates
}

/** A test set or a usage log, never both; and what each needs. */
function valuationOf(data: EpochData, budget: bigint | undefined): EpochValuation {
  if (data.usage && data.test) throw new EpochInputError('Give a test set or a usage log, not both.')
  if (data.spanIndex && !data.usage) {
    throw new EpochInputError('A span index values a usage log: give the signed log whose outputs it traces.')
  }
  if (data.usage) {
    if (budget !== undefined) {
      throw new EpochInputError("A usage epoch's budget is the fees its queries paid; do not give another one.")
    }
    return { kind: 'usage', log: data.usage.log }
  }
  if (!data.test) throw new EpochInputError('Give a test set, or a usage log, to value the training rows against.')
  checkPoints('test', data.test)
  if (budget === undefined) throw new EpochInputError('Give the budget: the reward token units this epoch splits.')
  return { kind: 'test', test: data.test, budget }
}

/**
 * Computes an attribution epoch. Rows that are near-duplicates of an earlier registration (block, then log index)
 * earn nothing and are listed; the other rows get exact KNN-Shapley values, against the test set, or per query of a
 * signed usage log, each query's fee split over the rows in proportion to their positive values for it. A
 * contribution's value is the sum of its rows'; each contributor gets a share of the budget (for a usage epoch, the
 * fees collected), added to the previous epoch's cumulative amounts, with their reward tree. The manifest records
 * every input by hash, so `verifyEpoch` can recompute it.
 *
 * @example
 * const { manifest, manifestHash, tree } = await buildEpoch({ ...inputsFromChain, train, test, k: 5, budget })
 * await proposeEpoch(attributor, { root: tree.root, cumulativeTotal: BigInt(manifest.cumulativeTotal), manifestHash, manifestURI })
 * // or, paid by use: the queries the model answered, signed by the model's owner
 * await buildEpoch({ ...inputsFromChain, train, usage: { log, signature }, k: 5 })
 * // or paid by the spans of the training data that the logged outputs quote (k is not used)
 * await buildEpoch({ ...inputsFromChain, train, usage: { log, signature }, spanIndex, minLength: 24, k: 5 })
 */
export async function buildEpoch(
  parameters: BuildEpochParameters,
): Promise<{ manifest: EpochManifest; manifestHash: Hex; tree: RewardTree }> {
  const { train, test, usage, previous, contributors, registrations, k } = parameters
  checkPoints('training', train)
  const valuation = valuationOf(parameters, parameters.budget)
  if (contributors.length !== train.contentHashes.length || registrations.length !== train.contentHashes.length) {
    throw new EpochInputError('Every training contribution needs exactly one contributor and one registration.')
  }
  const { rows, counts } = rowContributionsOf(train)
  if (trainingSetRootOf(train.contentHashes) !== parameters.trainingSetRoot) {
    throw new EpochInputError("The training contributions do not produce the model's registered training-set root.")
  }
  if (usage && !parameters.modelOwner) {
    throw new EpochInputError(
      "A usage epoch needs the model's registered owner (modelOwner, as readEpochInputs returns it): only the owner's usage log is accepted.",
    )
  }
  const logHash =
    usage &&
    (await verifyUsageLog({
      ...usage,
      modelIds: [parameters.modelId],
      operator: parameters.modelOwner,
      chainId: parameters.chainId,
      registry: parameters.registry,
    }))
  const { spanIndex } = parameters
  const method: EpochMethod = spanIndex
    ? spanUsageMethod(parameters, spanIndex)
    : {
        name: usage ? 'knn-shapley-usage' : 'knn-shapley',
        utility: parameters.utility ?? 'classification',
        k,
        distance: 'squared-l2',
        tieBreak: 'lower-training-index',
        negativeScores: 'count-as-zero',
        rounding: 'largest-remainder-lowest-address',
        contributionValue: 'sum-of-rows',
        nearDuplicates:
          parameters.nearDuplicates === undefined ? DEFAULT_NEAR_DUPLICATE_RULE : parameters.nearDuplicates,
        library: ATTRIBUTION_LIBRARY,
      }
  const groups = groupRows(train, rows, registrations, method.nearDuplicates)
  const evaluated = await evaluate(method, {
    train,
    rows,
    groups,
    valuation,
    spanIndex,
    contributors,
    previous: previous ? amounts(previous.cumulative) : [],
    workers: parameters.workers,
  })
  const { rowValues, values, allocations, cumulative, tree } = evaluated
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
        registrations: registrations.map(({ blockNumber, logIndex }) => ({ blockNumber, logIndex })),
        rowCounts: counts,
        rowContributionsHash: uint32Hash(rows),
        embeddingsHash: bytesHash(train.x),
        labelsHash: bytesHash(train.y),
        textsHash: textsHash(train.texts),
      },
      test: test
        ? {
            size: test.y.length,
            dimension: test.dimension,
            embeddingsHash: bytesHash(test.x),
            labelsHash: bytesHash(test.y),
          }
        : null,
      usage:
        usage && logHash && evaluated.usage
          ? {
              logHash,
              operator: getAddress(usage.log.operator),
              signature: usage.signature,
              queries: usage.log.queries.length,
              unattributedQueries: evaluated.usage.unattributedQueries,
              unattributedFee: evaluated.usage.unattributedFee.toString(),
            }
          : null,
    },
    method,
    budget: evaluated.budget.toString(),
    values: Array.from(values),
    rowValuesHash: bytesHash(rowValues),
    duplicates: duplicateRows(groups, rows, train.contentHashes),
    allocations: amountRows(allocations),
    previous: previous ? { epochId: previous.epochId, manifestHash: epochManifestHash(previous) } : null,
    cumulative: amountRows(cumulative),
    cumulativeTotal: cumulative.reduce((sum, a) => sum + a.amount, 0n).toString(),
    root: tree.root,
  }
  return { manifest, manifestHash: epochManifestHash(manifest), tree }
}

/** A span index credits its document i to training contribution i, so it must hold exactly those, in that order. */
const spanIndexMatches = (index: SpanIndex, contentHashes: readonly Hex[]) =>
  index.documents.length === contentHashes.length &&
  index.documents.every(({ contentHash }, i) => contentHash.toLowerCase() === contentHashes[i]?.toLowerCase())

function spanUsageMethod(parameters: BuildEpochParameters, index: SpanIndex): SpanUsageEpochMethod {
  if (!spanIndexMatches(index, parameters.train.contentHashes)) {
    throw new EpochInputError(
      "The span index does not hold exactly the model's training contributions in training-set order: rebuild it from them (attribution-ledger index build).",
    )
  }
  if (parameters.nearDuplicates) {
    throw new EpochInputError(
      'A span-usage epoch credits every contribution that holds a traced span, so the near-duplicate rule does not apply: leave it out.',
    )
  }
  const minLength = parameters.minLength ?? SPAN_USAGE_MIN_LENGTH
  if (!Number.isSafeInteger(minLength) || minLength < 1) {
    throw new EpochInputError(
      `The shortest span that earns must be a whole number of bytes, 1 or more, not ${minLength}.`,
    )
  }
  return {
    name: 'span-usage',
    version: 1,
    minLength,
    indexHash: spanIndexHash(index),
    indexFormat: SPAN_INDEX_VERSION,
    weight: 'matched-output-bytes-once-shared-equally-among-containing-contributions',
    rounding: 'largest-remainder-per-query-training-order',
    contributionValue: 'sum-of-query-shares',
    nearDuplicates: null,
    library: ATTRIBUTION_LIBRARY,
  }
}

type EvaluateParameters = Omit<Parameters<typeof evaluateEpoch>[0], 'utility' | 'k'> & {
  spanIndex: SpanIndex | undefined
}

/** The values, allocations and tree of the epoch's method: one path for building and verifying. */
async function evaluate(method: EpochMethod, { spanIndex, ...parameters }: EvaluateParameters) {
  if (method.name !== 'span-usage') return evaluateEpoch({ ...method, ...parameters })
  const { valuation } = parameters
  if (!spanIndex || valuation.kind !== 'usage') {
    throw new EpochInputError(
      'A span-usage epoch needs its usage log and the span index of the training contributions (rebuild it from them with buildSpanIndex).',
    )
  }
  return evaluateSpanUsageEpoch({ ...parameters, log: valuation.log, index: spanIndex, minLength: method.minLength })
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

function testOf({ test }: EpochData): EpochPoints {
  if (!test) throw new EpochInputError('Give the test set or the usage log the epoch was valued against.')
  checkPoints('test', test)
  return test
}

/** The data's test set or usage log against what the manifest recorded of it. */
async function verifyValuationInputs(manifest: EpochManifest, data: EpochData) {
  const { test, usage } = manifest.inputs
  expectEqual('inputs.test', test === null, data.test === undefined)
  expectEqual('inputs.usage', usage === null, data.usage === undefined)
  if (test && data.test) {
    expectEqual('inputs.test.embeddingsHash', test.embeddingsHash, bytesHash(data.test.x))
    expectEqual('inputs.test.labelsHash', test.labelsHash, bytesHash(data.test.y))
    expectEqual('inputs.test.dimension', test.dimension, data.test.dimension)
  }
  if (usage && data.usage) {
    expectEqual('inputs.usage.logHash', usage.logHash, usageLogHash(data.usage.log))
    expectEqual('inputs.usage.signature', usage.signature, data.usage.signature)
    await verifyUsageLog({
      ...data.usage,
      modelIds: [manifest.model.modelId],
      operator: usage.operator,
      chainId: manifest.chainId,
      registry: manifest.registry,
    })
  }
}

/** A span-usage epoch's index against the hash its manifest records, and against the training set. */
function verifySpanIndex({ method, inputs }: EpochManifest, { spanIndex }: EpochData) {
  if (method.name !== 'span-usage') {
    if (spanIndex) throw new EpochMismatchError('method.name', method.name, 'span-usage')
    return
  }
  if (!spanIndex) {
    throw new EpochInputError(
      'This is a span-usage epoch: give the span index of the training contributions (rebuild it from them with buildSpanIndex).',
    )
  }
  expectEqual('method.version', 1, method.version)
  expectEqual('method.indexFormat', method.indexFormat, SPAN_INDEX_VERSION)
  expectEqual('method.indexHash', method.indexHash, spanIndexHash(spanIndex))
  expectEqual('method.indexDocuments', true, spanIndexMatches(spanIndex, inputs.train.contentHashes))
}

/**
 * Recomputes an epoch from its manifest and data, and throws `EpochMismatchError` naming the first field that
 * differs: the data's hashes, the training-set root, the row → contribution mapping, the near-duplicates, the usage
 * log's signature, every value (bit for bit), the allocations, the cumulative amounts and the root. A row of the data
 * that names a contribution outside the training set throws `ContributionNotInTrainingSetError`; a usage log that
 * its operator did not sign, `UsageLogSignatureError`. Resolves with the manifest's hash when everything matches.
 *
 * @example
 * const manifestHash = await verifyEpoch(manifest, { train, test, previous })
 * // compare with the manifestHash proposed on-chain (getEpoch)
 */
export async function verifyEpoch(manifest: EpochManifest, data: EpochData): Promise<Hex> {
  expectEqual('format', EPOCH_MANIFEST_FORMAT, manifest.format)
  const { train } = manifest.inputs
  expectEqual('inputs.train.embeddingsHash', train.embeddingsHash, bytesHash(data.train.x))
  expectEqual('inputs.train.labelsHash', train.labelsHash, bytesHash(data.train.y))
  expectEqual('inputs.train.textsHash', train.textsHash, textsHash(data.train.texts))
  expectEqual('inputs.train.dimension', train.dimension, data.train.dimension)
  expectEqual('inputs.train.size', train.size, data.train.y.length)
  await verifyValuationInputs(manifest, data)
  verifySpanIndex(manifest, data)
  expectEqual('inputs.train.contentHashes', train.contentHashes.join(), data.train.contentHashes.join())
  expectEqual('model.trainingSetRoot', manifest.model.trainingSetRoot, trainingSetRootOf(train.contentHashes))
  expectEqual('inputs.train.contributors.length', train.contentHashes.length, train.contributors.length)
  expectEqual('inputs.train.registrations.length', train.contentHashes.length, train.registrations.length)
  const { rows, counts } = rowContributionsOf(data.train)
  expectEqual('inputs.train.rowContributionsHash', train.rowContributionsHash, uint32Hash(rows))
  expectEqual('inputs.train.rowCounts.length', train.rowCounts.length, counts.length)
  counts.forEach((count, i) => {
    expectEqual(`inputs.train.rowCounts[${i}]`, train.rowCounts[i], count)
  })
  expectEqual(
    'previous.manifestHash',
    manifest.previous?.manifestHash,
    data.previous && epochManifestHash(data.previous),
  )

  const groups = groupRows(data.train, rows, train.registrations, manifest.method.nearDuplicates)
  const duplicates = duplicateRows(groups, rows, train.contentHashes)
  expectEqual('duplicates.length', manifest.duplicates.length, duplicates.length)
  duplicates.forEach((duplicate, i) => {
    expectEqual(`duplicates[${i}]`, canonicalizeJson(manifest.duplicates[i]), canonicalizeJson(duplicate))
  })
  const valuation: EpochValuation = data.usage
    ? { kind: 'usage', log: data.usage.log }
    : { kind: 'test', test: testOf(data), budget: BigInt(manifest.budget) }
  const evaluated = await evaluate(manifest.method, {
    train: data.train,
    rows,
    groups,
    valuation,
    spanIndex: data.spanIndex,
    contributors: train.contributors,
    previous: data.previous ? amounts(data.previous.cumulative) : [],
  })
  expectEqual('budget', manifest.budget, evaluated.budget.toString())
  expectEqual(
    'inputs.usage.unattributedQueries',
    manifest.inputs.usage?.unattributedQueries.join(),
    evaluated.usage?.unattributedQueries.join(),
  )
  expectEqual(
    'inputs.usage.unattributedFee',
    manifest.inputs.usage?.unattributedFee,
    evaluated.usage?.unattributedFee.toString(),
  )
  expectEqual('values.length', manifest.values.length, evaluated.values.length)
  manifest.values.forEach((value, i) => {
    expectEqual(`values[${i}]`, value, evaluated.values[i])
  })
  expectEqual('rowValuesHash', manifest.rowValuesHash, bytesHash(evaluated.rowValues))
  expectRows('allocations', manifest.allocations, amountRows(evaluated.allocations))
  expectRows('cumulative', manifest.cumulative, amountRows(evaluated.cumulative))
  expectEqual(
    'cumulativeTotal',
    manifest.cumulativeTotal,
    evaluated.cumulative.reduce((sum, a) => sum + a.amount, 0n).toString(),
  )
  expectEqual('root', manifest.root, evaluated.tree.root)
  return epochManifestHash(manifest)
}
