import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import { changeOneCharacter, reviewText } from '../../scripts/bench/duplicates.js'
import { clusteredPoints, randomCentres, seededRandom } from '../../scripts/bench/knn.js'
import { featurizeTexts } from '../../src/attribution/featurizeText.js'
import { DatasetShapeError, NonFiniteValueError } from '../../src/attribution/knnErrors.js'
import { writeMinHash } from '../../src/attribution/minHash.js'
import {
  DEFAULT_NEAR_DUPLICATE_RULE,
  type GroupNearDuplicatesParameters,
  groupNearDuplicates,
  InvalidNearDuplicateRuleError,
  InvalidPriorityError,
  NEAR_DUPLICATE_RULE_NAME,
  type NearDuplicateRule,
  valuePlayers,
} from '../../src/attribution/nearDuplicates.js'

type TextRule = NonNullable<NearDuplicateRule['text']>

/** The rule as its doc comment states it, by comparing every point with every earlier player. */
function naiveGroups({ x, dimension, priority, texts, rule }: GroupNearDuplicatesParameters): number[] {
  const n = x.length / dimension
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (priority[a] as number) - (priority[b] as number) || a - b,
  )
  const signature = (i: number, text: TextRule) => {
    const into = new Uint32Array(text.permutations)
    const value = texts?.[i]
    return value !== undefined && writeMinHash(value, text, into, 0) ? into : undefined
  }
  const textsMatch = (p: number, q: number) => {
    if (rule.text === null) return false
    const a = signature(p, rule.text)
    const b = signature(q, rule.text)
    if (!a || !b) return false
    const rows = rule.text.permutations / rule.text.bands
    const shareBand = Array.from({ length: rule.text.bands }, (_, band) => band).some((band) =>
      a.subarray(band * rows, (band + 1) * rows).every((value, r) => value === b[band * rows + r]),
    )
    const equal = a.filter((value, r) => value === b[r]).length
    return shareBand && equal / rule.text.permutations >= rule.text.minJaccard
  }
  const distance = (p: number, q: number) => {
    let sum = 0
    for (let j = 0; j < dimension; j++)
      sum += ((x[p * dimension + j] as number) - (x[q * dimension + j] as number)) ** 2
    return sum
  }
  const groups = new Array<number>(n).fill(-1)
  const players: number[] = []
  for (const p of order) {
    const copied = players.find((q) => distance(p, q) <= rule.maxSquaredDistance || textsMatch(p, q))
    if (copied === undefined) players.push(p)
    else groups[p] = copied
  }
  return groups
}

/** A small instance with many pairs near, at and across the thresholds, and priorities with ties. */
function randomInstance(random: () => number): GroupNearDuplicatesParameters {
  const int = (max: number) => Math.floor(random() * max)
  const n = 1 + int(60)
  const dimension = 1 + int(6)
  const kind = int(4)
  // Lattice points land exactly on integer thresholds; scaled ones test rounding, underflow and overflow.
  const scale = [1, 1, 1e-170, 1e150][kind] as number
  const x = new Float64Array(n * dimension)
  for (let i = 0; i < x.length; i++) {
    x[i] = kind === 1 ? int(3) + (random() - 0.5) * 0.2 : (int(3) - 1) * scale * (kind === 3 ? 1 + int(2) : 1)
  }
  const alphabet = ['a', 'b', 'ab ', ' ', 'é', '😀']
  const texts = Array.from({ length: n }, () =>
    random() < 0.2 ? undefined : Array.from({ length: int(14) }, () => alphabet[int(alphabet.length)]).join(''),
  )
  const permutations = [4, 8, 16][int(3)] as number
  const divisors = [1, 2, 4].filter((bands) => permutations % bands === 0)
  const limits = [0, 0.5, 1, 2, 3]
  return {
    x,
    dimension,
    priority: Array.from({ length: n }, () => int(n)),
    texts,
    rule: {
      name: NEAR_DUPLICATE_RULE_NAME,
      maxSquaredDistance: (limits[int(limits.length)] as number) * (kind === 1 ? 0.05 : scale * scale),
      text:
        random() < 0.3
          ? null
          : {
              shingle: 1 + int(4),
              permutations,
              bands: divisors[int(divisors.length)] as number,
              minJaccard: [0, 0.3, 0.5, 1][int(4)] as number,
            },
    },
  }
}

const copyCount = (groups: Int32Array) => groups.filter((group) => group !== -1).length

describe('groupNearDuplicates', () => {
  it('equals the rule applied by comparing every pair, on random small instances', () => {
    const random = seededRandom(1401)
    let grouped = 0
    for (let run = 0; run < 400; run++) {
      const instance = randomInstance(random)
      const groups = groupNearDuplicates(instance)
      assert.deepEqual(Array.from(groups), naiveGroups(instance), `instance ${run}`)
      grouped += copyCount(groups)
    }
    assert.ok(grouped > 1000, 'the instances group many points')
  })

  it('finds every pair within the threshold among clustered points, where most pairs are far apart', () => {
    const random = seededRandom(3)
    const dimension = 16
    const points = clusteredPoints({
      count: 400,
      dimension,
      classes: 4,
      spread: 0.05,
      random,
      centres: randomCentres(4, dimension, random),
    })
    const x = Float64Array.from(points.x)
    for (const maxSquaredDistance of [0.03, 0.05, 0.1]) {
      const instance = {
        x,
        dimension,
        priority: Array.from({ length: 400 }, () => random()),
        rule: { ...DEFAULT_NEAR_DUPLICATE_RULE, maxSquaredDistance },
      }
      const groups = groupNearDuplicates(instance)
      assert.deepEqual(Array.from(groups), naiveGroups(instance))
      assert.ok(copyCount(groups) > 0 && copyCount(groups) < 400)
    }
  })

  it('is deterministic and does not depend on how the points are laid out, given distinct priorities', () => {
    const random = seededRandom(77)
    for (let run = 0; run < 50; run++) {
      const instance = randomInstance(random)
      const n = instance.x.length / instance.dimension
      const priority = Array.from({ length: n }, () => random())
      const groups = groupNearDuplicates({ ...instance, priority })
      assert.deepEqual(groupNearDuplicates({ ...instance, priority }), groups)
      // Move point i to position at[i].
      const at = Array.from({ length: n }, (_, i) => i).sort(() => random() - 0.5)
      const x = new Float64Array(instance.x.length)
      const moved = <T>(values: ArrayLike<T>) => {
        const result = new Array<T>(n)
        for (let i = 0; i < n; i++) result[at[i] as number] = values[i] as T
        return result
      }
      for (let i = 0; i < n; i++) {
        x.set(
          instance.x.subarray(i * instance.dimension, (i + 1) * instance.dimension),
          (at[i] as number) * instance.dimension,
        )
      }
      const shuffled = groupNearDuplicates({
        ...instance,
        x,
        priority: moved(priority),
        texts: instance.texts ? moved(instance.texts) : undefined,
      })
      for (let i = 0; i < n; i++) {
        const group = groups[i] as number
        assert.equal(shuffled[at[i] as number], group === -1 ? -1 : at[group])
      }
    }
  })

  it('gives the credit to the earliest registration, whatever the index', () => {
    const x = new Float64Array([0, 0, 5, 5, 0, 0.001])
    const rule = DEFAULT_NEAR_DUPLICATE_RULE
    assert.deepEqual(Array.from(groupNearDuplicates({ x, dimension: 2, priority: [10, 11, 12], rule })), [-1, -1, 0])
    assert.deepEqual(Array.from(groupNearDuplicates({ x, dimension: 2, priority: [12, 11, 10], rule })), [2, -1, -1])
    // Equal priorities (rows of one contribution): the lower index.
    assert.deepEqual(Array.from(groupNearDuplicates({ x, dimension: 2, priority: [1, 1, 1], rule })), [-1, -1, 0])
  })

  it('compares copies with players only, so a chain of small steps does not travel', () => {
    const x = new Float64Array([0, 0.008, 0.016])
    const groups = groupNearDuplicates({
      x,
      dimension: 1,
      priority: [0, 1, 2],
      rule: DEFAULT_NEAR_DUPLICATE_RULE,
    })
    // 0.008² ≤ 0.0001 but 0.016² is not: the third point is a player, though it is close to the (copied) second.
    assert.deepEqual(Array.from(groups), [-1, 0, -1])
  })

  it('catches tiny noise with the default rule and leaves unrelated points apart', () => {
    const random = seededRandom(12)
    const dimension = 128
    const n = 2000
    const points = clusteredPoints({
      count: n,
      dimension,
      classes: 10,
      spread: 1,
      random,
      centres: randomCentres(10, dimension, random),
    })
    const priority = Array.from({ length: n }, (_, i) => i)
    assert.equal(copyCount(groupNearDuplicates({ ...points, priority, rule: DEFAULT_NEAR_DUPLICATE_RULE })), 0)
    // Unit vectors, as most embeddings are.
    const unit = new Float64Array(n * 384)
    for (let i = 0; i < n; i++) {
      let norm = 0
      for (let j = 0; j < 384; j++) {
        unit[i * 384 + j] = random() - 0.5
        norm += (unit[i * 384 + j] as number) ** 2
      }
      for (let j = 0; j < 384; j++) unit[i * 384 + j] = (unit[i * 384 + j] as number) / Math.sqrt(norm)
    }
    const unitGroups = groupNearDuplicates({ x: unit, dimension: 384, priority, rule: DEFAULT_NEAR_DUPLICATE_RULE })
    assert.equal(copyCount(unitGroups), 0)

    const noisy = (x: Float32Array | Float64Array, d: number, size: number) => {
      const copies = new Float64Array(x.length + 50 * d)
      copies.set(x)
      for (let c = 0; c < 50; c++) {
        for (let j = 0; j < d; j++) copies[(n + c) * d + j] = (x[c * 7 * d + j] as number) + (random() - 0.5) * size
      }
      return copies
    }
    const later = Array.from({ length: n + 50 }, (_, i) => i)
    const expected = [...new Array<number>(n).fill(-1), ...Array.from({ length: 50 }, (_, c) => c * 7)]
    for (const [x, d, size] of [
      [points.x, dimension, 1e-3],
      [unit, 384, 1e-3],
    ] as const) {
      const groups = groupNearDuplicates({
        x: noisy(x, d, size),
        dimension: d,
        priority: later,
        rule: DEFAULT_NEAR_DUPLICATE_RULE,
      })
      assert.deepEqual(Array.from(groups), expected)
    }
  })
})

describe('the text rule', () => {
  const texts = [
    'The delivery was quick and the parcel arrived intact.',
    'I would not recommend this seller to anyone at all, sadly.',
    'Attribution rewards the people whose data made the model better.',
  ]

  it('catches a one-character change anywhere in a sentence with the default rule', () => {
    for (const text of texts) {
      const copies = Array.from(text, (_, position) => changeOneCharacter(text, position))
      const all = [text, ...copies]
      const groups = groupNearDuplicates({
        ...featurizeTexts(all),
        priority: all.map((_, i) => i),
        texts: all,
        rule: DEFAULT_NEAR_DUPLICATE_RULE,
      })
      assert.deepEqual(Array.from(groups), [-1, ...copies.map(() => 0)], text)
      // The features alone do not see it: the text rule does the work.
      const featuresOnly = groupNearDuplicates({
        ...featurizeTexts(all),
        priority: all.map((_, i) => i),
        rule: DEFAULT_NEAR_DUPLICATE_RULE,
      })
      assert.ok(copyCount(featuresOnly) < copies.length / 2)
    }
  })

  it('leaves unrelated texts, and short texts that differ in a word, apart', () => {
    const random = seededRandom(8)
    const reviews = Array.from({ length: 600 }, (_, i) => reviewText(i % 2, random))
    const all = [...reviews, 'the movie was great', 'the movie was terrible', ...texts]
    const groups = groupNearDuplicates({
      ...featurizeTexts(all),
      priority: all.map((_, i) => i),
      texts: all,
      rule: DEFAULT_NEAR_DUPLICATE_RULE,
    })
    assert.equal(copyCount(groups), 0)
  })

  it('treats points without text, and empty texts, by their features alone', () => {
    const groups = groupNearDuplicates({
      x: new Float64Array([0, 1, 2, 3]),
      dimension: 1,
      priority: [0, 1, 2, 3],
      texts: ['same words here', 'same words here', undefined, '   '],
      rule: DEFAULT_NEAR_DUPLICATE_RULE,
    })
    assert.deepEqual(Array.from(groups), [-1, 0, -1, -1])
    const ignored = groupNearDuplicates({
      x: new Float64Array([0, 1]),
      dimension: 1,
      priority: [0, 1],
      texts: ['same words here', 'same words here'],
      rule: { ...DEFAULT_NEAR_DUPLICATE_RULE, text: null },
    })
    assert.deepEqual(Array.from(ignored), [-1, -1])
  })

  it('hashes shingles exactly as documented', () => {
    const fmix = (value: number) => {
      let h = value >>> 0
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
      return (h ^ (h >>> 16)) >>> 0
    }
    const text = '  Ünïcode  TEXT, with 😀 emoji '
    const codePoints = Array.from('ünïcode text, with 😀 emoji', (c) => c.codePointAt(0) as number)
    const hashes = codePoints.slice(0, codePoints.length - 4).map((_, start) => {
      let hash = 0x811c9dc5
      for (const unit of codePoints.slice(start, start + 5)) hash = Math.imul(hash ^ unit, 0x01000193)
      return fmix(hash)
    })
    const expected = Array.from({ length: 16 }, (_, i) =>
      Math.min(...hashes.map((hash) => fmix(hash ^ fmix(Math.imul(i + 1, 0x9e3779b9))))),
    )
    const signature = new Uint32Array(16)
    assert.equal(writeMinHash(text, { shingle: 5, permutations: 16 }, signature, 0), true)
    assert.deepEqual(Array.from(signature), expected)
    // Recorded once: any change to the rule's hashing shows up here.
    const full = new Uint32Array(128)
    writeMinHash('Attribution rewards the people whose data made the model better.', DEFAULT_TEXT, full, 0)
    assert.equal(
      createHash('sha256').update(Buffer.from(full.buffer)).digest('hex'),
      'ca8a0e88d355f93139ca136edd2ad0e52293b0d0072f5bc29102a2eaed62f539',
    )
  })
})

const DEFAULT_TEXT = DEFAULT_NEAR_DUPLICATE_RULE.text as TextRule

describe('input checks', () => {
  const valid = {
    x: new Float64Array([0, 1, 2, 3]),
    dimension: 2,
    priority: [0, 1],
    rule: DEFAULT_NEAR_DUPLICATE_RULE,
  }
  const rejects = (change: Partial<Record<keyof GroupNearDuplicatesParameters, unknown>>, name: string) =>
    assert.throws(() => groupNearDuplicates({ ...valid, ...change } as GroupNearDuplicatesParameters), { name })

  it('names each problem', () => {
    rejects({ x: new Float64Array([0, Number.NaN, 2, 3]) }, NonFiniteValueError.name)
    rejects({ x: new Float64Array([0, 1, Number.POSITIVE_INFINITY, 3]) }, 'NonFiniteValueError')
    rejects({ x: [0, 1, 2, 3] }, DatasetShapeError.name)
    rejects({ dimension: 0 }, 'DatasetShapeError')
    rejects({ dimension: 3 }, 'DatasetShapeError')
    rejects({ dimension: 1.5 }, 'DatasetShapeError')
    rejects({ priority: [0] }, 'DatasetShapeError')
    rejects({ priority: [0, Number.NaN] }, InvalidPriorityError.name)
    rejects({ priority: [0, '1'] }, 'InvalidPriorityError')
    rejects({ texts: ['one'] }, 'DatasetShapeError')
    rejects({ texts: ['one', 2] }, 'DatasetShapeError')
    const rule = (change: object) => ({ rule: { ...DEFAULT_NEAR_DUPLICATE_RULE, ...change } })
    const text = (change: object) => rule({ text: { ...DEFAULT_TEXT, ...change } })
    for (const bad of [
      rule({ name: 'near-duplicate@2' }),
      rule({ maxSquaredDistance: -1 }),
      rule({ maxSquaredDistance: Number.NaN }),
      rule({ maxSquaredDistance: Number.POSITIVE_INFINITY }),
      rule({ text: 'yes' }),
      text({ shingle: 0 }),
      text({ shingle: 2.5 }),
      text({ permutations: 0 }),
      text({ permutations: 100_000 }),
      text({ bands: 3 }),
      text({ bands: 0 }),
      text({ minJaccard: 1.5 }),
      text({ minJaccard: Number.NaN }),
    ]) {
      rejects(bad, InvalidNearDuplicateRuleError.name)
    }
    const error = new InvalidPriorityError({ index: 1, value: Number.NaN })
    assert.match(error.shortMessage, /Point 1 has priority NaN/)
  })

  it('groups nothing when there are no points', () => {
    assert.deepEqual(groupNearDuplicates({ ...valid, x: new Float64Array(0), priority: [] }), new Int32Array(0))
  })
})

describe('valuePlayers', () => {
  it("sums each contribution's players in point order, and copies add nothing", () => {
    const groups = new Int32Array([-1, 0, -1, -1, 2])
    const totals = valuePlayers({
      groups,
      values: [0.5, 0.25, -0.125],
      contributionOf: [0, 1, 1, 0, 2],
      contributions: 4,
    })
    assert.deepEqual(Array.from(totals), [0.5 - 0.125, 0.25, 0, 0])
  })

  it('names a mismatch', () => {
    const groups = new Int32Array([-1, 0])
    const base = { groups, values: [1], contributionOf: [0, 0], contributions: 1 }
    for (const change of [
      { values: [1, 2] },
      { contributionOf: [0] },
      { contributionOf: [0, 1] },
      { contributionOf: [0, 0.5] },
      { contributions: -1 },
    ]) {
      assert.throws(() => valuePlayers({ ...base, ...change }), { name: 'DatasetShapeError' })
    }
  })
})
