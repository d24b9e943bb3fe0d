/**
 * Usage-based valuation: each query a model answered is a test point, and its fee is split over the training points
 * in proportion to their positive exact KNN-Shapley values for that query alone. A point's weight is
 *   w_i = Σ_q fee_q · (v⁺_iq / S_q),  v⁺_iq = max(0, v_iq),  S_q = Σ_i v⁺_iq,
 * with v_iq the value knnShapley gives point i for the single test point (query q, labelled with the model's answer).
 * Only the positive part counts: a point that argues against the answer the user paid for earns nothing from that
 * query, and its negative value takes nothing from anyone else's share.
 *
 * Reproducible bit for bit: v_iq is exactly knnShapley's value; S_q adds the positive values from the farthest point
 * to the nearest (ties: the higher index first); a share is `fee * (v / S)`, with the fee rounded to the nearest
 * double; each block of KNN_BLOCK_SIZE queries adds its shares in query order onto zeros, and the blocks are added in
 * block order, whatever the number of workers.
 */
import { BaseError } from '../errors/base.js'
import { InvalidAllocationInputError, splitProportionally } from './allocateRewards.js'
import { DatasetShapeError } from './knnErrors.js'
import {
  createBlockFolder,
  KNN_BLOCK_SIZE,
  type KnnLabeledPoints,
  type KnnPoints,
  type KnnShapleyErrorType,
  knnShapleyRegressionSync,
  knnShapleySync,
  prepareKnnData,
  runKnnBlocks,
} from './knnShapley.js'
import { InvalidUsageFeeError } from './usageLog.js'

export type KnnUtility = 'classification' | 'regression'

/** Queries as points, each labelled with the model's answer, and the fee paid for each in token units. */
export type KnnUsageQueries = KnnPoints & { y: ArrayLike<number>; fees: readonly bigint[] }

export type KnnUsageValuesParameters = {
  /** The model's training points with their own labels (or targets). */
  train: KnnLabeledPoints
  queries: KnnUsageQueries
  k: number
  /** `'classification'` (the default) or `'regression'`. */
  utility?: KnnUtility | undefined
  /** As for knnShapley: worker threads, `0` for this thread; the result is the same bits for every choice. */
  workers?: number | undefined
  signal?: AbortSignal | undefined
}

export type KnnUsageValuesReturnType = {
  /** Per training point, in training order: the fee units its per-query values earn it, Σ_q fee_q · v⁺_iq / S_q. */
  values: Float64Array
  /**
   * Queries no training point supports (S_q = 0, e.g. an answer no training point has as its label), in query
   * order. Their fees go to nobody; keep them out of the epoch's budget.
   */
  unattributedQueries: number[]
  /** The sum of those queries' fees. */
  unattributedFee: bigint
  /** The sum of every other query's fee: what `values` splits, and the epoch's budget. */
  attributedFee: bigint
}

export type KnnUsageValuesErrorType = KnnShapleyErrorType | InvalidUsageFeeError

/**
 * Splits each query's fee over the training points in proportion to their positive exact KNN-Shapley values for
 * that query (labelled with the model's answer), and adds the shares up per point. O(M · N · d): per query, the
 * distances and, for classification, a sort of only the distance buckets that hold points of the answer's class.
 *
 * @example
 * const { values, attributedFee } = await knnUsageValues({
 *   train: { x: [[0, 0], [0, 1], [5, 5]], y: [0, 0, 1] },
 *   queries: { x: [[0, 0.4], [5, 4]], y: [0, 1], fees: [100n, 50n] },
 *   k: 1,
 * })
 * // values: Float64Array [50, 50, 50], attributedFee: 150n
 */
export async function knnUsageValues(parameters: KnnUsageValuesParameters): Promise<KnnUsageValuesReturnType> {
  const { train, queries, k, utility = 'classification', workers, signal } = parameters
  const data = prepareKnnData(utility, { train, test: queries, k })
  const m = data.testY.length
  if (!Array.isArray(queries.fees) || queries.fees.length !== m) {
    const count = Array.isArray(queries.fees) ? queries.fees.length : 'no'
    throw new DatasetShapeError('test', `it has ${m} queries but ${count} fees`)
  }
  queries.fees.forEach((fee, index) => {
    if (typeof fee !== 'bigint' || fee < 0n) throw new InvalidUsageFeeError({ index, fee: String(fee) })
  })
  // Number() rounds a bigint to the nearest double, ties to even, the same everywhere.
  const testFee = Float64Array.from(queries.fees, (fee) => Number(fee))
  const folder = createBlockFolder(data.n)
  const totals = new Float64Array(m)
  await runKnnBlocks({ ...data, testFee }, { workers, signal }, (index, sums, blockTotals) => {
    totals.set(blockTotals as Float64Array, index * KNN_BLOCK_SIZE)
    folder.add(index, sums)
  })
  const unattributedQueries: number[] = []
  let unattributedFee = 0n
  let attributedFee = 0n
  queries.fees.forEach((fee, q) => {
    if (totals[q] === 0) {
      unattributedQueries.push(q)
      unattributedFee += fee
    } else attributedFee += fee
  })
  return { values: folder.total(), unattributedQueries, unattributedFee, attributedFee }
}

export type KnnQueryValuesParameters = {
  train: KnnLabeledPoints
  /** One query: its features and the model's answer. */
  query: { x: readonly number[] | Float32Array | Float64Array; y: number }
  k: number
  utility?: KnnUtility | undefined
}

/**
 * The exact KNN-Shapley value of every training point for one query alone (labelled with the model's answer): the
 * v_iq that knnUsageValues splits the query's fee by. Pass it to splitQueryFee to see where the fee went.
 *
 * @example
 * const values = knnQueryValues({ train, query: { x: embedding, y: answer }, k: 5 })
 * const shares = splitQueryFee(values, 1500n)
 */
export function knnQueryValues({
  train,
  query,
  k,
  utility = 'classification',
}: KnnQueryValuesParameters): Float64Array {
  const test = { x: Float64Array.from(query.x), dimension: query.x.length, y: [query.y] }
  return (utility === 'regression' ? knnShapleyRegressionSync : knnShapleySync)({ train, test, k })
}

/** No training point has a positive value for the query, so its fee cannot be split among them. */
export class UnattributableQueryError extends BaseError {
  override name = 'UnattributableQueryError' as const
  constructor() {
    super(
      "No training point supports this query's answer, so its fee cannot be split; it stays out of the epoch's budget.",
    )
  }
}

/** The fee given to splitQueryFee is not a whole number of token units of 0 or more. */
export class InvalidQueryFeeError extends BaseError {
  override name = 'InvalidQueryFeeError' as const
  constructor(fee: unknown) {
    super(
      `The query's fee is ${String(fee)}; a fee is a whole number of token units, 0 or more, given as a bigint such as 1500n.`,
    )
  }
}

export type SplitQueryFeeErrorType = InvalidQueryFeeError | InvalidAllocationInputError | UnattributableQueryError

/**
 * Splits one query's fee over the training points in proportion to their positive values, exactly: the values
 * become exact rationals, shares are floored in BigInt, and the units left over go to the largest remainders, ties to
 * the lower index. The shares sum to `fee` exactly, each is within one unit of its exact proportional share, and a
 * point without a positive value gets 0.
 *
 * @example
 * splitQueryFee([0.5, -0.25, 0.25, 0.25], 1001n) // [501n, 0n, 250n, 250n]
 */
export function splitQueryFee(values: ArrayLike<number>, fee: bigint): bigint[] {
  if (typeof fee !== 'bigint' || fee < 0n) throw new InvalidQueryFeeError(fee)
  const indices: number[] = []
  const positive: number[] = []
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number
    if (!Number.isFinite(value)) throw new InvalidAllocationInputError(`Value ${i} is ${value}, not a finite number.`)
    if (value > 0) {
      indices.push(i)
      positive.push(value)
    }
  }
  if (positive.length === 0) throw new UnattributableQueryError()
  const shares = new Array<bigint>(values.length).fill(0n)
  // The positive values are in index order, so the remainder ties go to the lower index.
  splitProportionally(positive, fee).forEach((share, j) => {
    shares[indices[j] as number] = share
  })
  return shares
}
