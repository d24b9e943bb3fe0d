/**
 * The suffix array under the span index, against the definition: every suffix, sorted by plain comparison. Inputs come
 * from a seeded generator, so every run checks the same cases, and include the shapes that break suffix sorting:
 * one repeated symbol, periodic and Fibonacci strings, two-letter alphabets, empty and single documents.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import type { Hex } from 'viem'
import { seededRandom } from '../../scripts/bench/knn.js'
import { buildSpanIndex, SEPARATOR } from '../../src/attribution/spans/buildSpanIndex.js'
import { sais } from '../../src/attribution/spans/sais.js'

/** Every suffix start, sorted by comparing the suffixes symbol by symbol; a suffix sorts before a longer one it begins. */
function bruteSuffixArray(s: ArrayLike<number>): number[] {
  const n = s.length
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    for (; a < n && b < n; a++, b++) if (s[a] !== s[b]) return (s[a] as number) - (s[b] as number)
    return a === n ? -1 : 1
  })
}

/** `body` (symbols from 1) followed by the unique smallest sentinel 0, as sais requires. */
const withSentinel = (body: number[]) => Uint16Array.from([...body, 0])

const fibonacci = (length: number) => {
  let [a, b] = [[1], [1, 2]]
  while (b.length < length) [a, b] = [b, [...b, ...a]]
  return b.slice(0, length)
}

describe('sais', () => {
  it('sorts every suffix of random strings over alphabets from 1 to 300 symbols', () => {
    const random = seededRandom(1)
    for (let run = 0; run < 3000; run++) {
      const symbols = 1 + Math.floor(random() ** 2 * 300)
      const body = Array.from({ length: Math.floor(random() * 120) }, () => 1 + Math.floor(random() * symbols))
      const s = withSentinel(body)
      assert.deepEqual(Array.from(sais(s, symbols + 1)), bruteSuffixArray(s), `alphabet ${symbols}: ${body}`)
    }
  })

  it('sorts repetitive strings: one symbol, periods of 1 to 7, Fibonacci words, runs', () => {
    const random = seededRandom(2)
    const cases: number[][] = [[], [1], [1, 1], [2, 1], [1, 2]]
    for (const length of [1, 2, 3, 10, 63, 64, 65, 500]) {
      cases.push(Array(length).fill(1), fibonacci(length))
      for (let period = 2; period <= 7; period++) {
        const unit = Array.from({ length: period }, () => 1 + Math.floor(random() * 3))
        cases.push(Array.from({ length }, (_, i) => unit[i % period] as number))
      }
      cases.push(Array.from({ length }, (_, i) => 1 + (Math.floor(Math.sqrt(i)) % 2)))
    }
    for (const body of cases) {
      const s = withSentinel(body)
      assert.deepEqual(Array.from(sais(s, 4)), bruteSuffixArray(s), `${body}`)
    }
  })

  it('takes Int32Array strings and alphabets too large to type in 16 bits, and leaves the string as it was', () => {
    const random = seededRandom(3)
    for (let run = 0; run < 200; run++) {
      const body = Array.from({ length: Math.floor(random() * 80) }, () => 1 + Math.floor(random() * 40_000))
      for (const s of [Int32Array.from([...body, 0]), Uint16Array.from([...body, 0])]) {
        const before = Array.from(s)
        assert.deepEqual(Array.from(sais(s, 40_001)), bruteSuffixArray(before))
        assert.deepEqual(Array.from(s), before)
      }
    }
  })

  it('sorts strings long enough to span many of the blocks the inducing scans read ahead', () => {
    const random = seededRandom(5)
    const bodies = [
      Array.from({ length: 60_000 }, () => 1 + Math.floor(random() * 3)),
      Array.from({ length: 60_000 }, () => 1 + Math.floor(random() ** 4 * 200)),
      fibonacci(30_000),
      Array.from({ length: 30_000 }, (_, i) => [1, 2, 1, 1, 3][i % 5] as number),
    ]
    for (const body of bodies) {
      const s = withSentinel(body)
      // Big-endian 16-bit symbols compare byte by byte as they do symbol by symbol, natively.
      const bytes = Buffer.alloc(s.length * 2)
      for (const [i, symbol] of s.entries()) bytes.writeUInt16BE(symbol, i * 2)
      const expected = Array.from(s, (_, i) => i).sort((a, b) => bytes.subarray(a * 2).compare(bytes.subarray(b * 2)))
      assert.deepEqual(Array.from(sais(s, 201)), expected)
    }
  })

  it('gives the documented example', () => {
    assert.deepEqual(Array.from(sais(Uint16Array.of(2, 1, 14, 1, 14, 1, 0), 15)), [6, 5, 3, 1, 0, 4, 2])
  })
})

const contentHash = (bytes: Uint8Array) => `0x${createHash('sha256').update(bytes).digest('hex')}` as Hex
const document = (bytes: Uint8Array) => ({ contentHash: contentHash(bytes), bytes })

describe('buildSpanIndex', () => {
  /** The text the index promises: each document's bytes, then the separator 256. */
  const expectedText = (documents: Uint8Array[]) => documents.flatMap((bytes) => [...bytes, SEPARATOR])

  const check = (documents: Uint8Array[]) => {
    const index = buildSpanIndex({ documents: documents.map(document) })
    const text = expectedText(documents)
    assert.deepEqual(Array.from(index.text), text)
    assert.deepEqual(Array.from(index.suffixArray), bruteSuffixArray(text))
    let start = 0
    assert.deepEqual(
      index.documents,
      documents.map((bytes) => {
        const entry = { contentHash: contentHash(bytes), start, length: bytes.length }
        start += bytes.length + 1
        return entry
      }),
    )
  }

  it('indexes no documents, empty documents, one document and many', () => {
    check([])
    check([new Uint8Array()])
    check([new Uint8Array(), Uint8Array.of(0), Uint8Array.of(0, 0)])
    check([new TextEncoder().encode('banana')])
    check([Uint8Array.of(255, 0, 255), new Uint8Array(), Uint8Array.of(255)])
  })

  it('matches the brute force on random documents, including all-equal and two-byte ones', () => {
    const random = seededRandom(4)
    for (let run = 0; run < 400; run++) {
      const kind = run % 4
      const seen = new Set<string>()
      const documents: Uint8Array[] = []
      const count = Math.floor(random() * 8)
      for (let d = 0; d < count; d++) {
        const length = Math.floor(random() * 40)
        const bytes = Uint8Array.from({ length }, (_, i) =>
          kind === 0 ? 97 : kind === 1 ? 97 + Math.floor(random() * 2) : kind === 2 ? (i % 3) * 127 : random() * 256,
        )
        // Each contribution is indexed once, so repeated documents are left out.
        if (seen.has(String(bytes))) continue
        seen.add(String(bytes))
        documents.push(bytes)
      }
      check(documents)
    }
  })
})
