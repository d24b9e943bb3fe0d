/**
 * The data-valuation literature's checks for a valuation method, deterministic for fixed seeds: a seeded split,
 * seeded label noise, the AUROC of "low value ⇒ flipped", exact leave-one-out values of the KNN-Shapley utility,
 * and the accuracy of a K-nearest-neighbour vote after removing points. Used by scripts/bench/realDataset.ts and
 * test/node/realDataset.test.ts.
 */
import { readFileSync } from 'node:fs'
import { auroc, seededRandom } from '../bench/knn.js'

/** Points as one flat row-major array, `dimension` features each, and one whole-number class label per point. */
export type LabelledPoints = { x: Float64Array; y: Int32Array; dimension: number }

/**
 * For every test point, the training points from nearest to farthest: `order[t * n + r]` is the r-th nearest of the
 * n training points to test point t. Labels sit beside the order so the same ranking serves noisy and clean labels.
 */
export type Neighbours = { order: Int32Array; trainY: Int32Array; testY: Int32Array }

/**
 * UCI optical digits as scikit-learn ships it (`load_digits`): 1,797 8×8 images, 64 pixel counts from 0 to 16 and
 * the digit. test/fixtures/datasets/README.md gives its source and licence.
 *
 * @example
 * const digits = readOpticalDigits() // { x: Float64Array(115008), y: Int32Array(1797), dimension: 64 }
 */
export function readOpticalDigits(): LabelledPoints {
  const text = readFileSync(new URL('../../test/fixtures/datasets/optical-digits.csv', import.meta.url), 'utf8')
  const rows = text.trimEnd().split('\n')
  const dimension = 64
  const x = new Float64Array(rows.length * dimension)
  const y = new Int32Array(rows.length)
  rows.forEach((row, i) => {
    const cells = row.split(',').map(Number)
    // A fixture that lost a column or a digit must stop the benchmark, not shift every feature after it.
    if (cells.length !== dimension + 1 || !cells.every(Number.isInteger)) {
      throw new Error(`optical-digits.csv line ${i + 1} is not 64 pixel counts and a digit`)
    }
    x.set(cells.slice(0, dimension), i * dimension)
    y[i] = cells[dimension] as number
  })
  return { x, y, dimension }
}

function shuffledIndices(n: number, random: () => number): Int32Array {
  const indices = Int32Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const swap = indices[i] as number
    indices[i] = indices[j] as number
    indices[j] = swap
  }
  return indices
}

function pick(points: LabelledPoints, indices: Int32Array): LabelledPoints {
  const { dimension } = points
  const x = new Float64Array(indices.length * dimension)
  const y = new Int32Array(indices.length)
  indices.forEach((from, to) => {
    x.set(points.x.subarray(from * dimension, (from + 1) * dimension), to * dimension)
    y[to] = points.y[from] as number
  })
  return { x, y, dimension }
}

/**
 * A seeded random split into training points, the validation points they are valued against, and test points
 * (all the rest) for measuring accuracy, so that removal curves are not scored on the points that chose what to remove.
 *
 * @example
 * const { train, validation, test } = splitPoints(readOpticalDigits(), { train: 1200, validation: 300, seed: 1 })
 */
export function splitPoints(
  points: LabelledPoints,
  { train, validation, seed }: { train: number; validation: number; seed: number },
): { train: LabelledPoints; validation: LabelledPoints; test: LabelledPoints } {
  const indices = shuffledIndices(points.y.length, seededRandom(seed))
  return {
    train: pick(points, indices.subarray(0, train)),
    validation: pick(points, indices.subarray(train, train + validation)),
    test: pick(points, indices.subarray(train + validation)),
  }
}

/**
 * Gives exactly round(fraction · n) seeded-random points a different label, drawn uniformly from the other classes.
 *
 * @example
 * const { y, flipped } = flipLabels(train.y, { fraction: 0.1, classes: 10, seed: 2 })
 */
export function flipLabels(
  labels: Int32Array,
  { fraction, classes, seed }: { fraction: number; classes: number; seed: number },
): { y: Int32Array; flipped: boolean[] } {
  const n = labels.length
  const y = Int32Array.from(labels)
  const flipped = Array.from({ length: n }, () => false)
  const random = seededRandom(seed)
  // The new labels continue the stream that chose the points, so the two draws are not the same numbers.
  for (const i of shuffledIndices(n, random).subarray(0, Math.round(fraction * n))) {
    y[i] = ((labels[i] as number) + 1 + Math.floor(random() * (classes - 1))) % classes
    flipped[i] = true
  }
  return { y, flipped }
}

/**
 * Area under the ROC curve of "a lower value means flipped": the probability that a random flipped point is valued
 * below a random clean one, ties counting one half (the Mann–Whitney rank statistic with average ranks). 1 is a
 * perfect detector, 0.5 a coin. Needs at least one flipped and one clean point.
 *
 * @example
 * lowValueAuroc([0.1, 0.1, 0.5, 0.9], [true, false, true, false]) // 0.625
 */
export function lowValueAuroc(values: ArrayLike<number>, flipped: ArrayLike<boolean>): number {
  return auroc(
    Array.from(values, (value) => -value),
    flipped,
  )
}

/**
 * Ranks the training points by squared L2 distance to each test point, summed over features in order in double
 * precision, ties to the lower training index: the order knnShapley uses.
 *
 * @example
 * const neighbours = rankNeighbours(train, validation)
 */
export function rankNeighbours(train: LabelledPoints, test: LabelledPoints): Neighbours {
  const { dimension } = train
  const n = train.y.length
  const m = test.y.length
  const order = new Int32Array(m * n)
  const distance = new Float64Array(n)
  for (let t = 0; t < m; t++) {
    for (let i = 0; i < n; i++) {
      let sum = 0
      for (let j = 0; j < dimension; j++) {
        const e = (test.x[t * dimension + j] as number) - (train.x[i * dimension + j] as number)
        sum += e * e
      }
      distance[i] = sum
    }
    const row = order.subarray(t * n, (t + 1) * n)
    for (let i = 0; i < n; i++) row[i] = i
    row.sort((a, b) => (distance[a] as number) - (distance[b] as number) || a - b)
  }
  return { order, trainY: train.y, testY: test.y }
}

/**
 * Exact leave-one-out values of the utility knnShapley values, U(S) = (1/K) · #{points among the min(K, |S|)
 * nearest in S whose label is the test point's}, averaged over the test points: value_i = U(D) − U(D \ {i}).
 * Removing i changes U for a test point only when i is among its K nearest, and then the (K+1)-th nearest (if any)
 * takes its place, so this is O(M · K) after ranking. Counts are summed as integers and divided once, so the result
 * is exact and independent of summation order.
 *
 * @example
 * const loo = leaveOneOutValues(rankNeighbours(train, validation), 5)
 */
export function leaveOneOutValues({ order, trainY, testY }: Neighbours, k: number): Float64Array {
  const n = trainY.length
  const m = testY.length
  const counts = new Int32Array(n)
  for (let t = 0; t < m; t++) {
    const label = testY[t] as number
    const replacement = k < n ? order[t * n + k] : undefined
    const replacementCorrect = replacement !== undefined && trainY[replacement] === label ? 1 : 0
    for (let r = 0; r < Math.min(k, n); r++) {
      const i = order[t * n + r] as number
      counts[i] = (counts[i] as number) + (trainY[i] === label ? 1 : 0) - replacementCorrect
    }
  }
  return Float64Array.from(counts, (count) => count / (k * m))
}

/**
 * Accuracy of a K-nearest-neighbour majority vote over the training points that are not removed, ties between labels
 * going to the smaller label (as in scikit-learn).
 *
 * @example
 * const accuracy = knnVoteAccuracy(rankNeighbours(train, test), 5)
 */
export function knnVoteAccuracy(
  { order, trainY, testY }: Neighbours,
  k: number,
  removed: ArrayLike<boolean> = [],
): number {
  const n = trainY.length
  const m = testY.length
  const votes = new Int32Array(Math.max(...trainY) + 1)
  let correct = 0
  for (let t = 0; t < m; t++) {
    votes.fill(0)
    for (let r = 0, voters = 0; r < n && voters < k; r++) {
      const i = order[t * n + r] as number
      if (removed[i]) continue
      const label = trainY[i] as number
      votes[label] = (votes[label] as number) + 1
      voters++
    }
    let predicted = 0
    for (let label = 1; label < votes.length; label++) {
      if ((votes[label] as number) > (votes[predicted] as number)) predicted = label
    }
    if (predicted === testY[t]) correct++
  }
  return correct / m
}

const removalCount = (n: number, fraction: number) => Math.round(fraction * n)

/**
 * Accuracy after removing the lowest-valued round(fraction · n) training points (ties: lower index first), one
 * entry per fraction.
 *
 * @example
 * lowestValueRemoval(rankNeighbours(train, test), { values, k: 5, fractions: [0.1, 0.2, 0.3] })
 */
export function lowestValueRemoval(
  neighbours: Neighbours,
  { values, k, fractions }: { values: ArrayLike<number>; k: number; fractions: readonly number[] },
): number[] {
  const n = values.length
  const byValue = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (values[a] as number) - (values[b] as number) || a - b,
  )
  return fractions.map((fraction) => {
    const removed = Array.from({ length: n }, () => false)
    for (const i of byValue.slice(0, removalCount(n, fraction))) removed[i] = true
    return knnVoteAccuracy(neighbours, k, removed)
  })
}

/**
 * Mean accuracy after removing round(fraction · n) training points chosen at random, over one removal per seed.
 *
 * @example
 * randomRemoval(rankNeighbours(train, test), { k: 5, fractions: [0.1, 0.2, 0.3], seeds: [1, 2, 3] })
 */
export function randomRemoval(
  neighbours: Neighbours,
  { k, fractions, seeds }: { k: number; fractions: readonly number[]; seeds: readonly number[] },
): number[] {
  const n = neighbours.trainY.length
  const totals = fractions.map(() => 0)
  for (const seed of seeds) {
    const shuffled = shuffledIndices(n, seededRandom(seed))
    fractions.forEach((fraction, f) => {
      const removed = Array.from({ length: n }, () => false)
      for (const i of shuffled.subarray(0, removalCount(n, fraction))) removed[i] = true
      totals[f] = (totals[f] as number) + knnVoteAccuracy(neighbours, k, removed)
    })
  }
  return totals.map((total) => total / seeds.length)
}
