/**
 * Usage attribution by spans: a query's fee is split over the training contributions whose text its output repeats
 * verbatim, in proportion to the matched bytes, each span shared equally among the contributions that hold it. Exact
 * on hand-made examples, the same as a brute-force scan on small random ones, and a span-usage epoch verifies from its
 * data while a changed output or index is caught.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type Address, getAddress, sha256 } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { seededRandom } from '../../scripts/bench/knn.js'
import { splitProportionally } from '../../src/attribution/allocateRewards.js'
import {
  type BuildEpochParameters,
  buildEpoch,
  EpochInputError,
  EpochMismatchError,
  verifyEpoch,
} from '../../src/attribution/epochManifest.js'
import { featurizeTexts } from '../../src/attribution/featurizeText.js'
import { buildSpanIndex, type SpanIndex } from '../../src/attribution/spans/buildSpanIndex.js'
import { spanIndexFromBytes, spanIndexToBytes } from '../../src/attribution/spans/spanIndexBytes.js'
import { spanIndexHash } from '../../src/attribution/spans/spanIndexHash.js'
import { type TracedSpan, traceSpans } from '../../src/attribution/spans/traceSpans.js'
import { MissingQueryOutputError, spanQueryWeights, spanUsageValues } from '../../src/attribution/spanUsage.js'
import { signUsageLog, USAGE_LOG_FORMAT, type UsageLog } from '../../src/attribution/usageLog.js'
import { trainingSetRootOf } from '../../src/registry/trainingSet.js'
import { offlineSigner } from '../support/offlineSigner.js'

const encoder = new TextEncoder()
const documentOf = (text: string) => {
  const bytes = encoder.encode(text)
  return { contentHash: sha256(bytes), bytes }
}
const indexOf = (texts: readonly string[]) => buildSpanIndex({ documents: texts.map(documentOf) })

/** A 30-byte sentence only the first document holds, and a 27-byte one the second and third both hold. */
const A = 'the quick brown fox jumps over'
const B = 'a stitch in time saves nine'
const texts = [`[${A}]`, `{${B}}`, `(${B})`, 'an unrelated note about the weather']

describe('span usage: hand-made examples', () => {
  const index = indexOf(texts)

  it('weighs each contribution by the bytes it explains, a shared span split equally', () => {
    const spans = traceSpans(index, `<${A}|${B}>`, { minLength: 24, maxSources: index.documents.length })
    assert.deepEqual(
      spans.map(({ text, documentCount }) => [text, documentCount]),
      [
        [A, 1],
        [B, 2],
      ],
    )
    assert.deepEqual(
      spanQueryWeights({ spans, documents: index.documents }).map(({ document, weight }) => [document, weight]),
      [
        [0, 30],
        [1, 13.5],
        [2, 13.5],
      ],
    )
  })

  it('counts each byte of the answer once where spans overlap: a repeated passage earns no more than it covers', () => {
    const index = indexOf(['abcdefgh', 'defghijk', 'ab'.repeat(50)])
    const spans = traceSpans(index, 'abcdefghijk', { minLength: 3, maxSources: 3 })
    assert.deepEqual(
      spanQueryWeights({ spans, documents: index.documents }).map(({ document, weight }) => [document, weight]),
      // 'abcdefgh' explains bytes 0–8; 'defghijk' (3–11) adds only 'ijk'.
      [
        [0, 8],
        [1, 3],
      ],
    )
    // Eleven overlapping 100-byte spans of the repeated 'ab' explain 120 bytes, not 1,100.
    const repeated = traceSpans(index, `${'ab'.repeat(60)}`, { minLength: 24, maxSources: 3 })
    assert.ok(repeated.length > 1)
    assert.deepEqual(spanQueryWeights({ spans: repeated, documents: index.documents }), [
      { document: 2, contentHash: index.documents[2]?.contentHash, weight: 120 },
    ])
  })

  it('refuses spans that are not spans, or list a document twice', () => {
    const [span] = traceSpans(index, A, { minLength: 24, maxSources: 4 }) as [TracedSpan]
    for (const bad of [
      { ...span, byteEnd: span.byteStart },
      { ...span, byteStart: -1 },
      { ...span, byteEnd: Number.NaN },
    ]) {
      assert.throws(() => spanQueryWeights({ spans: [bad], documents: index.documents }), {
        name: 'InvalidTraceParameterError',
      })
    }
    const twice = { ...span, documentCount: 2, sources: [span.sources[0], span.sources[0]] as TracedSpan['sources'] }
    assert.throws(() => spanQueryWeights({ spans: [twice], documents: index.documents }), {
      name: 'IncompleteSpanSourcesError',
    })
  })

  it('splits each fee exactly, the remainder units to the largest remainders, ties to the earlier contribution', () => {
    const { amounts, attributedFee, unattributedFee, unattributedQueries } = spanUsageValues({
      index,
      minLength: 24,
      queries: [
        // 1000 · 30/57 = 526.3…, 1000 · 13.5/57 = 236.8… twice: the two units left go to the two larger remainders.
        { output: `<${A}|${B}>`, fee: 1000n },
        // 1.5 each: the one unit left goes to the earlier of the tied contributions.
        { output: `see: ${B}.`, fee: 3n },
        // Nothing of 24 bytes or more comes from the training data: the fee is held back.
        { output: 'the quick brown fox is slow today', fee: 50n },
        { output: `${A}`, fee: 0n },
      ],
    })
    assert.deepEqual(amounts, [526n, 239n, 238n, 0n])
    assert.equal(attributedFee, 1003n)
    assert.equal(unattributedFee, 50n)
    assert.deepEqual(unattributedQueries, [2])
  })

  it('counts only spans of minLength bytes or more', () => {
    const short = spanUsageValues({ index, minLength: 28, queries: [{ output: `<${A}|${B}>`, fee: 100n }] })
    assert.deepEqual(short.amounts, [100n, 0n, 0n, 0n])
    const none = spanUsageValues({ index, minLength: 31, queries: [{ output: `<${A}|${B}>`, fee: 100n }] })
    assert.deepEqual(none.unattributedQueries, [0])
    assert.deepEqual(none.amounts, [0n, 0n, 0n, 0n])
  })

  it('refuses a query without an output, and a fee that is not whole units', () => {
    assert.throws(() => spanUsageValues({ index, queries: [{ output: A, fee: 1n }, { fee: 1n }] }), {
      name: MissingQueryOutputError.name,
    })
    assert.throws(() => spanUsageValues({ index, queries: [{ output: A, fee: -1n }] }), {
      name: 'InvalidQueryFeeError',
    })
  })

  it('refuses spans traced with some of their sources left out', () => {
    const index = indexOf(Array.from({ length: 3 }, (_, i) => `${i}:${B}`))
    const spans = traceSpans(index, B, { minLength: 24, maxSources: 2 })
    assert.throws(() => spanQueryWeights({ spans, documents: index.documents }), {
      name: 'IncompleteSpanSourcesError',
    })
  })
})

/** The spans and weights by the definition: every start, every length, every document searched with indexOf. */
function bruteForce(documents: readonly string[], output: string, minLength: number) {
  const weights = new Map<number, number>()
  let reach = 0
  let explained = 0
  for (let i = 0; i < output.length; i++) {
    let length = 0
    while (i + length < output.length && documents.some((text) => text.includes(output.slice(i, i + length + 1)))) {
      length++
    }
    if (i + length <= reach) continue
    reach = i + length
    if (length < minLength) continue
    const span = output.slice(i, i + length)
    const holders = documents.flatMap((text, d) => (text.includes(span) ? [d] : []))
    // Only the characters no earlier counted span covers (the alphabets are ASCII: a character is a byte).
    const fresh = i + length - Math.max(i, explained)
    explained = i + length
    for (const d of holders) weights.set(d, (weights.get(d) ?? 0) + fresh / holders.length)
  }
  return [...weights].sort(([a], [b]) => a - b)
}

describe('span usage: the same as a brute-force scan', () => {
  it('on 300 small random cases over tiny alphabets', () => {
    const next = seededRandom(16)
    // How many queries had a span shared by documents: the cases must exercise the equal sharing.
    let shared = 0
    const word = (alphabet: string, length: number) =>
      Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('')
    for (let round = 0; round < 300; round++) {
      const alphabet = 'abcd'.slice(0, 2 + Math.floor(next() * 3))
      const documents = [
        ...new Set(Array.from({ length: 1 + Math.floor(next() * 5) }, () => word(alphabet, Math.floor(next() * 30)))),
      ]
      const index = indexOf(documents)
      const minLength = 1 + Math.floor(next() * 5)
      const queries = Array.from({ length: 1 + Math.floor(next() * 4) }, () => ({
        output: word(alphabet, Math.floor(next() * 25)),
        fee: BigInt(Math.floor(next() * 10_000)),
      }))
      const expected = documents.map(() => 0n)
      let attributedFee = 0n
      const unattributedQueries: number[] = []
      queries.forEach(({ output, fee }, q) => {
        const weights = bruteForce(documents, output, minLength)
        const spans = traceSpans(index, output, { minLength, maxSources: documents.length })
        const traced = spanQueryWeights({ spans, documents: index.documents }).map(({ document, weight }) => [
          document,
          weight,
        ])
        assert.deepEqual(traced, weights, `documents ${JSON.stringify(documents)}, output "${output}"`)
        if (weights.length === 0) {
          unattributedQueries.push(q)
          return
        }
        shared += weights.some(([, weight]) => !Number.isInteger(weight)) ? 1 : 0
        attributedFee += fee
        const total = weights.reduce((sum, [, weight]) => sum + (weight as number), 0)
        const shares = splitProportionally(
          weights.map(([, weight]) => weight as number),
          fee,
        )
        shares.forEach((share, j) => {
          const [document, weight] = weights[j] as [number, number]
          // Each share is within one unit of its exact proportional share.
          assert.ok(Math.abs(Number(share) - (Number(fee) * weight) / total) < 1 + 1e-9)
          expected[document] = (expected[document] as bigint) + share
        })
      })
      const result = spanUsageValues({ index, queries, minLength })
      assert.deepEqual(result.amounts, expected)
      assert.equal(result.attributedFee, attributedFee)
      assert.deepEqual(result.unattributedQueries, unattributedQueries)
      assert.equal(
        result.amounts.reduce((sum, amount) => sum + amount, 0n),
        attributedFee,
      )
    }
    assert.ok(shared > 50, `only ${shared} queries had a shared span`)
  })
})

// Hardhat's well-known test key: never holds real value.
const owner = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80')
const alice = getAddress('0x000000000000000000000000000000000000a11c')
const bob = getAddress('0x0000000000000000000000000000000000000b0b')
const registry: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'

describe('span-usage epochs', () => {
  const documents = texts.map(documentOf)
  const contentHashes = documents.map(({ contentHash }) => contentHash)
  const index = buildSpanIndex({ documents })
  const contributors = [alice, bob, bob, alice]

  const makeLog = (outputs: readonly (string | undefined)[]): UsageLog => ({
    format: USAGE_LOG_FORMAT,
    chainId: 31337,
    registry,
    operator: owner.address,
    modelId: 1,
    queries: outputs.map((output, i) => ({
      text: `question ${i}`,
      answer: 0,
      fee: ['1000', '3', '50'][i] ?? '7',
      ...(output === undefined ? {} : { output }),
    })),
  })
  const epochOf = async (log: UsageLog, spanIndex: SpanIndex = index): Promise<BuildEpochParameters> => {
    const { signature } = await signUsageLog(offlineSigner(owner), { log })
    return {
      chainId: 31337,
      registry,
      distributor: '0x0000000000000000000000000000000000000D15',
      epochId: 1,
      modelId: 1,
      modelOwner: owner.address,
      trainingSetRoot: trainingSetRootOf(contentHashes),
      contributors,
      registrations: contributors.map((_, i) => ({ blockNumber: 10, logIndex: i })),
      train: {
        contentHashes,
        ...featurizeTexts(texts, { dimension: 16 }),
        y: new Float64Array(texts.length),
        texts,
      },
      usage: { log, signature },
      spanIndex,
      minLength: 24,
      k: 1,
    }
  }
  const outputs = [`<${A}|${B}>`, `see: ${B}.`, 'the quick brown fox is slow today']

  it('records the method, pays each contributor the exact sum of their shares, and verifies', async () => {
    const parameters = await epochOf(makeLog(outputs))
    const { manifest } = await buildEpoch(parameters)
    assert.deepEqual(manifest.method, {
      name: 'span-usage',
      version: 1,
      minLength: 24,
      indexHash: spanIndexHash(index),
      indexFormat: 1,
      weight: 'matched-output-bytes-once-shared-equally-among-containing-contributions',
      rounding: 'largest-remainder-per-query-training-order',
      contributionValue: 'sum-of-query-shares',
      nearDuplicates: null,
      library: manifest.method.library,
    })
    assert.deepEqual(manifest.values, [526, 239, 238, 0])
    assert.equal(manifest.budget, '1003')
    assert.deepEqual(manifest.inputs.usage?.unattributedQueries, [2])
    assert.equal(manifest.inputs.usage?.unattributedFee, '50')
    assert.deepEqual(manifest.allocations, [
      { account: bob, amount: '477' },
      { account: alice, amount: '526' },
    ])
    assert.deepEqual(manifest.duplicates, [])
    const hash = await verifyEpoch(manifest, { train: parameters.train, usage: parameters.usage, spanIndex: index })
    assert.match(hash, /^0x[0-9a-f]{64}$/)
    // The index read back from its file verifies the same.
    const loaded = spanIndexFromBytes(spanIndexToBytes(index))
    await verifyEpoch(manifest, { train: parameters.train, usage: parameters.usage, spanIndex: loaded })
  })

  it('a changed output changes the split, and the manifest no longer verifies against it', async () => {
    const parameters = await epochOf(makeLog(outputs))
    const { manifest } = await buildEpoch(parameters)
    const changed = await epochOf(makeLog([`<${A}|${B}>`, `see: ${A}.`, outputs[2]]))
    const { manifest: other } = await buildEpoch(changed)
    assert.deepEqual(other.values, [529, 237, 237, 0])
    await assert.rejects(verifyEpoch(manifest, { train: changed.train, usage: changed.usage, spanIndex: index }), {
      name: EpochMismatchError.name,
      field: 'inputs.usage.logHash',
    })
  })

  it('refuses to verify against another index, or without one, naming the field', async () => {
    const parameters = await epochOf(makeLog(outputs))
    const { manifest } = await buildEpoch(parameters)
    const data = { train: parameters.train, usage: parameters.usage }
    // One byte of the text altered ("quick" to "quack"): the hash gives it away.
    const text = index.text.slice()
    text[text.indexOf('u'.charCodeAt(0)) + 1] = 'a'.charCodeAt(0)
    const altered = { ...index, text }
    await assert.rejects(verifyEpoch(manifest, { ...data, spanIndex: altered }), {
      name: EpochMismatchError.name,
      field: 'method.indexHash',
    })
    // 28 bytes leaves out B's 27-byte span, so the values come out otherwise.
    const tampered = { ...manifest, method: { ...manifest.method, minLength: 28 } }
    await assert.rejects(verifyEpoch(tampered, { ...data, spanIndex: index }), { name: EpochMismatchError.name })
    await assert.rejects(verifyEpoch(manifest, data), { name: EpochInputError.name })
  })

  it('refuses an index of other contributions, or in another order, and a near-duplicate rule', async () => {
    const reordered = buildSpanIndex({ documents: [...documents].reverse() })
    await assert.rejects(buildEpoch(await epochOf(makeLog(outputs), reordered)), { name: EpochInputError.name })
    const fewer = buildSpanIndex({ documents: documents.slice(1) })
    await assert.rejects(buildEpoch(await epochOf(makeLog(outputs), fewer)), { name: EpochInputError.name })
    const parameters = await epochOf(makeLog(outputs))
    await assert.rejects(
      buildEpoch({
        ...parameters,
        nearDuplicates: { name: 'near-duplicate@1', maxSquaredDistance: 0 } as BuildEpochParameters['nearDuplicates'],
      }),
      { name: EpochInputError.name },
    )
    await assert.rejects(buildEpoch(await epochOf(makeLog([outputs[0], undefined]))), {
      name: MissingQueryOutputError.name,
    })
  })

  it('leaves knn usage epochs as they were: an old log without outputs builds the same manifest', async () => {
    const parameters = await epochOf(makeLog([undefined, undefined]))
    const { spanIndex: _, minLength: __, ...knn } = parameters
    const { manifest } = await buildEpoch(knn)
    assert.equal(manifest.method.name, 'knn-shapley-usage')
    await assert.rejects(verifyEpoch(manifest, { train: knn.train, usage: knn.usage, spanIndex: index }), {
      name: EpochMismatchError.name,
      field: 'method.name',
    })
  })
})
