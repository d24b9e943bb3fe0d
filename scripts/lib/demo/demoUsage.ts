/**
 * The demo's model in use: it answers reviews (positive or negative) from its training rows, the platform logs each
 * answer with the fee it charged, and a usage epoch pays those fees to the contributions whose rows supported the
 * answers.
 */
import { randomUUID } from 'node:crypto'
import { type Address, getAddress, type Hex, parseUnits } from 'viem'
import { epochDataFromDataset } from '../../../src/attribution/epochDataset.js'
import { featurizeText } from '../../../src/attribution/featurizeText.js'
import { knnQueryValues, splitQueryFee, UnattributableQueryError } from '../../../src/attribution/knnUsage.js'
import { signUsageLog, USAGE_LOG_FORMAT, type UsageLog } from '../../../src/attribution/usageLog.js'
import { BaseError } from '../../../src/errors/base.js'
import { K, runUsageEpoch } from './demoEpochs.js'
import { type DemoLedger, type DemoModel, ROLES } from './demoLedger.js'

/** What the platform charges for one answer, in reward-token units (the token has 18 decimals). */
export const QUERY_FEE = parseUnits('1.5', 18)
/** Reviews are short; a longer text is refused rather than silently cut. */
export const MAX_QUERY_LENGTH = 280

/** Something the person asking can fix: the server answers it with HTTP `status` (4xx) and this message. */
export class DemoRequestError extends BaseError {
  override name = 'DemoRequestError' as const
  constructor(
    readonly status: number,
    shortMessage: string,
  ) {
    super(shortMessage)
  }
}

type Share = { contentHash: Hex; contributor: Address; amount: bigint }

export type ModelAnswer = {
  id: string
  modelId: number
  model: string
  text: string
  /** 1 positive, 0 negative. */
  answer: 0 | 1
  /**
   * The answer in a sentence that quotes the nearest training reviews that voted for it: model output built from
   * training data, so `<ledger-trace>` finds those reviews in it, verbatim.
   */
  explanation: string
  fee: bigint
  /** Per contribution whose rows supported the answer, largest first; empty when the fee is held back. */
  shares: Share[]
  /** Queries, and their fees, logged and not yet paid out by a usage epoch (this one included). */
  pending: { queries: number; fees: bigint }
}

/** The model's training rows as points; a row that copies an earlier registration earns nothing, so is left out. */
function pointsOf(model: DemoModel) {
  const { train } = epochDataFromDataset({ train: model.train })
  const copies = new Set(model.manifest.duplicates.map(({ row }) => row))
  const players = model.train.flatMap((_, row) => (copies.has(row) ? [] : [row]))
  const { dimension } = train
  const x = new Float64Array(players.length * dimension)
  players.forEach((row, i) => {
    x.set(train.x.subarray(row * dimension, (row + 1) * dimension), i * dimension)
  })
  return {
    all: train,
    players: { x, dimension, y: Float64Array.from(players, (row) => train.y[row] as number) },
    playerRows: players,
  }
}

/**
 * The K nearest training rows' majority label (squared L2, ties to the lower row, as the valuation orders them), and
 * those rows, nearest first. A tied vote, possible only for an even K, goes to the nearest row's label.
 */
function answerOf(
  train: { x: Float64Array; dimension: number; y: Float64Array },
  query: Float64Array,
): { answer: 0 | 1; nearest: number[] } {
  const { x, dimension, y } = train
  const distances = Array.from(y, (_, row) => {
    let sum = 0
    for (let j = 0; j < dimension; j++) sum += ((x[row * dimension + j] as number) - (query[j] as number)) ** 2
    return { row, sum }
  })
  const nearest = distances.sort((a, b) => a.sum - b.sum || a.row - b.row).slice(0, K)
  const positives = nearest.filter(({ row }) => y[row] === 1).length
  const negatives = nearest.length - positives
  const rows = nearest.map(({ row }) => row)
  if (positives === negatives) return { answer: y[nearest[0]?.row ?? 0] === 1 ? 1 : 0, nearest: rows }
  return { answer: positives > negatives ? 1 : 0, nearest: rows }
}

/** `Positive: it reads like "…" and "…".`, quoting each distinct nearest review that voted for the answer. */
function explain(model: DemoModel, answer: 0 | 1, nearest: number[]) {
  const voters = nearest.flatMap((row) => {
    const voter = model.train[row]
    return voter?.label === answer ? [`"${voter.text.trim()}"`] : []
  })
  const quotes = [...new Set(voters)]
  const last = quotes.pop()
  const said = answer === 1 ? 'Positive' : 'Negative'
  if (last === undefined) return `${said}.`
  return `${said}: it reads like ${quotes.length ? `${quotes.join(', ')} and ${last}` : last}.`
}

/** The logged queries no usage epoch has paid out yet, and their fees. */
export const pendingQueries = ({ queries }: DemoLedger) => ({
  queries: queries.length,
  fees: queries.reduce((sum, { query }) => sum + BigInt(query.fee), 0n),
})

/**
 * The current model answers `text`; the platform logs the query with its fee, and says where that fee goes: split
 * over the contributions in proportion to their rows' positive exact KNN-Shapley values for this query alone.
 */
export function askModel(ledger: DemoLedger, text: string): ModelAnswer {
  const model = ledger.models.at(-1)
  if (!model) throw new DemoRequestError(409, 'No model has been trained yet: run an epoch first.')
  const review = text.trim()
  if (!review) throw new DemoRequestError(400, 'Write a short review for the model to read.')
  if (review.length > MAX_QUERY_LENGTH) {
    throw new DemoRequestError(400, `Keep the review to ${MAX_QUERY_LENGTH} characters or fewer.`)
  }
  const { all, players, playerRows } = pointsOf(model)
  const features = featurizeText(review, { dimension: all.dimension })
  const { answer, nearest } = answerOf(all, features)
  const { contentHashes, contributors } = model.manifest.inputs.train
  const byContribution = new Map<Hex, bigint>()
  try {
    const values = knnQueryValues({ train: players, query: { x: features, y: answer }, k: K })
    splitQueryFee(values, QUERY_FEE).forEach((amount, i) => {
      const contentHash = model.train[playerRows[i] as number]?.contentHash as Hex
      if (amount > 0n) byContribution.set(contentHash, (byContribution.get(contentHash) ?? 0n) + amount)
    })
  } catch (error) {
    // No row supports the answer: the fee is logged all the same, and the usage epoch lists it as held back.
    if (!(error instanceof UnattributableQueryError)) throw error
  }
  const shares = [...byContribution].map(([contentHash, amount]) => ({
    contentHash,
    contributor: contributors[contentHashes.indexOf(contentHash)] as Address,
    amount,
  }))
  shares.sort((a, b) => (a.amount === b.amount ? 0 : a.amount > b.amount ? -1 : 1))
  const id = randomUUID()
  ledger.queries.push({
    modelId: model.modelId,
    query: { id, timestamp: Math.floor(Date.now() / 1000), text: review, answer, fee: QUERY_FEE.toString() },
  })
  return {
    id,
    modelId: model.modelId,
    model: model.name,
    text: review,
    answer,
    explanation: explain(model, answer, nearest),
    fee: QUERY_FEE,
    shares,
    pending: pendingQueries(ledger),
  }
}

/**
 * Runs one usage epoch per model with logged queries, oldest model first: its owner signs the log of the queries
 * logged so far, and once the epoch is claimable exactly those leave the log. Queries asked meanwhile wait for the next.
 */
export async function runUsageEpochs(ledger: DemoLedger): Promise<number[]> {
  const owner = ledger.walletOf(ROLES.owner)
  const taken = [...ledger.queries]
  if (taken.length === 0) {
    throw new DemoRequestError(409, 'No queries are waiting to be paid out: ask the model something first.')
  }
  const epochIds: number[] = []
  for (const model of ledger.models) {
    const logged = taken.filter((entry) => entry.modelId === model.modelId)
    if (logged.length === 0) continue
    const log: UsageLog = {
      format: USAGE_LOG_FORMAT,
      chainId: ledger.deployment.chainId,
      registry: getAddress(ledger.deployment.registry),
      operator: owner.account.address,
      modelId: model.modelId,
      queries: logged.map(({ query }) => query),
    }
    const { signature } = await signUsageLog(owner, { log })
    const { epochId } = await runUsageEpoch(ledger, model, { log, signature })
    const paid = new Set(logged)
    ledger.queries = ledger.queries.filter((entry) => !paid.has(entry))
    epochIds.push(epochId)
  }
  return epochIds
}
