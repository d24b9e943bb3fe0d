/**
 * Exact KNN-Shapley data values (Jia et al., "Efficient task-specific data valuation for nearest neighbor
 * algorithms", VLDB 2019): how much each training point helps a K-nearest-neighbour model get the test points right.
 *
 * Reproducible bit for bit: distances are squared L2 in double precision summed over features in order, ties go to
 * the lower training index, the value path uses only +, −, ×, / and comparisons, and per-test-point values are
 * summed in a fixed order (see KNN_BLOCK_SIZE) that does not depend on the number of workers.
 */

import {
  type DatasetName,
  DatasetShapeError,
  EmptyDatasetError,
  InvalidLabelError,
  InvalidNeighborCountError,
  InvalidWorkerCountError,
  KnnAbortedError,
  KnnWorkerError,
  NonFiniteValueError,
} from './knnErrors.js'
import { createKnnKernel, type KnnKernel, type KnnKernelData } from './knnKernel.js'
import { knnDistanceWasm } from './knnWasm.js'
import { availableCores, type BlockRange, isNodeLike, sumBlocksInWorkers } from './knnWorker.js'

export {
  type DatasetName,
  DatasetShapeError,
  EmptyDatasetError,
  InvalidLabelError,
  InvalidNeighborCountError,
  InvalidWorkerCountError,
  KnnAbortedError,
  KnnWorkerError,
  NonFiniteValueError,
}

/**
 * Test points are summed in blocks of this many, in test order, and the block sums are added in block order before
 * dividing by the number of test points. It is part of what defines the result's bits; a worker computes whole blocks.
 */
export const KNN_BLOCK_SIZE = 8

/** Points as rows (`number[][]`), or as one flat row-major array with its dimension (features per point). */
export type KnnPoints =
  | { x: readonly (readonly number[])[]; dimension?: number | undefined }
  | { x: Float32Array | Float64Array; dimension: number }

/** Points and one label (classification: a whole-number class) or target (regression) per point. */
export type KnnLabeledPoints = KnnPoints & { y: ArrayLike<number> }

export type KnnShapleyParameters = {
  /** The points to value. */
  train: KnnLabeledPoints
  /** The points they are valued against, e.g. a clean validation set. */
  test: KnnLabeledPoints
  /** How many neighbours vote. */
  k: number
  /**
   * Worker threads to use; `0` computes on the calling thread. Defaults to one per CPU core (at most 8) in Node when
   * the job is large enough to repay starting them, and to `0` elsewhere. Browsers always compute on the calling
   * thread for now. Each worker keeps its own copy of the training features (for WebAssembly) plus about 60 bytes per
   * training point.
   * The result is the same, bit for bit, for every choice.
   */
  workers?: number | undefined
  signal?: AbortSignal | undefined
}

export type KnnShapleySyncParameters = Omit<KnnShapleyParameters, 'workers' | 'signal'>

/** One value per training point, in training order, averaged over the test points. */
export type KnnShapleyReturnType = Float64Array

export type KnnShapleyErrorType =
  | EmptyDatasetError
  | DatasetShapeError
  | NonFiniteValueError
  | InvalidLabelError
  | InvalidNeighborCountError
  | InvalidWorkerCountError
  | KnnWorkerError
  | KnnAbortedError

type Kind = KnnKernelData['kind']

// Starting worker threads takes some 30–50 ms, so below about this much work (estimated from timings of the WebAssembly
// loop on a 2-core x86 machine: ~0.25 ns per feature and ~20 ns of sorting per pair) the calling thread is quicker.
const WORKER_THRESHOLD_MS = 50
// Each worker copies the training features, so a many-core server should not multiply that by its core count unasked.
const MAX_DEFAULT_WORKERS = 8

function readPoints(
  which: DatasetName,
  points: KnnPoints,
): { x: Float32Array | Float64Array; count: number; dimension: number } {
  const { x } = points
  if (x instanceof Float32Array || x instanceof Float64Array) {
    const { dimension } = points as { dimension: number }
    if (!Number.isInteger(dimension) || dimension < 1) {
      throw new DatasetShapeError(which, `the dimension must be a whole number of at least 1 (got ${dimension})`)
    }
    if (x.length % dimension !== 0) {
      throw new DatasetShapeError(
        which,
        `its ${x.length} feature values do not split into points of ${dimension} features each`,
      )
    }
    const count = x.length / dimension
    if (count === 0) throw new EmptyDatasetError(which)
    for (let i = 0; i < x.length; i++) {
      const value = x[i] as number
      // value − value is 0 for every finite number and NaN for NaN and ±Infinity.
      if (value - value !== 0) {
        throw new NonFiniteValueError({ which, field: 'x', index: Math.floor(i / dimension), value })
      }
    }
    return { x, count, dimension }
  }
  if (!Array.isArray(x)) {
    throw new DatasetShapeError(which, 'x must be an array of points, or a Float32Array or Float64Array')
  }
  const count = x.length
  if (count === 0) throw new EmptyDatasetError(which)
  const dimension = points.dimension ?? (x[0] as readonly number[] | undefined)?.length ?? 0
  if (!Number.isInteger(dimension) || dimension < 1) {
    throw new DatasetShapeError(which, `each point needs at least one feature (got ${dimension})`)
  }
  const flat = new Float64Array(count * dimension)
  for (let i = 0; i < count; i++) {
    const row = x[i]
    if (!Array.isArray(row) || row.length !== dimension) {
      const length = Array.isArray(row) ? `${row.length} features` : 'no feature array'
      throw new DatasetShapeError(which, `point ${i} has ${length}, but the points have ${dimension}`)
    }
    for (let j = 0; j < dimension; j++) {
      const value = row[j]
      if (typeof value !== 'number' || value - value !== 0) {
        throw new NonFiniteValueError({ which, field: 'x', index: i, value: Number(value) })
      }
      flat[i * dimension + j] = value
    }
  }
  return { x: flat, count, dimension }
}

function readLabels(which: DatasetName, kind: Kind, y: ArrayLike<number>, count: number): Float64Array {
  if (y === null || typeof y !== 'object' || typeof y.length !== 'number') {
    throw new DatasetShapeError(which, 'y must be an array with one label per point')
  }
  if (y.length !== count) {
    throw new DatasetShapeError(
      which,
      `it has ${count} points but ${y.length} ${kind === 'regression' ? 'targets' : 'labels'}`,
    )
  }
  const labels = new Float64Array(count)
  for (let i = 0; i < count; i++) {
    const value = y[i]
    if (typeof value !== 'number' || value - value !== 0) {
      throw new NonFiniteValueError({ which, field: 'y', index: i, value: Number(value) })
    }
    if (kind === 'classification' && !Number.isInteger(value)) throw new InvalidLabelError({ which, index: i, value })
    labels[i] = value
  }
  return labels
}

/**
 * Validates and flattens a data set for the kernel, throwing the named errors. knnUsage.ts shares it.
 *
 * @example
 * const data = prepareKnnData('classification', { train, test, k: 5 })
 */
export function prepareKnnData(kind: Kind, { train, test, k }: KnnShapleySyncParameters): KnnKernelData {
  if (!Number.isInteger(k) || k < 1) throw new InvalidNeighborCountError(k)
  const trainPoints = readPoints('train', train)
  const testPoints = readPoints('test', test)
  if (testPoints.dimension !== trainPoints.dimension) {
    throw new DatasetShapeError(
      'test',
      `its points have ${testPoints.dimension} features but the training points have ${trainPoints.dimension}`,
    )
  }
  return {
    kind,
    k,
    n: trainPoints.count,
    dimension: trainPoints.dimension,
    trainX: trainPoints.x,
    trainY: readLabels('train', kind, train.y, trainPoints.count),
    testX: testPoints.x,
    testY: readLabels('test', kind, test.y, testPoints.count),
    wasm: knnDistanceWasm(),
  }
}

const testCount = (data: KnnKernelData) => data.testY.length

function blockRanges(m: number) {
  const blocks: { start: number; end: number }[] = []
  for (let start = 0; start < m; start += KNN_BLOCK_SIZE)
    blocks.push({ start, end: Math.min(m, start + KNN_BLOCK_SIZE) })
  return blocks
}

/** Receives one block's per-training-point sums (and, for usage valuation, each of its queries' S_q). */
type BlockHandler = (index: number, sums: Float64Array, totals?: Float64Array) => void

/** Adds block sums into a total strictly in block order, holding blocks that arrive early. */
export function createBlockFolder(n: number) {
  const total = new Float64Array(n)
  const waiting = new Map<number, Float64Array>()
  let next = 0
  return {
    add(index: number, sums: Float64Array) {
      waiting.set(index, sums)
      for (let ready = waiting.get(next); ready; ready = waiting.get(next)) {
        waiting.delete(next)
        for (let j = 0; j < n; j++) total[j] = (total[j] as number) + (ready[j] as number)
        next++
      }
    },
    /** The sum of every block, once all have been added. */
    total(): Float64Array {
      return total
    },
    average(m: number): Float64Array {
      for (let j = 0; j < n; j++) total[j] = (total[j] as number) / m
      return total
    },
  }
}

function runBlock(kernel: KnnKernel, data: KnnKernelData, index: number, range: BlockRange, onBlock: BlockHandler) {
  if (data.testFee === undefined) return onBlock(index, kernel.sumBlock(range.start, range.end))
  const { sums, totals } = kernel.usageBlock(range.start, range.end)
  onBlock(index, sums, totals)
}

/** Every block of test points on the calling thread, in block order. */
function runKnnBlocksSync(data: KnnKernelData, onBlock: BlockHandler): void {
  const kernel = createKnnKernel(data)
  for (const [index, range] of blockRanges(testCount(data)).entries()) runBlock(kernel, data, index, range, onBlock)
}

/**
 * Every block of test points, in worker threads or on the calling thread (see `workers`); `onBlock` receives the
 * blocks in any order. knnUsage.ts shares it.
 *
 * @example
 * await runKnnBlocks(data, { workers: 2 }, folder.add)
 */
export async function runKnnBlocks(
  data: KnnKernelData,
  { workers, signal }: Pick<KnnShapleyParameters, 'workers' | 'signal'>,
  onBlock: BlockHandler,
): Promise<void> {
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 0)) throw new InvalidWorkerCountError(workers)
  if (signal?.aborted) throw new KnnAbortedError(signal.reason)
  const m = testCount(data)
  const blocks = blockRanges(m)
  const estimatedMs = (m * data.n * (data.dimension / 4 + 20)) / 1e6
  const threads = !isNodeLike()
    ? 0
    : (workers ?? (estimatedMs < WORKER_THRESHOLD_MS ? 0 : Math.min(MAX_DEFAULT_WORKERS, await availableCores())))
  if (threads > 0) return sumBlocksInWorkers(data, blocks, { workers: threads, onBlock, signal })
  const kernel = createKnnKernel(data)
  // Yield before the first block and then every 50 ms, so the caller's code after the call runs first, the event
  // loop keeps breathing, and an abort gets through.
  let lastYield = Number.NEGATIVE_INFINITY
  for (const [index, range] of blocks.entries()) {
    if (Date.now() - lastYield > 50) {
      await new Promise((resolve) => setTimeout(resolve, 0))
      if (signal?.aborted) throw new KnnAbortedError(signal.reason)
      lastYield = Date.now()
    }
    runBlock(kernel, data, index, range, onBlock)
  }
}

function valuesSync(data: KnnKernelData): Float64Array {
  const folder = createBlockFolder(data.n)
  runKnnBlocksSync(data, folder.add)
  return folder.average(testCount(data))
}

async function values(data: KnnKernelData, parameters: KnnShapleyParameters): Promise<Float64Array> {
  const folder = createBlockFolder(data.n)
  await runKnnBlocks(data, parameters, folder.add)
  return folder.average(testCount(data))
}

/**
 * Exact Shapley values of the K-nearest-neighbour classifier's utility, one per training point in training order,
 * averaged over the test points. For one test point with label t, U(S) = (1/K) · #{points among the min(K, |S|)
 * nearest in S whose label is t}, and U(∅) = 0. O(M · N · d) time: per test point, a radix argsort and the
 * recursion of Jia et al. (2019), Theorem 1. Positive values helped predict the test labels; negative values (often
 * mislabelled points) hurt.
 *
 * @example
 * const values = await knnShapley({
 *   train: { x: [[0, 0], [0, 1], [5, 5]], y: [0, 0, 1] },
 *   test: { x: [[0, 0.4]], y: [0] },
 *   k: 1,
 * })
 * // Float64Array [0.5, 0.5, 0] (the two class-0 points share the credit for the one test point)
 */
export async function knnShapley(parameters: KnnShapleyParameters): Promise<KnnShapleyReturnType> {
  return values(prepareKnnData('classification', parameters), parameters)
}

/**
 * knnShapley on the calling thread, synchronously. The result is bit for bit what knnShapley returns.
 *
 * @example
 * const values = knnShapleySync({ train: { x: trainX, dimension: 16, y: trainLabels }, test, k: 5 })
 */
export function knnShapleySync(parameters: KnnShapleySyncParameters): KnnShapleyReturnType {
  return valuesSync(prepareKnnData('classification', parameters))
}

/*
 * The regression recursion. For one test point with target t, P(S) = (1/K) · (sum of the min(K, |S|) nearest
 * targets in S) and U(S) = −(P(S) − t)², so U(∅) = −t². Number the training points by distance, z_i the i-th
 * nearest target. Shapley values of neighbours i and i+1 differ by the average, over S ⊆ D \ {i, i+1} weighted
 * 1 / ((N − 1) · C(N − 2, |S|)), of U(S ∪ {i}) − U(S ∪ {i+1}). Those two top-K sets differ only in i ↔ i+1, and only
 * when fewer than K points of S are nearer than i; with Q the other neighbours' target sum,
 *   U(S ∪ {i}) − U(S ∪ {i+1}) = (z_{i+1} − z_i)/K · ((z_i + z_{i+1})/K − 2t + 2Q/K).
 * The weighting is a uniform random permutation of the other points plus a marker, S being what precedes the marker.
 * So P(fewer than K nearer points) = min(K, i)/i = A_i; a nearer point l < i is one of the neighbours with
 * probability c_i = T(min(i − 1, K − 1)) / ((i − 1) · i), T(q) = q(q + 1)/2, the same for every such l; and a farther
 * point l > i + 1 is one with probability c_{l−1} (it must precede the marker with at most K − 2 of the l − 3 other
 * nearer points). Hence, with P_i = z_1 + … + z_{i−1} and G_i = Σ_{l ≥ i+2} c_{l−1} · z_l:
 *   s_i = s_{i+1} + (z_{i+1} − z_i)/K · (A_i · ((z_i + z_{i+1})/K − 2t) + (2/K) · (c_i · P_i + G_i)).
 * The farthest point changes the prediction only when S has fewer than K points, which gives
 *   s_N = −(z_N/K) · (A_N · (z_N/K − 2t) + (2/K) · c_N · P_N).
 * K = 1 reduces to s_i = s_{i+1} + ((z_{i+1} − t)² − (z_i − t)²)/i. The tests check all of it against brute-force
 * enumeration of every subset for N ≤ 8 and every K ≤ N + 1.
 */

/**
 * Exact Shapley values of K-nearest-neighbour regression, one per training point in training order, averaged over
 * the test points. For one test point with target t, U(S) = −((sum of the min(K, |S|) nearest targets in S) / K − t)²,
 * so U(∅) = −t² (the sum is divided by K even when S has fewer points). O(M · N · d) time via a linear, exact
 * recursion derived in this file's source, in the spirit of Jia et al. (2019).
 *
 * @example
 * const values = await knnShapleyRegression({
 *   train: { x: [[1], [2], [3], [4], [5]], y: [3, 1, 4, 1, 5] },
 *   test: { x: [[0]], y: [2] },
 *   k: 2,
 * })
 * // ≈ Float64Array [0.875, 1.4583, 0.5833, 0.7083, 0.375] (7/8, 35/24, 7/12, 17/24, 3/8)
 */
export async function knnShapleyRegression(parameters: KnnShapleyParameters): Promise<KnnShapleyReturnType> {
  return values(prepareKnnData('regression', parameters), parameters)
}

/**
 * knnShapleyRegression on the calling thread, synchronously. The result is bit for bit the same.
 *
 * @example
 * const values = knnShapleyRegressionSync({ train: { x: rows, y: prices }, test: { x: validation, y: truth }, k: 5 })
 */
export function knnShapleyRegressionSync(parameters: KnnShapleySyncParameters): KnnShapleyReturnType {
  return valuesSync(prepareKnnData('regression', parameters))
}
