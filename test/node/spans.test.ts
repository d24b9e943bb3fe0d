/**
 * Span tracing against its definition, computed the slow way: for every start at a character boundary, try every end
 * and search every document with indexOf. Inputs come from a seeded generator and mix one-byte, two-byte, three-byte
 * and four-byte characters, so spans must start and end on character boundaries and map to the right UTF-16 offsets.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import type { Hex } from 'viem'
import { seededRandom } from '../../scripts/bench/knn.js'
import {
  buildSpanIndex,
  InvalidSpanDocumentError,
  InvalidSpanIndexError,
  InvalidTraceParameterError,
  spanIndexFromBytes,
  spanIndexHash,
  spanIndexToBytes,
  type TracedSpan,
  traceSpans,
  UnsupportedSpanIndexVersionError,
} from '../../src/attribution/index.js'

const contentHash = (bytes: Uint8Array) => `0x${createHash('sha256').update(bytes).digest('hex')}` as Hex
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'))
const indexOf = (texts: readonly string[]) =>
  buildSpanIndex({ documents: texts.map((text) => ({ contentHash: contentHash(utf8(text)), bytes: utf8(text) })) })

type Options = { minLength: number; maxSources: number; maxPositions: number; maxSpans?: number }

/** traceSpans by its definition, with nothing shared with the implementation but the definition. */
function bruteTrace(documents: readonly Uint8Array[], output: string, options: Options): TracedSpan[] {
  const { minLength, maxSources, maxPositions, maxSpans = Number.MAX_SAFE_INTEGER } = options
  const bytes = Buffer.from(output, 'utf8')
  const buffers = documents.map((document) => Buffer.from(document))
  const occurs = (piece: Buffer) => buffers.some((buffer) => buffer.indexOf(piece) >= 0)
  // UTF-16 offset of each character boundary, by measuring the UTF-8 length of every prefix.
  const utf16 = new Map<number, number>()
  for (let u = 0; u <= output.length; u++) {
    const code = output.charCodeAt(u - 1)
    if (u > 0 && u < output.length && code >= 0xd800 && code < 0xdc00) {
      const next = output.charCodeAt(u)
      if (next >= 0xdc00 && next < 0xe000) continue
    }
    utf16.set(Buffer.byteLength(output.slice(0, u), 'utf8'), u)
  }
  const boundaries = [...utf16.keys()].sort((a, b) => a - b)
  const spans: TracedSpan[] = []
  let reach = 0
  for (const i of boundaries) {
    let longest = 0
    for (const e of boundaries) if (e > i && occurs(bytes.subarray(i, e))) longest = Math.max(longest, e - i)
    if (i + longest <= reach) continue
    reach = i + longest
    if (longest < minLength) continue
    const piece = bytes.subarray(i, i + longest)
    const sources = buffers
      .map((buffer, d) => {
        const positions: number[] = []
        for (let at = buffer.indexOf(piece); at >= 0; at = buffer.indexOf(piece, at + 1)) positions.push(at)
        return { contentHash: contentHash(documents[d] as Uint8Array), occurrences: positions.length, positions }
      })
      .filter((source) => source.occurrences > 0)
    const occurrences = sources.reduce((sum, source) => sum + source.occurrences, 0)
    const start = utf16.get(i) as number
    const end = utf16.get(i + longest) as number
    spans.push({
      start,
      end,
      byteStart: i,
      byteEnd: i + longest,
      text: output.slice(start, end),
      length: longest,
      occurrences,
      documentCount: sources.length,
      sources: sources
        .slice(0, maxSources)
        .map((source) => ({ ...source, positions: source.positions.slice(0, maxPositions) })),
      score: longest - Math.log2(occurrences),
    })
  }
  // Higher length − log2(occurrences) first, compared exactly in integers; then the earlier start.
  const weight = (span: TracedSpan, other: TracedSpan) => 2n ** BigInt(span.length) * BigInt(other.occurrences)
  return spans
    .sort((x, y) => {
      const [a, b] = [weight(x, y), weight(y, x)]
      return a === b ? x.start - y.start : a > b ? -1 : 1
    })
    .slice(0, maxSpans)
}

// è, 🙃 and 丫 share all but their last byte with é, 🙂 and 中, so raw byte matches end inside characters.
const pieces = ['a', 'b', ' ', 'é', '中', '🙂', 'ab', 'ba ', 'é中', '\u0301', 'è', '🙃', '丫']
function randomText(random: () => number, length: number): string {
  let text = ''
  for (let i = 0; i < length; i++) text += pieces[Math.floor(random() ** 1.5 * pieces.length)]
  return text
}

describe('traceSpans', () => {
  it('finds exactly the spans a brute-force scan finds, on random text of mixed character widths', () => {
    const random = seededRandom(11)
    for (let run = 0; run < 400; run++) {
      const texts = [...new Set(Array.from({ length: Math.floor(random() * 5) }, () => randomText(random, 30)))]
      const documents = texts.map(utf8)
      const index = indexOf(texts)
      // Half the outputs are spliced from the documents, so long spans occur.
      const output =
        run % 2 === 0 || texts.length === 0
          ? randomText(random, 25)
          : texts.map((text) => text.slice(Math.floor(random() * 10), 10 + Math.floor(random() * 20))).join('🙂x')
      const options = {
        minLength: 1 + Math.floor(random() * 10),
        maxSources: 1 + Math.floor(random() * 3),
        maxPositions: 1 + Math.floor(random() * 3),
        ...(run % 3 === 0 ? { maxSpans: Math.floor(random() * 4) } : {}),
      }
      assert.deepEqual(traceSpans(index, output, options), bruteTrace(documents, output, options), output)
    }
  })

  it('finds the spans in real-looking text with accents, emoji and CJK, and reports where they occur', () => {
    const texts = [
      'Le café crème se boit le matin 🙂, avec un croissant au beurre doux.',
      '数据贡献者应当因其数据对模型的帮助而获得回报。Contributors deserve rewards for their data.',
      'With a croissant au beurre doux, the morning starts well. Contributors deserve rewards for their data.',
    ]
    const index = indexOf(texts)
    const output =
      'Our answer: avec un croissant au beurre doux! Also, 数据贡献者应当因其数据 and contributors deserve rewards.'
    const options = { minLength: 12, maxSources: 20, maxPositions: 10 }
    const spans = traceSpans(index, output, options)
    assert.deepEqual(spans, bruteTrace(texts.map(utf8), output, options))
    assert.deepEqual(
      spans.map((span) => span.text),
      // 33 bytes once each, in order of start, then 27 bytes twice.
      [' avec un croissant au beurre doux', '数据贡献者应当因其数据', 'ontributors deserve rewards'],
    )
    const croissant = spans.find((span) => span.text.startsWith(' avec')) as TracedSpan
    assert.equal(output.slice(croissant.start, croissant.end), croissant.text)
    assert.deepEqual(croissant.sources, [
      { contentHash: contentHash(utf8(texts[0] as string)), occurrences: 1, positions: [38] },
    ])
    const rewards = spans.find((span) => span.text.startsWith('ontributors')) as TracedSpan
    assert.equal(rewards.documentCount, 2)
    assert.equal(rewards.occurrences, 2)
  })

  it('ranks long, rare spans first: a byte of length is worth as much as halving the occurrences', () => {
    const index = indexOf([
      'the quick brown fox jumps',
      'the quick brown fox naps',
      'a lazy dog sleeps all day',
      'slow green turtles crawl',
      'one eighteen bytes!',
    ])
    const output = 'slow green turtle; the quick brown fox ... a lazy dog sleeps all? one eighteen bytes'
    assert.deepEqual(
      traceSpans(index, output, { minLength: 10 }).map(({ text, occurrences, score }) => [text, occurrences, score]),
      [
        ['a lazy dog sleeps all', 1, 21],
        // 20 bytes twice and 18 bytes once both score 19: the earlier comes first.
        ['the quick brown fox ', 2, 19],
        ['one eighteen bytes', 1, 18],
        ['slow green turtle', 1, 17],
      ],
    )
  })

  it('reports a span inside a longer one only when it reaches further', () => {
    const index = indexOf(['abcdefgh', 'defghijk'])
    const spans = traceSpans(index, 'abcdefghijk', { minLength: 3 })
    assert.deepEqual(
      spans.map((span) => [span.text, span.byteStart]).sort((x, y) => (x[1] as number) - (y[1] as number)),
      [
        ['abcdefgh', 0],
        ['defghijk', 3],
      ],
    )
  })

  it('keeps the best-ranked maxSpans, and gives spans of the same text their own copies of the same sources', () => {
    const index = indexOf(['the same words again', 'the same words, and a longer passage than that'])
    const output = 'the same words again; the same words again; and a longer passage than that'
    const all = traceSpans(index, output, { minLength: 10 })
    assert.deepEqual(
      all.map((span) => span.text),
      [' and a longer passage than that', 'the same words again', 'the same words again'],
    )
    assert.deepEqual(traceSpans(index, output, { minLength: 10, maxSpans: 1 }), all.slice(0, 1))
    assert.deepEqual(traceSpans(index, output, { minLength: 10, maxSpans: 0 }), [])
    const [, first, second] = all as [TracedSpan, TracedSpan, TracedSpan]
    assert.deepEqual(first.sources, second.sources)
    assert.notEqual(first.sources[0], second.sources[0], 'a caller changing one span leaves the other as it was')
  })

  it('never matches across two documents, and finds nothing in an empty index', () => {
    assert.deepEqual(traceSpans(indexOf(['hello ', 'world']), 'hello world', { minLength: 7 }), [])
    assert.deepEqual(traceSpans(indexOf([]), 'hello world', { minLength: 1 }), [])
    assert.deepEqual(traceSpans(indexOf(['x']), ''), [])
  })

  it('traces an output with a lone surrogate as its UTF-8 encoding does (U+FFFD)', () => {
    const index = indexOf(['one \uFFFD two three four'])
    const [span] = traceSpans(index, 'one \uD800 two three', { minLength: 8 })
    assert.equal(span?.text, 'one \uD800 two three')
    assert.equal(span?.length, 17)
  })

  it('refuses parameters out of range with InvalidTraceParameterError', () => {
    const index = indexOf(['text'])
    for (const parameters of [
      { minLength: 0 },
      { minLength: 2.5 },
      { maxSources: -1 },
      { maxPositions: Number.NaN },
      { maxSpans: -1 },
    ]) {
      assert.throws(() => traceSpans(index, 'text', parameters), InvalidTraceParameterError)
    }
    assert.throws(() => traceSpans(index, 42 as unknown as string), { name: 'InvalidTraceParameterError' })
  })
})

describe('buildSpanIndex', () => {
  it('refuses documents whose bytes or hashes are wrong, naming which one', () => {
    const bytes = utf8('text')
    const cases: { contentHash: Hex; bytes: Uint8Array }[][] = [
      [{ contentHash: '0x12' as Hex, bytes }],
      [{ contentHash: contentHash(utf8('other')), bytes }],
      [{ contentHash: contentHash(bytes), bytes: 'text' as unknown as Uint8Array }],
      [
        { contentHash: contentHash(bytes), bytes },
        { contentHash: contentHash(bytes).toUpperCase().replace('0X', '0x') as Hex, bytes },
      ],
    ]
    for (const documents of cases) {
      assert.throws(
        () => buildSpanIndex({ documents }),
        (error) => error instanceof InvalidSpanDocumentError && error.index === documents.length - 1,
      )
    }
  })
})

describe('span index files and hashes', () => {
  const texts = ['Le café crème 🙂', '', 'contributors deserve rewards', '数据']
  const index = indexOf(texts)

  it('round-trips through bytes', () => {
    const copy = spanIndexFromBytes(spanIndexToBytes(index))
    assert.deepEqual(copy, { text: index.text, suffixArray: index.suffixArray, documents: index.documents })
    assert.equal(spanIndexHash(copy), spanIndexHash(index))
    assert.deepEqual(traceSpans(copy, 'contributors deserve'), traceSpans(index, 'contributors deserve'))
    const empty = indexOf([])
    assert.deepEqual(spanIndexFromBytes(spanIndexToBytes(empty)), { ...empty })
  })

  it('hashes what anyone can recompute: the file up to the suffix array', () => {
    const bytes = spanIndexToBytes(index)
    const description = bytes.subarray(0, 20 + texts.length * 36 + texts.reduce((sum, t) => sum + utf8(t).length, 0))
    assert.equal(spanIndexHash(index), `0x${createHash('sha256').update(description).digest('hex')}`)
    assert.equal(spanIndexHash(indexOf(texts)), spanIndexHash(index))
    assert.notEqual(spanIndexHash(indexOf([...texts].reverse())), spanIndexHash(index))
    assert.notEqual(spanIndexHash(indexOf(texts.slice(1))), spanIndexHash(index))
    // Pinned, so a change to the format cannot pass unnoticed.
    assert.equal(spanIndexHash(index), '0xb5eeae459697a23f14415884939fc695bbd0d74f793c2189e9c69649335051d3')
  })

  it('refuses bytes that are not a span index, or are damaged, with named errors', () => {
    const bytes = spanIndexToBytes(index)
    const altered = (change: (copy: Uint8Array, view: DataView) => void) => {
      const copy = bytes.slice()
      change(copy, new DataView(copy.buffer))
      return copy
    }
    const arrayStart = bytes.length - index.suffixArray.length * 4
    const damaged = [
      new Uint8Array(3),
      altered((copy) => copy.set([0x50], 0)),
      bytes.subarray(0, bytes.length - 4),
      altered((_, view) => view.setUint32(16, 1_000, true)),
      altered((_, view) => view.setUint32(20 + 32, 2, true)),
      // The second document's content hash made the first's.
      altered((copy) => copy.set(copy.subarray(20, 52), 20 + 36)),
      altered((_, view) => view.setInt32(arrayStart, index.text.length, true)),
      altered((_, view) => view.setInt32(arrayStart, view.getInt32(arrayStart + 4, true), true)),
      altered((_, view) => {
        const first = view.getInt32(arrayStart, true)
        view.setInt32(arrayStart, view.getInt32(bytes.length - 4, true), true)
        view.setInt32(bytes.length - 4, first, true)
      }),
    ]
    for (const copy of damaged) assert.throws(() => spanIndexFromBytes(copy), InvalidSpanIndexError)
    assert.throws(
      () => spanIndexFromBytes(altered((_, view) => view.setUint32(8, 2, true))),
      (error) => error instanceof UnsupportedSpanIndexVersionError && error.version === 2,
    )
  })
})
