/**
 * Near-duplicate grouping: before an epoch is valued, a copy of a point that is already registered earns nothing,
 * and the first registration keeps the credit. A one-byte change gets past the registry's exact-duplicate check,
 * so the grouping compares features and texts rather than bytes.
 *
 * The rule `near-duplicate@1`, which is part of the epoch's method and recorded with its thresholds in the manifest:
 * 1. Points are visited in ascending `priority` (the registration's position on-chain), ties to the lower index.
 * 2. A point copies the first-visited player q (a point that copies nothing) for which either
 *    - the squared L2 distance, in double precision summed over the features in order (the distance knnShapley
 *      uses), is at most `maxSquaredDistance`. Every such pair is found: the search below is exact; or
 *    - `rule.text` is set, both points have a text that is not empty after normalisation, their MinHash signatures
 *      (minHash.ts: `permutations` entries over shingles of `shingle` code points) are equal on every entry of at
 *      least one band (the signature cut into `bands` runs of permutations / bands consecutive entries), and the
 *      fraction of equal entries, the estimated Jaccard similarity of the two shingle sets, is at least `minJaccard`.
 *    Otherwise the point becomes a player.
 * Copies are never compared with later points, so a chain of small edits cannot walk away from its player and
 * grouping does not depend on which copies arrived in between.
 *
 * The bands only decide which pairs are compared (locality-sensitive hashing); because they are part of the rule, a
 * pair whose estimated Jaccard passes but that shares no band is, by definition, not a copy. With the defaults that
 * happens to about 1.2% of pairs whose shingle sets have Jaccard similarity 0.6, and to fewer than 0.1% at 0.7.
 */
import { BaseError } from '../errors/base.js'
import { DatasetShapeError, NonFiniteValueError } from './knnErrors.js'
import { fnv1a, writeMinHash } from './minHash.js'
import { fmix32 } from './textHash.js'

export const NEAR_DUPLICATE_RULE_NAME = 'near-duplicate@1'

/** The thresholds of `near-duplicate@1`; plain JSON, so the manifest can record them. */
export type NearDuplicateRule = {
  name: typeof NEAR_DUPLICATE_RULE_NAME
  /** Points at most this squared L2 distance apart are copies. 0 groups only identical features. */
  maxSquaredDistance: number
  /** MinHash over character shingles, for points that carry a text; `null` compares features only. */
  text: {
    /** Code points per shingle. */
    shingle: number
    /** Signature length. */
    permutations: number
    /** Runs the signature is cut into; it must divide `permutations`. */
    bands: number
    /** The least estimated Jaccard similarity, from 0 to 1, of two copies' shingle sets. */
    minJaccard: number
  } | null
}

/**
 * The defaults, chosen for unit-length features (featurizeText's output and most text and image embeddings) and
 * texts of a sentence or more:
 * - maxSquaredDistance 0.0001 is cosine similarity 0.99995 between unit vectors, noise of up to 1% of a vector's
 *   length: far below what separates two different inputs. It is no larger because the exact search slows steeply
 *   as the threshold nears the spread of the data along a direction (1/d for unit vectors in d dimensions): for
 *   100,000 featurizeText vectors (d = 256) it takes about 1 s at 0.0001 and about a minute at 0.001. Texts do not
 *   need more: their features are computed from the text, so a copier edits the text, and the MinHash rule catches
 *   that (one edit moves a 50-character sentence's featurizeText vector by a squared distance of about 0.08).
 * - Shingles of 5 code points and minJaccard 0.6: one changed character alters at most 5 shingles, which keeps a
 *   text of L ≥ 24 characters at Jaccard (L − 9) / (L + 1) ≥ 0.6 or more (0.85 at 60 characters), while unrelated
 *   texts share almost no 5-character runs (Jaccard near 0), and two short texts that differ in one word ("the
 *   movie was great" and "the movie was terrible", 0.43) stay apart. Shorter shingles would let common words
 *   ("the ", "ing ") pull unrelated texts together.
 * - 128 permutations estimate Jaccard to within about ±0.04 near 0.6; 32 bands of 4 rows make a pair a candidate
 *   with probability 1 − (1 − J⁴)³², 98.8% at J = 0.6 and over 99.9% at J = 0.7, while keeping buckets of
 *   unrelated texts small. Texts that share long boilerplate fill the same buckets and make grouping slower, not
 *   wrong.
 * Features on another scale (raw pixel values, counts) need their own maxSquaredDistance.
 */
export const DEFAULT_NEAR_DUPLICATE_RULE: NearDuplicateRule = Object.freeze({
  name: NEAR_DUPLICATE_RULE_NAME,
  maxSquaredDistance: 0.0001,
  text: Object.freeze({ shingle: 5, permutations: 128, bands: 32, minJaccard: 0.6 }),
})

/** The near-duplicate rule has a value that cannot be used, e.g. a negative threshold or bands that do not divide. */
export class InvalidNearDuplicateRuleError extends BaseError {
  override name = 'InvalidNearDuplicateRuleError' as const

  constructor(problem: string) {
    super(`The near-duplicate rule cannot be used: ${problem}.`)
  }
}

/** A point's priority is not a finite number, so it cannot be told whether it was registered before another point. */
export class InvalidPriorityError extends BaseError {
  override name = 'InvalidPriorityError' as const
  readonly index: number

  constructor({ index, value }: { index: number; value: unknown }) {
    super(
      `Point ${index} has priority ${String(value)}; every point needs a finite number that orders its registration, such as its block number × 1,000,000 + log index.`,
    )
    this.index = index
  }
}

export type GroupNearDuplicatesParameters = {
  /** The points' features, flat and row-major, as knnShapley takes them. */
  x: Float32Array | Float64Array
  /** Features per point. */
  dimension: number
  /**
   * One number per point: lower was registered earlier. Points of one contribution may share a priority; ties go
   * to the lower index. Block number × 1,000,000 + log index is exact while it stays below 2^53.
   */
  priority: ArrayLike<number>
  /** Each point's text, or `undefined` for a point without one; compared only when `rule.text` is set. */
  texts?: readonly (string | undefined)[] | undefined
  rule: NearDuplicateRule
}

/** One entry per point: −1 for a player, otherwise the index of the player it copies. */
export type GroupNearDuplicatesReturnType = Int32Array

export type GroupNearDuplicatesErrorType =
  | DatasetShapeError
  | NonFiniteValueError
  | InvalidPriorityError
  | InvalidNearDuplicateRuleError

// The exact search: sign vectors s (entries ±1) give a lower bound on distance, |s·p − s·q| ≤ √d · ‖p − q‖, so only
// pairs whose projections are within √(d · maxSquaredDistance) on every direction can be copies. Points go into grid
// cells at least twice that bound wide over the first GRID_DIRECTIONS projections, so a copy lies in the point's own
// cell or the next one on the nearer side: 2^GRID_DIRECTIONS cells to look in. The other projections reject most of
// what remains before the full distance. The directions change only the speed, never the result.
const GRID_DIRECTIONS = 4
const DIRECTIONS = 8
// Far more than the rounding of a d-term sum (d · 2^−53 relative), so the bounds hold for the rounded numbers too.
const slackFactor = (dimension: number) => (dimension + 8) * 2 ** -40

function checkRule(rule: NearDuplicateRule): void {
  if (rule === null || typeof rule !== 'object' || rule.name !== NEAR_DUPLICATE_RULE_NAME) {
    throw new InvalidNearDuplicateRuleError(`its name must be '${NEAR_DUPLICATE_RULE_NAME}'`)
  }
  const { maxSquaredDistance, text } = rule
  if (typeof maxSquaredDistance !== 'number' || !Number.isFinite(maxSquaredDistance) || maxSquaredDistance < 0) {
    throw new InvalidNearDuplicateRuleError(
      `maxSquaredDistance must be a finite number of at least 0 (got ${String(maxSquaredDistance)})`,
    )
  }
  if (text === null) return
  if (typeof text !== 'object') throw new InvalidNearDuplicateRuleError('text must be null or an object')
  const { shingle, permutations, bands, minJaccard } = text
  if (!Number.isInteger(shingle) || shingle < 1 || shingle > 64) {
    throw new InvalidNearDuplicateRuleError(`text.shingle must be a whole number from 1 to 64 (got ${shingle})`)
  }
  if (!Number.isInteger(permutations) || permutations < 1 || permutations > 1024) {
    throw new InvalidNearDuplicateRuleError(
      `text.permutations must be a whole number from 1 to 1024 (got ${permutations})`,
    )
  }
  if (!Number.isInteger(bands) || bands < 1 || permutations % bands !== 0) {
    throw new InvalidNearDuplicateRuleError(
      `text.bands must be a whole number that divides text.permutations (${permutations}) (got ${bands})`,
    )
  }
  if (typeof minJaccard !== 'number' || !(minJaccard >= 0 && minJaccard <= 1)) {
    throw new InvalidNearDuplicateRuleError(`text.minJaccard must be a number from 0 to 1 (got ${String(minJaccard)})`)
  }
}

function checkPoints(x: Float32Array | Float64Array, dimension: number): number {
  if (!(x instanceof Float32Array || x instanceof Float64Array)) {
    throw new DatasetShapeError('train', 'x must be a Float32Array or Float64Array')
  }
  if (!Number.isInteger(dimension) || dimension < 1) {
    throw new DatasetShapeError('train', `the dimension must be a whole number of at least 1 (got ${dimension})`)
  }
  if (x.length % dimension !== 0) {
    throw new DatasetShapeError(
      'train',
      `its ${x.length} feature values do not split into points of ${dimension} features each`,
    )
  }
  for (let i = 0; i < x.length; i++) {
    const value = x[i] as number
    // value − value is 0 for every finite number and NaN for NaN and ±Infinity.
    if (value - value !== 0) {
      throw new NonFiniteValueError({ which: 'train', field: 'x', index: Math.floor(i / dimension), value })
    }
  }
  return x.length / dimension
}

/** Point indices in visiting order: ascending priority, ties to the lower index. */
function visitingOrder(priority: ArrayLike<number>, count: number): Int32Array {
  if (priority === null || typeof priority !== 'object' || typeof priority.length !== 'number') {
    throw new DatasetShapeError('train', 'priority must be an array with one number per point')
  }
  if (priority.length !== count) {
    throw new DatasetShapeError('train', `it has ${count} points but ${priority.length} priorities`)
  }
  const keys = new Float64Array(count)
  for (let i = 0; i < count; i++) {
    const value = priority[i]
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidPriorityError({ index: i, value })
    keys[i] = value
  }
  return Int32Array.from({ length: count }, (_, i) => i).sort(
    (a, b) => (keys[a] as number) - (keys[b] as number) || a - b,
  )
}

/**
 * Lists of point indices by a 32-bit key, each in the order added. Open addressing over typed arrays: several times
 * quicker than a Map here. Keys that collide share a list, which costs time but never exactness.
 */
function createBuckets(capacity: number) {
  let size = 2
  while (size < 2 * capacity) size *= 2
  const mask = size - 1
  const keys = new Int32Array(size)
  const heads = new Int32Array(size).fill(-1)
  const tails = new Int32Array(size)
  const next = new Int32Array(capacity).fill(-1)
  const slot = (key: number) => {
    let at = key & mask
    while (heads[at] !== -1 && keys[at] !== key) at = (at + 1) & mask
    return at
  }
  return {
    /** The first index listed under `key`, or −1; follow `next` for the rest. */
    first: (key: number) => heads[slot(key | 0)] as number,
    next,
    add(key: number, index: number) {
      const at = slot(key | 0)
      if (heads[at] === -1) {
        keys[at] = key | 0
        heads[at] = index
      } else {
        next[tails[at] as number] = index
      }
      tails[at] = index
    },
  }
}

/** Finds, for a point, the earliest-visited player within maxSquaredDistance; players are added in visiting order. */
function createFeatureIndex(x: Float32Array | Float64Array, dimension: number, count: number, limit: number) {
  const signs = new Float64Array(dimension * DIRECTIONS)
  for (let j = 0; j < dimension; j++) {
    for (let a = 0; a < DIRECTIONS; a++) signs[j * DIRECTIONS + a] = fnv1a([a, j]) >>> 31 ? -1 : 1
  }
  const projections = new Float64Array(count * DIRECTIONS)
  const slack = new Float64Array(count)
  const factor = slackFactor(dimension)
  let widest = 0
  let largest = 0
  for (let i = 0; i < count; i++) {
    // Eight running sums in locals: the projections are a third of the work, and arrays here are twice as slow.
    let s0 = 0
    let s1 = 0
    let s2 = 0
    let s3 = 0
    let s4 = 0
    let s5 = 0
    let s6 = 0
    let s7 = 0
    let absolute = 0
    for (let j = 0, row = i * dimension, at = 0; j < dimension; j++, at += DIRECTIONS) {
      const value = x[row + j] as number
      absolute += Math.abs(value)
      s0 += (signs[at] as number) * value
      s1 += (signs[at + 1] as number) * value
      s2 += (signs[at + 2] as number) * value
      s3 += (signs[at + 3] as number) * value
      s4 += (signs[at + 4] as number) * value
      s5 += (signs[at + 5] as number) * value
      s6 += (signs[at + 6] as number) * value
      s7 += (signs[at + 7] as number) * value
    }
    projections.set([s0, s1, s2, s3, s4, s5, s6, s7], i * DIRECTIONS)
    largest = Math.max(largest, Math.abs(s0), Math.abs(s1), Math.abs(s2), Math.abs(s3))
    slack[i] = factor * absolute
    widest = Math.max(widest, slack[i] as number)
  }
  // A term's square that underflows loses less than 2^−1074, hence the absolute part.
  const radius = Math.sqrt(dimension * limit) * (1 + factor) + dimension * 2 ** -537
  // Twice any pair's bound, so a copy is at most half a cell away; and at most 2^40 cells from zero, so rounding the
  // division cannot move a point by a sizeable part of a cell.
  const width = Math.max(2 * (radius + 2 * widest) * (1 + 2 ** -8), largest * 2 ** -40)
  // NaN (an overflowed sum) or infinity: every point goes in one cell.
  const oneCell = !(width < Number.POSITIVE_INFINITY)
  // A cell's key mixes one hash per coordinate with XOR, so each point hashes its own and its nearer neighbour's
  // coordinate once per direction, and any of the 2^GRID_DIRECTIONS cells costs a few XORs.
  const own = new Int32Array(count * GRID_DIRECTIONS)
  const nearer = new Int32Array(count * GRID_DIRECTIONS)
  const coordinateHash = (a: number, c: number) =>
    fmix32((Math.imul((c >>> 0) ^ Math.imul(a + 1, 0x9e3779b9), 0x01000193) ^ (Math.floor(c / 4294967296) | 0)) >>> 0)
  for (let i = 0; i < count && !oneCell; i++) {
    for (let a = 0; a < GRID_DIRECTIONS; a++) {
      // Whole numbers below 2^41 in size, so c ± 1 is exact.
      const u = (projections[i * DIRECTIONS + a] as number) / width
      const c = Math.floor(u)
      own[i * GRID_DIRECTIONS + a] = coordinateHash(a, c)
      nearer[i * GRID_DIRECTIONS + a] = coordinateHash(a, u - c < 0.5 ? c - 1 : c + 1)
    }
  }
  const cellKey = (i: number, neighbour: number) => {
    let hash = 0
    for (let a = 0; a < GRID_DIRECTIONS; a++) {
      hash ^= ((neighbour >> a) & 1 ? nearer[i * GRID_DIRECTIONS + a] : own[i * GRID_DIRECTIONS + a]) as number
    }
    return fmix32(hash >>> 0)
  }
  const cells = createBuckets(count)
  const neighbours = oneCell ? 1 : 2 ** GRID_DIRECTIONS

  const copies = (p: number, q: number) => {
    const bound = radius + (slack[p] as number) + (slack[q] as number)
    for (let a = 0; a < DIRECTIONS; a++) {
      // Written so that NaN (an overflowed projection) keeps the pair.
      if (Math.abs((projections[p * DIRECTIONS + a] as number) - (projections[q * DIRECTIONS + a] as number)) > bound) {
        return false
      }
    }
    let sum = 0
    for (let j = 0; j < dimension; j++) {
      const e = (x[p * dimension + j] as number) - (x[q * dimension + j] as number)
      sum += e * e
    }
    return sum <= limit
  }

  return {
    /** The lowest rank below `before` of a player that `p` copies, or `before`. */
    find(p: number, rank: Int32Array, before: number): number {
      let best = before
      for (let neighbour = 0; neighbour < neighbours; neighbour++) {
        // Players are listed in visiting order, so the first copy found in a cell is that cell's earliest.
        for (let q = cells.first(cellKey(p, neighbour)); q !== -1; q = cells.next[q] as number) {
          if ((rank[q] as number) >= best) break
          if (copies(p, q)) {
            best = rank[q] as number
            break
          }
        }
      }
      return best
    },
    add: (p: number) => cells.add(cellKey(p, 0), p),
  }
}

/** The MinHash half of the rule: signatures, and for each band a bucket of players by the band's hash. */
function createTextIndex(
  texts: readonly (string | undefined)[],
  { shingle, permutations, bands, minJaccard }: NonNullable<NearDuplicateRule['text']>,
) {
  const count = texts.length
  const rows = permutations / bands
  const signatures = new Uint32Array(count * permutations)
  const hasText = new Uint8Array(count)
  for (let i = 0; i < count; i++) {
    const text = texts[i]
    if (text === undefined) continue
    if (typeof text !== 'string') {
      throw new DatasetShapeError('train', `the text of point ${i} must be a string or undefined (got ${typeof text})`)
    }
    hasText[i] = writeMinHash(text, { shingle, permutations }, signatures, i * permutations) ? 1 : 0
  }
  const bandKey = (i: number, band: number) =>
    fnv1a(signatures, i * permutations + band * rows, i * permutations + (band + 1) * rows)
  const buckets = Array.from({ length: bands }, () => createBuckets(count))

  const copies = (p: number, q: number, band: number) => {
    // Two bands can share a hash without being equal, and the rule asks for equal.
    for (let r = band * rows; r < (band + 1) * rows; r++) {
      if (signatures[p * permutations + r] !== signatures[q * permutations + r]) return false
    }
    let equal = 0
    for (let r = 0; r < permutations; r++) {
      if (signatures[p * permutations + r] === signatures[q * permutations + r]) equal++
    }
    return equal / permutations >= minJaccard
  }

  return {
    find(p: number, rank: Int32Array, before: number): number {
      if (!hasText[p]) return before
      let best = before
      for (let band = 0; band < bands; band++) {
        const bucket = buckets[band] as ReturnType<typeof createBuckets>
        for (let q = bucket.first(bandKey(p, band)); q !== -1; q = bucket.next[q] as number) {
          if ((rank[q] as number) >= best) break
          if (copies(p, q, band)) {
            best = rank[q] as number
            break
          }
        }
      }
      return best
    },
    add(p: number) {
      if (!hasText[p]) return
      for (let band = 0; band < bands; band++) buckets[band]?.add(bandKey(p, band), p)
    },
  }
}

/**
 * Groups near-duplicates by the rule `near-duplicate@1` (this file's header): one entry per point, −1 for a player,
 * otherwise the index of the earlier-registered player it copies. Value only the players; a copy gets zero.
 * Deterministic: the result depends only on the features, texts, priorities and rule (and, for equal priorities, on
 * the points' order). About 0.2–0.4 s for 100,000 points of 128 features on one core when few of them are close.
 *
 * @example
 * const groups = groupNearDuplicates({
 *   x: new Float64Array([0, 0, 5, 5, 0, 0.001]),
 *   dimension: 2,
 *   priority: [10, 11, 12],
 *   rule: DEFAULT_NEAR_DUPLICATE_RULE,
 * })
 * // Int32Array [-1, -1, 0]: the third point copies the first
 */
export function groupNearDuplicates({
  x,
  dimension,
  priority,
  texts,
  rule,
}: GroupNearDuplicatesParameters): GroupNearDuplicatesReturnType {
  checkRule(rule)
  const count = checkPoints(x, dimension)
  const order = visitingOrder(priority, count)
  if (texts !== undefined && (!Array.isArray(texts) || texts.length !== count)) {
    throw new DatasetShapeError(
      'train',
      `it has ${count} points but ${Array.isArray(texts) ? texts.length : 'no array of'} texts`,
    )
  }
  const rank = new Int32Array(count)
  for (let r = 0; r < count; r++) rank[order[r] as number] = r
  const features = createFeatureIndex(x, dimension, count, rule.maxSquaredDistance)
  const text = rule.text !== null && texts !== undefined ? createTextIndex(texts, rule.text) : null
  const groups = new Int32Array(count).fill(-1)
  for (let r = 0; r < count; r++) {
    const p = order[r] as number
    let best = features.find(p, rank, r)
    if (text) best = text.find(p, rank, best)
    if (best < r) {
      groups[p] = order[best] as number
    } else {
      features.add(p)
      text?.add(p)
    }
  }
  return groups
}

export type ValuePlayersParameters = {
  /** groupNearDuplicates' result. */
  groups: Int32Array
  /** One value per player (entry −1 in `groups`), in point order: what knnShapley returned for the players alone. */
  values: ArrayLike<number>
  /** For each point, the index of the contribution it belongs to. */
  contributionOf: ArrayLike<number>
  /** How many contributions there are. */
  contributions: number
}

/**
 * Each contribution's value: the sum of its players' values, added in point order, so copies add nothing.
 *
 * @example
 * const groups = groupNearDuplicates({ x, dimension, priority, rule: DEFAULT_NEAR_DUPLICATE_RULE })
 * const players = [...groups.keys()].filter((i) => groups[i] === -1)
 * const values = knnShapleySync({ train: pick(train, players), test, k: 5 })
 * const totals = valuePlayers({ groups, values, contributionOf, contributions: contentHashes.length })
 */
export function valuePlayers({ groups, values, contributionOf, contributions }: ValuePlayersParameters): Float64Array {
  if (!Number.isInteger(contributions) || contributions < 0) {
    throw new DatasetShapeError('train', `the number of contributions must be a whole number (got ${contributions})`)
  }
  if (contributionOf.length !== groups.length) {
    throw new DatasetShapeError(
      'train',
      `it has ${groups.length} points but ${contributionOf.length} contribution indices`,
    )
  }
  let players = 0
  for (const group of groups) if (group === -1) players++
  if (values.length !== players) {
    throw new DatasetShapeError('train', `it has ${players} players but ${values.length} values`)
  }
  const totals = new Float64Array(contributions)
  let next = 0
  for (let i = 0; i < groups.length; i++) {
    const contribution = contributionOf[i] as number
    if (!Number.isInteger(contribution) || contribution < 0 || contribution >= contributions) {
      throw new DatasetShapeError(
        'train',
        `point ${i} belongs to contribution ${contribution}, but there are ${contributions} contributions`,
      )
    }
    if (groups[i] !== -1) continue
    totals[contribution] = (totals[contribution] as number) + (values[next++] as number)
  }
  return totals
}
