import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { featurizeText, featurizeTexts, InvalidFeaturizerInputError } from '../../src/attribution/featurizeText.js'
import { knnShapleySync } from '../../src/attribution/knnShapley.js'

const length = (vector: Float64Array) => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0))
const distance = (a: Float64Array, b: Float64Array) =>
  a.reduce((sum, value, i) => sum + (value - (b[i] as number)) ** 2, 0)
const digest = (vector: Float64Array) => createHash('sha256').update(Buffer.from(vector.buffer)).digest('hex')

describe('featurizeText', () => {
  it('is deterministic, down to the bits', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        assert.deepEqual(featurizeText(text), featurizeText(text))
      }),
    )
    // Recorded once: any change to normalisation, hashing or scaling shows up here.
    assert.equal(
      digest(featurizeText('Attribution rewards the people whose data made the model better.')),
      '753ec3b57a58656ddc13ed6dabddd52fc7613e2a1e8adca44e952f0edb4c0fc9',
    )
  })

  it('returns unit-length vectors of the requested dimension', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 512 }), (text, dimension) => {
        const vector = featurizeText(text, { dimension })
        assert.equal(vector.length, dimension)
        const norm = length(vector)
        // Zero only when nothing is left after trimming, or when the signed counts cancel exactly.
        assert.ok(Math.abs(norm - 1) < 1e-12 || norm === 0, `length ${norm}`)
      }),
    )
    for (const text of ['a', 'ok', 'Hello, world', '数据']) assert.ok(Math.abs(length(featurizeText(text)) - 1) < 1e-12)
  })

  it('gives the zero vector for empty and whitespace-only text', () => {
    for (const text of ['', ' ', '\n\t  \u00a0']) assert.ok(featurizeText(text).every((value) => value === 0))
  })

  it('ignores case, Unicode composition and runs of whitespace', () => {
    assert.deepEqual(featurizeText('Café au lait'), featurizeText('CAFE\u0301   au\n lait'))
    assert.deepEqual(featurizeText('  hello world '), featurizeText('hello world'))
  })

  it('keeps characters outside the Basic Multilingual Plane whole', () => {
    const vector = featurizeText('🙂🙂 ok')
    assert.ok(Math.abs(length(vector) - 1) < 1e-12)
    assert.notDeepEqual(vector, featurizeText('🙃🙃 ok'))
  })

  it('puts similar texts nearer than unrelated ones', () => {
    const cases = [
      [
        'the quick brown fox jumps over the lazy dog',
        'the quick brown fox jumped over a lazy dog',
        'quarterly revenue grew four percent',
      ],
      ['machine learning data attribution', 'data attribution for machine learning', 'a recipe for lemon cake'],
      ['Ethereum smart contract audit', 'smart contract audits on ethereum', 'the cat sat on the mat'],
    ] as const
    for (const [text, similar, unrelated] of cases) {
      const vector = featurizeText(text)
      assert.ok(distance(vector, featurizeText(similar)) < distance(vector, featurizeText(unrelated)), text)
    }
  })

  it('lays many texts out flat for knnShapley, row by row', () => {
    const texts = ['first text', '', 'third one']
    const { x, dimension } = featurizeTexts(texts, { dimension: 64, ngrams: [3] })
    assert.equal(dimension, 64)
    texts.forEach((text, i) => {
      assert.deepEqual(x.subarray(i * 64, (i + 1) * 64), featurizeText(text, { dimension: 64, ngrams: [3] }))
    })
  })

  it('values a mislabelled text below correctly labelled ones', () => {
    const train = [
      'great product, works well',
      'really great, works perfectly',
      'terrible, broke in a day',
      'awful product, broke fast',
    ]
    const values = knnShapleySync({
      // The last text is negative but labelled positive (1).
      train: { ...featurizeTexts(train), y: [1, 1, 0, 1] },
      test: {
        ...featurizeTexts(['works great', 'great, works well', 'broke, terrible product', 'awful, it broke']),
        y: [1, 1, 0, 0],
      },
      k: 1,
    })
    assert.ok(
      (values[3] as number) < Math.min(values[0] as number, values[1] as number, values[2] as number),
      `${[...values]}`,
    )
  })

  it('rejects unusable options with a named error', () => {
    for (const options of [{ dimension: 0 }, { dimension: 2.5 }, { ngrams: [] }, { ngrams: [0] }, { ngrams: [1.5] }]) {
      assert.throws(() => featurizeText('text', options), { name: InvalidFeaturizerInputError.name })
    }
    assert.throws(() => featurizeText(42 as unknown as string), { name: InvalidFeaturizerInputError.name })
  })
})
