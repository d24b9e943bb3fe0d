import type { Hex } from 'viem'
import { SEPARATOR, type SpanIndex } from './buildSpanIndex.js'
import { InvalidTraceParameterError } from './spanErrors.js'

export type TraceSpansParameters = {
  /**
   * The shortest span reported, in UTF-8 bytes (default 24: four or five English words). Shorter runs ("of the
   * United States") turn up by chance in any large corpus and say little about where an answer came from.
   */
  minLength?: number
  /** The most source documents listed per span (default 20); `documentCount` still counts them all. */
  maxSources?: number
  /** The most positions listed per source document (default 10), the first ones; `occurrences` counts them all. */
  maxPositions?: number
  /**
   * The most spans returned (default all), the best-ranked ones. Ranking needs only each span's length and
   * occurrence count, so the spans left out cost a search each and their sources are never gathered.
   */
  maxSpans?: number
}

/** A training document that contains a span, with where. */
export type TracedSpanSource = {
  contentHash: Hex
  /** How many times the span occurs in this document (overlapping occurrences count). */
  occurrences: number
  /** Byte offsets of the first occurrences in the document, ascending. */
  positions: number[]
}

/** A maximal span of a model's output that occurs verbatim in its training data. */
export type TracedSpan = {
  /** UTF-16 offsets into the output, as `output.slice(start, end)` and a widget's highlight use. */
  start: number
  end: number
  /** UTF-8 byte offsets into the output. */
  byteStart: number
  byteEnd: number
  text: string
  /** Length in UTF-8 bytes. */
  length: number
  /** How many times the span occurs in the whole training text. */
  occurrences: number
  /** How many distinct documents contain it; `sources` lists the first `maxSources` of them. */
  documentCount: number
  sources: TracedSpanSource[]
  /** `length − log2(occurrences)`, the ranking score (see `traceSpans`). */
  score: number
}

export type TraceSpansReturnType = TracedSpan[]

export type TraceSpansErrorType = InvalidTraceParameterError

/**
 * The maximal spans of `output` that occur verbatim in the training data indexed by `index`, with the documents
 * that contain each one. Exact and deterministic: the same index and output always give the same spans.
 *
 * For each start i at a character boundary, L(i) is the longest run of output from i, ending at a character
 * boundary, that occurs in one document. [i, i + L(i)) is reported when L(i) ≥ `minLength` and it reaches past
 * every span that starts before it (i + L(i) > j + L(j) for every j < i), so no reported span lies inside another.
 * Each L(i) is found by binary search over the suffix array (narrowed by a table of two-byte prefixes), so a
 * 1,000-character answer takes milliseconds on a 100 MB index.
 *
 * Ranked long and rare first, by `length − log2(occurrences)`: the evidence a span carries, in bits, counting about
 * one bit per byte (roughly the entropy of English text, after Shannon) less the bits it takes to say which of its
 * occurrences is meant. So a span that occurs twice must be a byte longer to rank as high as one that occurs once,
 * and a long boilerplate span repeated in thousands of documents ranks below a shorter one found in one. Scores are
 * compared exactly (as powers of two, not as rounded logarithms); ties go to the earlier span.
 *
 * @example
 * const spans = traceSpans(index, answer, { minLength: 32 })
 * for (const { text, sources } of spans) console.log(text, sources.map((source) => source.contentHash))
 */
export function traceSpans(
  index: SpanIndex,
  output: string,
  parameters: TraceSpansParameters = {},
): TraceSpansReturnType {
  const { minLength = 24, maxSources = 20, maxPositions = 10, maxSpans = Number.MAX_SAFE_INTEGER } = parameters
  if (typeof output !== 'string') throw new InvalidTraceParameterError('output', 'must be a string of text.')
  checkCount('minLength', minLength, 1)
  checkCount('maxSources', maxSources, 0)
  checkCount('maxPositions', maxPositions, 0)
  checkCount('maxSpans', maxSpans, 0)

  const bytes = encoder.encode(output)
  const m = bytes.length
  // The UTF-16 offset of every byte offset that starts a character (and of the end), -1 inside a character. A lone
  // surrogate is encoded as U+FFFD, three bytes, like any other character of the Basic Multilingual Plane.
  const utf16 = new Int32Array(m + 1).fill(-1)
  for (let u = 0, b = 0; u < output.length; ) {
    utf16[b] = u
    const codePoint = output.codePointAt(u) as number
    b += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4
    u += codePoint < 0x10000 ? 1 : 2
  }
  utf16[m] = output.length

  const tables = searchTables(index)
  const found: Found[] = []
  let reach = 0
  for (let i = 0; i < m; i++) {
    if ((utf16[i] as number) < 0) continue
    // Ends never move left as the start moves right (a match from i, less its first character, is one from the
    // next start), so once no span from here could be long enough or reach further, none from later could either.
    if (Math.max(minLength, reach - i + 1) > m - i) break
    let end = i + longestMatch(index, tables, bytes, i)
    while ((utf16[end] as number) < 0) end--
    if (end <= reach) continue
    reach = end
    if (end - i >= minLength) found.push({ byteStart: i, byteEnd: end, ...occurrencesOf(index, tables, bytes, i, end) })
  }
  // Spans of the same text share a suffix-array range, and their sources are gathered once.
  const sourcesByRange = new Map<string, Pick<TracedSpan, 'documentCount' | 'sources'>>()
  return found
    .sort(byScore)
    .slice(0, maxSpans)
    .map(({ byteStart, byteEnd, first, last }) => {
      const range = `${first}:${last}`
      let described = sourcesByRange.get(range)
      if (!described) {
        described = sourcesIn(index, tables, first, last, { maxSources, maxPositions })
        sourcesByRange.set(range, described)
      }
      const start = utf16[byteStart] as number
      const end = utf16[byteEnd] as number
      const length = byteEnd - byteStart
      const occurrences = last - first
      return {
        start,
        end,
        byteStart,
        byteEnd,
        text: output.slice(start, end),
        length,
        occurrences,
        documentCount: described.documentCount,
        sources: described.sources.map((source) => ({ ...source, positions: [...source.positions] })),
        score: length - Math.log2(occurrences),
      }
    })

  function checkCount(name: string, value: number, least: number) {
    if (!Number.isSafeInteger(value) || value < least) {
      throw new InvalidTraceParameterError(name, `must be a whole number of at least ${least}; it is ${value}.`)
    }
  }
}

const encoder = /* @__PURE__ */ new TextEncoder()

/** A span found in the output: its bytes, and the suffix-array entries [first, last) of its occurrences. */
type Found = { byteStart: number; byteEnd: number; first: number; last: number }

/**
 * Higher score first, compared exactly: score(x) > score(y) ⇔ 2^(x.length − y.length) · y.occurrences > x.occurrences;
 * ties to the earlier span.
 */
function byScore(x: Found, y: Found): number {
  // Scaling by a power of two is exact in floating point, and an overflow to Infinity still compares correctly.
  const lengths = x.byteEnd - x.byteStart - (y.byteEnd - y.byteStart)
  const [xOccurrences, yOccurrences] = [x.last - x.first, y.last - y.first]
  const left = lengths >= 0 ? yOccurrences * 2 ** lengths : yOccurrences
  const right = lengths >= 0 ? xOccurrences : xOccurrences * 2 ** -lengths
  return left === right ? x.byteStart - y.byteStart : left > right ? -1 : 1
}

/**
 * Per index, built on first use: where the suffixes starting with each pair of symbols (a byte, then a byte or the
 * separator) begin in the suffix array, so a search starts in a range ~65,000 times smaller than the whole; and
 * each document's start, for mapping a text position to its document.
 */
type SearchTables = { pairStarts: Int32Array; documentStarts: Int32Array }

// Pair (a, b) is entry a * PAIR_ROW + b; b = 256 is the separator. The text ends with a separator, so every
// suffix that starts with a byte has a second symbol, and these ranges tile the front of the suffix array.
const PAIR_ROW = SEPARATOR + 1

const tablesByIndex = /* @__PURE__ */ new WeakMap<SpanIndex, SearchTables>()

function searchTables(index: SpanIndex): SearchTables {
  let tables = tablesByIndex.get(index)
  if (tables) return tables
  const { text } = index
  const pairStarts = new Int32Array(SEPARATOR * PAIR_ROW + 1)
  for (let p = 0; p + 1 < text.length; p++) {
    const a = text[p] as number
    if (a === SEPARATOR) continue
    const pair = a * PAIR_ROW + (text[p + 1] as number) + 1
    pairStarts[pair] = (pairStarts[pair] as number) + 1
  }
  for (let k = 1; k < pairStarts.length; k++) pairStarts[k] = (pairStarts[k] as number) + (pairStarts[k - 1] as number)
  const documentStarts = Int32Array.from(index.documents, (document) => document.start)
  tables = { pairStarts, documentStarts }
  tablesByIndex.set(index, tables)
  return tables
}

/** The length of the longest prefix of `bytes[from..]` that occurs in the text (never across a separator). */
function longestMatch(index: SpanIndex, tables: SearchTables, bytes: Uint8Array, from: number): number {
  const { pairStarts } = tables
  const a = bytes[from] as number
  if (from + 1 === bytes.length) return pairStarts[(a + 1) * PAIR_ROW] === pairStarts[a * PAIR_ROW] ? 0 : 1
  const pair = a * PAIR_ROW + (bytes[from + 1] as number)
  const lo = pairStarts[pair] as number
  const hi = pairStarts[pair + 1] as number
  if (lo === hi) return pairStarts[(a + 1) * PAIR_ROW] === pairStarts[a * PAIR_ROW] ? 0 : 1
  const bounds = { lcpBelow: 2, lcpAbove: 2 }
  search(index, bytes, from, bytes.length, lo, hi, false, bounds)
  // The longest match is with one of the two suffixes either side of where the output would sort.
  return Math.max(bounds.lcpBelow, bounds.lcpAbove)
}

/**
 * Binary search of suffix-array entries [lo, hi), all of which start with the pattern's first bytes, for the first
 * suffix that is not below `bytes[from..to)` (`after` false), or the first above every suffix that starts with it
 * (`after` true). `bounds` carries the common prefix lengths with the nearest suffixes found below and above: the
 * suffixes between two others share at least the shorter of their common prefixes with the pattern, so each
 * comparison starts there (Manber and Myers).
 */
function search(
  index: SpanIndex,
  bytes: Uint8Array,
  from: number,
  to: number,
  lo: number,
  hi: number,
  after: boolean,
  bounds: { lcpBelow: number; lcpAbove: number },
): number {
  const { text, suffixArray } = index
  const n = text.length
  const length = to - from
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const suffix = suffixArray[mid] as number
    let k = Math.min(bounds.lcpBelow, bounds.lcpAbove)
    while (k < length && suffix + k < n && text[suffix + k] === bytes[from + k]) k++
    // A suffix that starts with the whole pattern sorts above it when searching for the first such suffix, and
    // below it when searching past them all. Otherwise the first differing symbol decides; the text always ends
    // with a separator, which is above every byte, so a suffix never runs out before differing.
    const below = k === length ? after : suffix + k < n && (text[suffix + k] as number) < (bytes[from + k] as number)
    if (below) {
      lo = mid + 1
      bounds.lcpBelow = k
    } else {
      hi = mid
      bounds.lcpAbove = k
    }
  }
  return lo
}

/** The suffix-array entries [first, last) of the suffixes that start with `bytes[byteStart..byteEnd)`. */
function occurrencesOf(
  index: SpanIndex,
  tables: SearchTables,
  bytes: Uint8Array,
  byteStart: number,
  byteEnd: number,
): { first: number; last: number } {
  // Every suffix in [lo, hi) starts with the span's first two bytes, or its only byte.
  const { pairStarts } = tables
  const a = (bytes[byteStart] as number) * PAIR_ROW
  const known = Math.min(2, byteEnd - byteStart)
  const lo = pairStarts[known === 2 ? a + (bytes[byteStart + 1] as number) : a] as number
  const hi = pairStarts[known === 2 ? a + (bytes[byteStart + 1] as number) + 1 : a + PAIR_ROW] as number
  const first = search(index, bytes, byteStart, byteEnd, lo, hi, false, { lcpBelow: known, lcpAbove: known })
  const last = search(index, bytes, byteStart, byteEnd, first, hi, true, { lcpBelow: known, lcpAbove: known })
  return { first, last }
}

/** The documents holding the occurrences at suffix-array entries [first, last), in document order. */
function sourcesIn(
  index: SpanIndex,
  tables: SearchTables,
  first: number,
  last: number,
  limits: { maxSources: number; maxPositions: number },
): Pick<TracedSpan, 'documentCount' | 'sources'> {
  const { maxSources, maxPositions } = limits
  // In text order, the positions come grouped by document, in document order, each group ascending.
  const positions = index.suffixArray.slice(first, last).sort()
  const { documentStarts } = tables
  const sources: TracedSpanSource[] = []
  let documentCount = 0
  let documentEnd = -1
  let source: TracedSpanSource | undefined
  let documentStart = 0
  for (const position of positions) {
    if (position >= documentEnd) {
      const document = documentAt(documentStarts, position)
      const { contentHash, start, length } = index.documents[document] as SpanIndex['documents'][number]
      documentStart = start
      documentEnd = start + length
      documentCount++
      source = documentCount <= maxSources ? { contentHash, occurrences: 0, positions: [] } : undefined
      if (source) sources.push(source)
    }
    if (!source) continue
    source.occurrences++
    if (source.positions.length < maxPositions) source.positions.push(position - documentStart)
  }
  return { documentCount, sources }
}

/** The document whose bytes hold text position `position`: the last one starting at or before it. */
function documentAt(documentStarts: Int32Array, position: number): number {
  let lo = 0
  let hi = documentStarts.length
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1
    if ((documentStarts[mid] as number) <= position) lo = mid
    else hi = mid
  }
  return lo
}
