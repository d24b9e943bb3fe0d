/**
 * Usage attribution by spans: each query's fee is split over the training contributions whose text the model's
 * answer repeats verbatim, in proportion to how much of it they explain. For a query q whose output has the maximal
 * traced spans s (traceSpans, at least `minLength` bytes), taken in output order, contribution d's weight is
 *   w_qd = Σ_{s : d contains s} new_s / documentCount_s,   new_s = byteEnd_s − max(byteStart_s, byteEnd_{s−1}),
 * the bytes of output span s explains that no earlier span did: maximal spans overlap, and a byte of the answer is
 * explained once (by the earliest span holding it), so a passage repeated in overlapping spans earns no more than
 * the share of the answer it covers.
 * and the query's fee is split over the contributions with w_qd > 0 by splitProportionally (exact largest remainder,
 * ties to the earlier contribution in training-set order), the split the KNN usage path makes; a contribution's
 * amount is the sum of its shares, in BigInt, so the amounts add up to the attributed fees exactly.
 *
 * Why equal sharing among the documents that contain a span: the span is evidence that the model saw that text, and
 * verbatim text is the same evidence whichever of the documents holding it the model learnt it from. Credit for a span
 * is the game "a coalition explains the span when it holds any of these documents"; its Shapley value gives each of
 * the documentCount documents the same share, and the shares add up to the span's length.
 *
 * Reproducible bit for bit: spans are taken in output order (not traceSpans' ranking) and each span's documents in
 * training-set order, so each w_qd is the same sum of the same doubles everywhere; the rest is BigInt.
 */
import type { Hex } from 'viem'
import { BaseError } from '../errors/base.js'
import { splitProportionally } from './allocateRewards.js'
import { InvalidQueryFeeError } from './knnUsage.js'
import type { SpanIndex } from './spans/buildSpanIndex.js'
import { InvalidTraceParameterError } from './spans/spanErrors.js'
import { type TracedSpan, type TraceSpansErrorType, traceSpans } from './spans/traceSpans.js'

/** The shortest traced span that earns, in bytes, when none is given: traceSpans' own default. */
export const SPAN_USAGE_MIN_LENGTH = 24

/** A query of a span-usage epoch has no `output` to trace. */
export class MissingQueryOutputError extends BaseError {
  override name = 'MissingQueryOutputError' as const
  /** The query's position in the log. */
  readonly index: number
  constructor(index: number) {
    super(
      `Query ${index} has no "output": a span-usage epoch pays for the text the model generated, so log each query's output, or value the log with KNN-Shapley instead.`,
    )
    this.index = index
  }
}

export type SpanQueryWeightsParameters = {
  /** The spans traced in one query's output, in any order, each with every document that contains it. */
  spans: readonly Pick<TracedSpan, 'byteStart' | 'byteEnd' | 'documentCount' | 'sources'>[]
  /** The index's documents, in training-set order: the weights come back in this order. */
  documents: SpanIndex['documents']
}

/** A source listed that the index does not hold, or a span whose sources are not all listed. */
export class IncompleteSpanSourcesError extends BaseError {
  override name = 'IncompleteSpanSourcesError' as const
  constructor(problem: string) {
    super(`The traced spans cannot be weighed: ${problem} Trace them with maxSources set to the number of documents.`)
  }
}

/** A document's weight for one query: its position in training-set order, its content hash and matched bytes. */
export type SpanQueryWeight = { document: number; contentHash: Hex; weight: number }

export type SpanQueryWeightsReturnType = SpanQueryWeight[]

/**
 * Each document's weight for one query: the output bytes of the query's spans it contains, each byte counted once
 * (for the earliest span that holds it) and shared equally among the documents that contain that span. Only the
 * documents with a positive weight, in training-set order.
 *
 * @example
 * const spans = traceSpans(index, output, { minLength: 24, maxSources: index.documents.length })
 * spanQueryWeights({ spans, documents: index.documents })
 * // [{ document: 0, contentHash: '0x…', weight: 31 }, { document: 4, contentHash: '0x…', weight: 12.5 }]
 */
export function spanQueryWeights({ spans, documents }: SpanQueryWeightsParameters): SpanQueryWeightsReturnType {
  const indexOf = indexOfDocuments(documents)
  const weights = new Map<number, number>()
  const ordered = [...spans].sort((a, b) => a.byteStart - b.byteStart)
  let explained = 0
  for (const span of ordered) {
    const { byteStart, byteEnd, documentCount } = span
    if (!Number.isSafeInteger(byteStart) || byteStart < 0 || !Number.isSafeInteger(byteEnd) || byteEnd <= byteStart) {
      throw new InvalidTraceParameterError('spans', `hold a span from byte ${byteStart} to ${byteEnd}.`)
    }
    if (span.sources.length !== documentCount) {
      throw new IncompleteSpanSourcesError(
        `the span at byte ${byteStart} is in ${documentCount} documents but lists ${span.sources.length}.`,
      )
    }
    const found = span.sources.map(({ contentHash }) => {
      const document = indexOf.get(contentHash.toLowerCase())
      if (document === undefined) {
        throw new IncompleteSpanSourcesError(`the span at byte ${byteStart} names ${contentHash}, not indexed.`)
      }
      return document
    })
    if (new Set(found).size !== found.length) {
      throw new IncompleteSpanSourcesError(`the span at byte ${byteStart} lists a document twice.`)
    }
    const fresh = byteEnd - Math.max(byteStart, explained)
    explained = Math.max(explained, byteEnd)
    if (fresh <= 0) continue
    const share = fresh / documentCount
    for (const document of found.sort((a, b) => a - b)) weights.set(document, (weights.get(document) ?? 0) + share)
  }
  return [...weights]
    .sort(([a], [b]) => a - b)
    .map(([document, weight]) => ({
      document,
      contentHash: (documents[document] as SpanIndex['documents'][number]).contentHash,
      weight,
    }))
}

const documentIndexes = /* @__PURE__ */ new WeakMap<SpanIndex['documents'], Map<string, number>>()

/** Content hash → position, built once per index: a query's work stays in proportion to its spans. */
function indexOfDocuments(documents: SpanIndex['documents']): Map<string, number> {
  let indexOf = documentIndexes.get(documents)
  if (!indexOf) {
    indexOf = new Map(documents.map(({ contentHash }, i) => [contentHash.toLowerCase(), i]))
    documentIndexes.set(documents, indexOf)
  }
  return indexOf
}

export type SpanUsageValuesParameters = {
  /** The span index of the model's training contributions, in training-set order. */
  index: SpanIndex
  /** Each query's generated output and the fee paid for it, in log order. */
  queries: readonly { output?: string | undefined; fee: bigint }[]
  /** The shortest span that earns, in UTF-8 bytes (default SPAN_USAGE_MIN_LENGTH). */
  minLength?: number | undefined
}

export type SpanUsageValuesReturnType = {
  /** Per document, in training-set order: the fee units its spans earned it, summed over the queries. */
  amounts: bigint[]
  /** Queries whose output repeats no span of the training data, in log order: their fees go to nobody. */
  unattributedQueries: number[]
  /** The sum of those queries' fees. */
  unattributedFee: bigint
  /** The sum of every other query's fee: what `amounts` adds up to, and the epoch's budget. */
  attributedFee: bigint
}

export type SpanUsageValuesErrorType = MissingQueryOutputError | InvalidQueryFeeError | TraceSpansErrorType

/**
 * Splits each query's fee over the training documents whose spans its output repeats, in proportion to the matched
 * bytes (each span's length shared equally among the documents that contain it), exactly, and adds up each
 * document's shares. A query whose output has no span of `minLength` bytes or more is held back, as the KNN usage
 * path holds back a query no training row supports. Linear in the spans found and the documents that contain them.
 *
 * @example
 * const { amounts, attributedFee } = spanUsageValues({
 *   index,
 *   queries: [{ output: 'a tabby cat asleep on a warm windowsill', fee: 1000n }],
 *   minLength: 24,
 * })
 */
export function spanUsageValues({
  index,
  queries,
  minLength = SPAN_USAGE_MIN_LENGTH,
}: SpanUsageValuesParameters): SpanUsageValuesReturnType {
  const amounts = new Array<bigint>(index.documents.length).fill(0n)
  const unattributedQueries: number[] = []
  let unattributedFee = 0n
  let attributedFee = 0n
  queries.forEach(({ output, fee }, q) => {
    if (typeof fee !== 'bigint' || fee < 0n) throw new InvalidQueryFeeError(fee)
    if (typeof output !== 'string') throw new MissingQueryOutputError(q)
    // Positions are not needed, and every source is: each document that holds a span shares in it.
    const spans = traceSpans(index, output, { minLength, maxSources: index.documents.length, maxPositions: 0 })
    const weights = spanQueryWeights({ spans, documents: index.documents })
    if (weights.length === 0) {
      unattributedQueries.push(q)
      unattributedFee += fee
      return
    }
    attributedFee += fee
    // In training-set order, so the remainder ties go to the earlier contribution.
    splitProportionally(
      weights.map(({ weight }) => weight),
      fee,
    ).forEach((share, j) => {
      const { document } = weights[j] as SpanQueryWeight
      amounts[document] = (amounts[document] as bigint) + share
    })
  })
  return { amounts, unattributedQueries, unattributedFee, attributedFee }
}
