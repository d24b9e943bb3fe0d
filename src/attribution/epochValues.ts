/**
 * What an epoch computes, in one place, so building and verifying cannot drift apart: which rows are copies, the
 * players' values (against a test set, or per logged query with each query's fee split over them), each
 * contribution's value, the allocations, the cumulative amounts and their tree.
 */
import { type Address, getAddress, type Hex } from 'viem'
import { buildRewardTree } from '../rewards/buildRewardTree.js'
import { type Allocation, accumulateRewards, allocateRewards, NothingToAllocateError } from './allocateRewards.js'
import { ContributionNotInTrainingSetError, EpochInputError } from './epochErrors.js'
import { knnShapley, knnShapleyRegression } from './knnShapley.js'
import { knnUsageValues } from './knnUsage.js'
import { groupNearDuplicates, type NearDuplicateRule, valuePlayers } from './nearDuplicates.js'
import type { SpanIndex } from './spans/buildSpanIndex.js'
import { spanUsageValues } from './spanUsage.js'
import { InvalidUsageLogError, type UsageLog, usageLogQueries } from './usageLog.js'

type Points = { x: Float64Array; dimension: number; y: Float64Array }
type Registration = { blockNumber: number; logIndex: number }

/** Each row's contribution, as an index into `contentHashes`, and how many rows each contribution holds. */
export function rowContributionsOf({
  contentHashes,
  rowContentHashes,
  y,
}: {
  contentHashes: readonly Hex[]
  rowContentHashes?: readonly Hex[] | undefined
  y: Float64Array
}) {
  const indexOf = new Map<string, number>()
  contentHashes.forEach((hash, i) => {
    if (indexOf.has(hash.toLowerCase())) {
      throw new EpochInputError(`Training contribution ${hash} is listed twice; list each contribution once.`)
    }
    indexOf.set(hash.toLowerCase(), i)
  })
  const named = rowContentHashes ?? contentHashes
  if (named.length !== y.length) {
    throw new EpochInputError(
      rowContentHashes
        ? `The training set has ${y.length} rows but names the contribution of ${named.length}.`
        : `The training set has ${y.length} rows but ${named.length} contributions; say which contribution each row belongs to.`,
    )
  }
  const rows = new Uint32Array(named.length)
  const counts = new Array<number>(contentHashes.length).fill(0)
  named.forEach((hash, row) => {
    const index = indexOf.get(hash.toLowerCase())
    if (index === undefined) throw new ContributionNotInTrainingSetError(row, hash)
    rows[row] = index
    counts[index] = (counts[index] as number) + 1
  })
  const empty = counts.indexOf(0)
  if (empty >= 0) throw new EpochInputError(`Training contribution ${contentHashes[empty]} has no rows.`)
  return { rows, counts }
}

export function checkPoints(name: string, points: Points) {
  if (!Number.isInteger(points.dimension) || points.dimension < 1) {
    throw new EpochInputError(`The ${name} embeddings need a positive whole dimension.`)
  }
  if (points.x.length !== points.y.length * points.dimension) {
    throw new EpochInputError(
      `The ${name} set has ${points.y.length} labels but ${points.x.length / points.dimension} embedding rows.`,
    )
  }
}

/**
 * Which rows are copies: `near-duplicate@1` with each row's priority its contribution's registration (block, then
 * log index), rows of one contribution in row order. Without a rule every row is a player.
 */
export function groupRows(
  train: Points & { texts?: readonly (string | undefined)[] | undefined },
  rows: Uint32Array,
  registrations: readonly Registration[],
  rule: NearDuplicateRule | null,
): Int32Array {
  if (!rule) return new Int32Array(rows.length).fill(-1)
  if (train.texts !== undefined && train.texts.length !== rows.length) {
    throw new EpochInputError(`The training set has ${rows.length} rows but ${train.texts.length} texts.`)
  }
  const priority = Float64Array.from(rows, (contribution) => {
    const { blockNumber, logIndex } = registrations[contribution] as Registration
    // Exact while blocks stay below 2^53 / 10^6 (about 9 × 10^9), and log indexes below 10^6.
    return blockNumber * 1_000_000 + logIndex
  })
  return groupNearDuplicates({ x: train.x, dimension: train.dimension, priority, texts: train.texts, rule })
}

function pickRows(points: Points, picked: readonly number[]): Points {
  const { dimension } = points
  const x = new Float64Array(picked.length * dimension)
  picked.forEach((row, i) => {
    x.set(points.x.subarray(row * dimension, (row + 1) * dimension), i * dimension)
  })
  return { x, dimension, y: Float64Array.from(picked, (row) => points.y[row] as number) }
}

export type EpochValuation = { kind: 'test'; test: Points; budget: bigint } | { kind: 'usage'; log: UsageLog }

/**
 * A query is compared with the training rows by distance, so it must be the same kind of point: text queries go
 * through the built-in featuriser as text rows did, and embedding queries must come from the rows' embedding model.
 * A text query against embedding rows (or the reverse) would give numbers that mean nothing, and pay on them.
 */
function checkQueryKinds(log: UsageLog, texts: readonly (string | undefined)[] | undefined) {
  const textRows = texts?.some((text) => text !== undefined) ?? false
  log.queries.forEach((query, i) => {
    if (textRows && query.text === undefined) {
      throw new InvalidUsageLogError(
        `query ${i} is an embedding, but the model's training rows are texts: log the query's text instead.`,
      )
    }
    if (!textRows && query.text !== undefined) {
      throw new InvalidUsageLogError(
        `query ${i} is a text, but the model's training rows are embeddings (or were given without their texts): log the query's embedding, made by the same model as the rows'.`,
      )
    }
  })
}

type EvaluateEpochParameters = {
  utility: 'classification' | 'regression'
  k: number
  train: Points & { texts?: readonly (string | undefined)[] | undefined }
  rows: Uint32Array
  groups: Int32Array
  valuation: EpochValuation
  contributors: readonly Address[]
  previous: readonly Allocation[]
  workers?: number | undefined
}

/**
 * Values the players (rows that copy nothing) and gives each copy 0; a contribution's value is its rows' values
 * added in row order. A test-set epoch splits `budget`; a usage epoch splits each query's fee over the players in
 * proportion to their positive values for it, so its budget is the fees of the queries some player supports.
 */
export async function evaluateEpoch({
  utility,
  k,
  train,
  rows,
  groups,
  valuation,
  contributors,
  previous,
  workers,
}: EvaluateEpochParameters) {
  const players: number[] = []
  groups.forEach((group, row) => {
    if (group === -1) players.push(row)
  })
  const playerPoints = players.length === rows.length ? train : pickRows(train, players)
  const options = workers === undefined ? {} : { workers }
  let playerValues: Float64Array
  let budget: bigint
  let usage: { unattributedQueries: number[]; unattributedFee: bigint } | undefined
  if (valuation.kind === 'usage') {
    checkQueryKinds(valuation.log, train.texts)
    const queries = usageLogQueries(valuation.log, { dimension: train.dimension })
    const result = await knnUsageValues({ train: playerPoints, queries, k, utility, ...options })
    playerValues = result.values
    budget = result.attributedFee
    usage = { unattributedQueries: result.unattributedQueries, unattributedFee: result.unattributedFee }
  } else {
    const parameters = { train: playerPoints, test: valuation.test, k, ...options }
    playerValues = await (utility === 'regression' ? knnShapleyRegression(parameters) : knnShapley(parameters))
    budget = valuation.budget
  }
  const rowValues = new Float64Array(rows.length)
  players.forEach((row, i) => {
    rowValues[row] = playerValues[i] as number
  })
  const values = valuePlayers({
    groups,
    values: playerValues,
    contributionOf: rows,
    contributions: contributors.length,
  })
  const allocations = allocateRewards(
    contributors.map((contributor, i) => ({ contributor, value: values[i] as number })),
    budget,
  )
  const cumulative = accumulateRewards(previous, allocations)
  return { rowValues, values, budget, usage, allocations, cumulative, tree: buildRewardTree(cumulative) }
}

type EvaluateSpanUsageEpochParameters = {
  log: UsageLog
  /** The span index of the training contributions, in the order of `contributors`. */
  index: SpanIndex
  minLength: number
  rows: Uint32Array
  contributors: readonly Address[]
  previous: readonly Allocation[]
}

/**
 * A span-usage epoch: each query's fee split exactly over the contributions whose spans its output repeats
 * (spanUsageValues). A contribution's value is the fee units it earned, and a contributor's allocation the exact sum
 * of their contributions' amounts: no second rounding, so every query's split stands as it was made. Rows are not
 * valued one by one, so every row value is 0.
 */
export function evaluateSpanUsageEpoch({
  log,
  index,
  minLength,
  rows,
  contributors,
  previous,
}: EvaluateSpanUsageEpochParameters) {
  const queries = log.queries.map(({ output, fee }) => ({ output, fee: BigInt(fee) }))
  const { amounts, attributedFee, unattributedQueries, unattributedFee } = spanUsageValues({
    index,
    queries,
    minLength,
  })
  const totals = new Map<Address, bigint>()
  contributors.forEach((contributor, i) => {
    const account = getAddress(contributor)
    totals.set(account, (totals.get(account) ?? 0n) + (amounts[i] as bigint))
  })
  const allocations = [...totals]
    .filter(([, amount]) => amount > 0n)
    .sort(([a], [b]) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))
    .map(([account, amount]) => ({ account, amount }))
  if (allocations.length === 0) throw new NothingToAllocateError()
  const cumulative = accumulateRewards(previous, allocations)
  return {
    rowValues: new Float64Array(rows.length),
    // Number() rounds to the nearest double; the allocations are made from the exact amounts.
    values: Float64Array.from(amounts, (amount) => Number(amount)),
    budget: attributedFee,
    usage: { unattributedQueries, unattributedFee },
    allocations,
    cumulative,
    tree: buildRewardTree(cumulative),
  }
}
