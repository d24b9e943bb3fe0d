import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { clusteredPoints, randomCentres, seededRandom } from '../../scripts/bench/knn.js'
import { InvalidAllocationInputError } from '../../src/attribution/allocateRewards.js'
import { DatasetShapeError, NonFiniteValueError } from '../../src/attribution/knnErrors.js'
import { KNN_BLOCK_SIZE } from '../../src/attribution/knnShapley.js'
import {
  InvalidQueryFeeError,
  knnQueryValues,
  knnUsageValues,
  splitQueryFee,
  UnattributableQueryError,
} from '../../src/attribution/knnUsage.js'
import { InvalidUsageFeeError } from '../../src/attribution/usageLog.js'
import { scaledByTwoTo1074 } from '../support/exactDouble.js'

type Utility = 'classification' | 'regression'

const squaredDistance = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let sum = 0
  for (let j = 0; j < a.length; j++) sum += ((a[j] as number) - (b[j] as number)) ** 2
  return sum
}

/** Shapley values by their other definition: the average marginal contribution over every ordering of the points. */
function permutationShapley(utility: Utility, trainX: number[][], trainY: number[], x: number[], y: number, k: number) {
  const n = trainX.length
  const distance = trainX.map((row) => squaredDistance(row, x))
  const byDistance = trainX.map((_, i) => i).sort((a, b) => (distance[a] as number) - (distance[b] as number) || a - b)
  const value = (members: number) => {
    const nearest = byDistance.filter((i) => members & (1 << i)).slice(0, k)
    if (utility === 'classification') return nearest.filter((i) => trainY[i] === y).length / k
    return -((nearest.reduce((sum, i) => sum + (trainY[i] as number), 0) / k - y) ** 2)
  }
  const table = Array.from({ length: 1 << n }, (_, members) => value(members))
  const totals = new Array<number>(n).fill(0)
  let orderings = 0
  const permute = (order: number[], rest: number[]) => {
    if (rest.length === 0) {
      orderings++
      let members = 0
      for (const i of order) {
        totals[i] = (totals[i] as number) + (table[members | (1 << i)] as number) - (table[members] as number)
        members |= 1 << i
      }
      return
    }
    rest.forEach((i, at) => {
      permute([...order, i], [...rest.slice(0, at), ...rest.slice(at + 1)])
    })
  }
  permute(
    [],
    trainX.map((_, i) => i),
  )
  return totals.map((total) => total / orderings)
}

/** knnUsageValues by its definition, from knnQueryValues, in the documented order of operations. */
function naiveUsage(
  utility: Utility,
  train: { x: number[][]; y: number[] },
  queries: { x: number[][]; y: number[]; fees: bigint[] },
  k: number,
) {
  const n = train.x.length
  const total = new Float64Array(n)
  let block = new Float64Array(n)
  const unattributed: number[] = []
  queries.x.forEach((x, q) => {
    if (q % KNN_BLOCK_SIZE === 0) block = new Float64Array(n)
    const values = knnQueryValues({ train, query: { x, y: queries.y[q] as number }, k, utility })
    const distance = train.x.map((row) => squaredDistance(row, x))
    // Farthest first; among equal distances the higher index first (the reverse of nearest-first, lower index first).
    const farthestFirst = train.x
      .map((_, i) => i)
      .sort((a, b) => (distance[b] as number) - (distance[a] as number) || b - a)
    let sum = 0
    for (const i of farthestFirst) if ((values[i] as number) > 0) sum += values[i] as number
    if (sum === 0) unattributed.push(q)
    else {
      const fee = Number(queries.fees[q])
      for (const i of farthestFirst) {
        if ((values[i] as number) > 0) block[i] = (block[i] as number) + fee * ((values[i] as number) / sum)
      }
    }
    if (q % KNN_BLOCK_SIZE === KNN_BLOCK_SIZE - 1 || q === queries.x.length - 1) {
      for (let i = 0; i < n; i++) total[i] = (total[i] as number) + (block[i] as number)
    }
  })
  return { values: total, unattributed }
}

const sameBits = (a: Float64Array, b: Float64Array) =>
  a.length === b.length &&
  Buffer.compare(
    Buffer.from(a.buffer, a.byteOffset, a.byteLength),
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  ) === 0

/** Small integer coordinates, so equal distances (and the tie-break by index) come up often. */
const instance = (utility: Utility, n: number, queries: number) =>
  fc.integer({ min: 1, max: 3 }).chain((dimension) => {
    const point = fc.array(fc.integer({ min: -3, max: 3 }), { minLength: dimension, maxLength: dimension })
    const label =
      utility === 'classification'
        ? fc.integer({ min: 0, max: 2 })
        : fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -10, max: 10, noNaN: true }))
    return fc.record({
      train: fc.record({
        x: fc.array(point, { minLength: n, maxLength: n }),
        y: fc.array(label, { minLength: n, maxLength: n }),
      }),
      queries: fc.record({
        x: fc.array(point, { minLength: queries, maxLength: queries }),
        y: fc.array(label, { minLength: queries, maxLength: queries }),
        fees: fc.array(fc.bigInt({ min: 0n, max: 10n ** 20n }), { minLength: queries, maxLength: queries }),
      }),
      k: fc.integer({ min: 1, max: n + 1 }),
    })
  })

describe('knnQueryValues', () => {
  for (const utility of ['classification', 'regression'] as const) {
    it(`equals exact Shapley over every ordering of the points, ${utility}, n = 1..7`, () => {
      for (let n = 1; n <= 7; n++) {
        fc.assert(
          fc.property(instance(utility, n, 1), ({ train, queries, k }) => {
            const x = queries.x[0] as number[]
            const y = queries.y[0] as number
            const values = knnQueryValues({ train, query: { x, y }, k, utility })
            const exact = permutationShapley(utility, train.x, train.y, x, y, k)
            const scale = Math.max(1, ...exact.map(Math.abs))
            exact.forEach((value, i) => {
              assert.ok(
                Math.abs((values[i] as number) - value) <= 1e-12 * scale,
                `point ${i}: ${values[i]} vs ${value}`,
              )
            })
          }),
          { numRuns: n <= 5 ? 30 : 8 },
        )
      }
    })
  }

  it('gives positive values only to points of the answer’s class, for classification', () => {
    fc.assert(
      fc.property(instance('classification', 12, 1), ({ train, queries, k }) => {
        const y = queries.y[0] as number
        const values = knnQueryValues({ train, query: { x: queries.x[0] as number[], y }, k })
        values.forEach((value, i) => {
          assert.ok(train.y[i] === y ? value > 0 : value <= 0, `point ${i}: ${value}`)
        })
      }),
    )
  })
})

describe('knnUsageValues', () => {
  for (const utility of ['classification', 'regression'] as const) {
    it(`is, bit for bit, the sum over queries of fee · v⁺ / S (${utility})`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 12 }).chain((n) => instance(utility, n, 2 * KNN_BLOCK_SIZE + 3)),
          async ({ train, queries, k }) => {
            const result = await knnUsageValues({ train, queries, k, utility, workers: 0 })
            const naive = naiveUsage(utility, train, queries, k)
            assert.ok(sameBits(result.values, naive.values))
            assert.deepEqual(result.unattributedQueries, naive.unattributed)
            const feeOf = (list: number[]) => list.reduce((sum, q) => sum + (queries.fees[q] as bigint), 0n)
            assert.equal(result.unattributedFee, feeOf(naive.unattributed))
            assert.equal(result.attributedFee + result.unattributedFee, feeOf(queries.fees.map((_, q) => q)))
          },
        ),
        { numRuns: 40 },
      )
    })
  }

  it('matches the definition where thousands of distances tie or share their leading bits', async () => {
    const n = 3000
    const y = Array.from({ length: n }, (_, i) => (i * 7) % 3)
    const layouts = {
      'near-equal': Array.from({ length: n }, (_, i) => [1 + ((i * 7919) % n) * 2 ** -40]),
      'exact ties': Array.from({ length: n }, (_, i) => [(i * 13) % 5]),
      mixed: Array.from({ length: n }, (_, i) => [i % 3 === 0 ? 2 : 1 + ((i * 31) % 97) * 2 ** -45]),
      spread: Array.from({ length: n }, (_, i) => [((i * 7919) % n) / 7 + (i % 2 ? 1e6 : 0)]),
    }
    const queries = { x: [[0], [0.5], [-2], [1]], y: [0, 1, 2, 1], fees: [1000n, 7n, 10n ** 18n, 3n] }
    for (const [layout, x] of Object.entries(layouts)) {
      for (const k of [1, 5, 3001]) {
        const { values } = await knnUsageValues({ train: { x, y }, queries, k, workers: 0 })
        assert.ok(sameBits(values, naiveUsage('classification', { x, y }, queries, k).values), `${layout}, K=${k}`)
      }
    }
  })

  it('reports queries that no training point supports, with their fees, and pays the rest out in full', async () => {
    const train = { x: [[0], [1], [2], [3]], y: [0, 0, 1, 1] }
    const queries = { x: [[0.2], [2.5], [1]], y: [0, 7, 1], fees: [600n, 250n, 400n] }
    const result = await knnUsageValues({ train, queries, k: 2 })
    assert.deepEqual(result.unattributedQueries, [1])
    assert.equal(result.unattributedFee, 250n)
    assert.equal(result.attributedFee, 1000n)
    const paid = result.values.reduce((sum, value) => sum + value, 0)
    assert.ok(Math.abs(paid - 1000) < 1e-9, `${paid}`)
    // Query 0 (answer 0) pays only the class-0 points, query 2 (answer 1) only the class-1 points.
    assert.ok(Math.abs((result.values[0] as number) + (result.values[1] as number) - 600) < 1e-9)
    assert.ok(Math.abs((result.values[2] as number) + (result.values[3] as number) - 400) < 1e-9)
  })

  it('returns the same bits for 0 and 2 workers (and 1 and 3)', async () => {
    const random = seededRandom(42)
    const centres = randomCentres(5, 12, random)
    const make = (count: number) => clusteredPoints({ count, dimension: 12, classes: 5, spread: 1, random, centres })
    const train = make(3000)
    const queries = make(5 * KNN_BLOCK_SIZE + 3)
    const fees = Array.from(queries.y, (_, i) => BigInt(1 + ((i * 7919) % 5000)))
    const targets = (labels: Int32Array) => Float64Array.from(labels, (label, i) => label * 1.5 + (i % 7) / 8)
    for (const [utility, y, answers] of [
      ['classification', train.y, queries.y],
      ['regression', targets(train.y), targets(queries.y)],
    ] as const) {
      const run = (workers: number) =>
        knnUsageValues({ train: { ...train, y }, queries: { ...queries, y: answers, fees }, k: 7, utility, workers })
      const reference = await run(0)
      for (const workers of [1, 2, 3]) {
        const result = await run(workers)
        assert.ok(sameBits(reference.values, result.values), `${utility}, ${workers} workers`)
        assert.deepEqual(result.unattributedQueries, reference.unattributedQueries)
      }
    }
  })

  describe('rejects bad input with a named error', () => {
    const train = { x: [[0], [1]], y: [0, 1] }
    const cases: [string, () => Promise<unknown>, string][] = [
      [
        'fewer fees than queries',
        () => knnUsageValues({ train, queries: { x: [[0], [1]], y: [0, 1], fees: [1n] }, k: 1 }),
        DatasetShapeError.name,
      ],
      [
        'a negative fee',
        () => knnUsageValues({ train, queries: { x: [[0]], y: [0], fees: [-1n] }, k: 1 }),
        InvalidUsageFeeError.name,
      ],
      [
        'a fee that is a number, not a bigint',
        () => knnUsageValues({ train, queries: { x: [[0]], y: [0], fees: [5 as unknown as bigint] }, k: 1 }),
        InvalidUsageFeeError.name,
      ],
      [
        'a NaN query feature',
        () => knnUsageValues({ train, queries: { x: [[Number.NaN]], y: [0], fees: [1n] }, k: 1 }),
        NonFiniteValueError.name,
      ],
    ]
    for (const [what, run, name] of cases) {
      it(`for ${what}`, async () => {
        await assert.rejects(run(), { name })
      })
    }
  })
})

describe('splitQueryFee', () => {
  it('sums to the fee exactly, gives each positive point its share within one unit, and nothing to the rest', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: -1, max: 1, noNaN: true }), fc.constant(0), fc.constant(0.25)), {
          minLength: 1,
          maxLength: 30,
        }),
        fc.bigInt({ min: 0n, max: 10n ** 24n }),
        (values, fee) => {
          fc.pre(values.some((value) => value > 0))
          const shares = splitQueryFee(values, fee)
          assert.equal(
            shares.reduce((sum, share) => sum + share, 0n),
            fee,
          )
          // Exact: share · Σv⁺ and fee · v differ by less than Σv⁺, all scaled by 2^1074 into integers.
          const total = values.reduce((sum, value) => sum + (value > 0 ? scaledByTwoTo1074(value) : 0n), 0n)
          shares.forEach((share, i) => {
            const value = values[i] as number
            if (value <= 0) assert.equal(share, 0n)
            else {
              const difference = share * total - fee * scaledByTwoTo1074(value)
              assert.ok(difference > -total && difference < total, `share ${i} is off by a unit or more`)
            }
          })
        },
      ),
    )
  })

  it('gives the units left over to the largest remainders, ties to the lower index', () => {
    assert.deepEqual(splitQueryFee([1, 1, 1], 2n), [1n, 1n, 0n])
    assert.deepEqual(splitQueryFee([0.5, -0.25, 0.25, 0.25], 1001n), [501n, 0n, 250n, 250n])
    assert.deepEqual(splitQueryFee([0.3, 0, 0.7], 10n), [3n, 0n, 7n])
    assert.deepEqual(splitQueryFee([2 ** -1000, 1], 3n), [0n, 3n])
  })

  it('splits a query’s fee the way knnUsageValues weighs it, to within a unit', async () => {
    const train = { x: [[0], [1], [2], [3], [4]], y: [1, 0, 1, 1, 0] }
    const query = { x: [1.4], y: 1 }
    const fee = 10n ** 18n
    const shares = splitQueryFee(knnQueryValues({ train, query, k: 3 }), fee)
    const { values } = await knnUsageValues({ train, queries: { x: [query.x], y: [1], fees: [fee] }, k: 3 })
    // knnUsageValues works in doubles: S_q sums up to n values, then one division and one product, each step off by
    // at most 2^-53 relative. (n + 2) · 2^-53 · fee, plus splitQueryFee's one unit, stays under 1 + n · 2^-50 · fee.
    const tolerance = 1 + (train.y.length * Number(fee)) / 2 ** 50
    shares.forEach((share, i) => {
      assert.ok(Math.abs(Number(share) - (values[i] as number)) <= tolerance, `share ${i} is off by more than rounding`)
    })
  })

  it('splits over more points than a function call takes as arguments', () => {
    const shares = splitQueryFee(new Float64Array(200_000).fill(0.5), 200_001n)
    assert.deepEqual(shares.slice(0, 2), [2n, 1n])
    assert.ok(shares.slice(1).every((share) => share === 1n))
  })

  it('rejects a fee it cannot split with a named error', () => {
    assert.throws(() => splitQueryFee([0, -1], 5n), { name: UnattributableQueryError.name })
    assert.throws(() => splitQueryFee([1], -5n), {
      name: InvalidQueryFeeError.name,
      message: /^The query's fee is -5;/,
    })
    assert.throws(() => splitQueryFee([1, Number.NaN], 5n), { name: InvalidAllocationInputError.name })
  })
})
