import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import fc from 'fast-check'
import { clusteredPoints, mislabelCheck, randomCentres, seededRandom } from '../../scripts/bench/knn.js'
import { createKnnKernel } from '../../src/attribution/knnKernel.js'
import {
  DatasetShapeError,
  EmptyDatasetError,
  InvalidLabelError,
  InvalidNeighborCountError,
  InvalidWorkerCountError,
  KNN_BLOCK_SIZE,
  KnnAbortedError,
  KnnWorkerError,
  knnShapley,
  knnShapleyRegression,
  knnShapleyRegressionSync,
  knnShapleySync,
  NonFiniteValueError,
} from '../../src/attribution/knnShapley.js'
import { knnDistanceWasm } from '../../src/attribution/knnWasm.js'
import { sumBlocksInWorkers } from '../../src/attribution/knnWorker.js'

type Kind = 'classification' | 'regression'
type Instance = { trainX: number[][]; trainY: number[]; testX: number[][]; testY: number[]; k: number }

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1))

/** Shapley values by definition: every subset S of the other points, weight |S|! (n − |S| − 1)! / n!. */
function bruteForce(kind: Kind, { trainX, trainY, testX, testY, k }: Instance): number[] {
  const n = trainX.length
  const totals = new Array<number>(n).fill(0)
  testX.forEach((point, t) => {
    const target = testY[t] as number
    const distance = trainX.map((row) => row.reduce((sum, value, j) => sum + (value - (point[j] as number)) ** 2, 0))
    const byDistance = trainX
      .map((_, i) => i)
      .sort((a, b) => (distance[a] as number) - (distance[b] as number) || a - b)
    const utility = (members: number) => {
      const nearest = byDistance.filter((i) => members & (1 << i)).slice(0, k)
      if (kind === 'classification') return nearest.filter((i) => trainY[i] === target).length / k
      const prediction = nearest.reduce((sum, i) => sum + (trainY[i] as number), 0) / k
      return -((prediction - target) ** 2)
    }
    for (let i = 0; i < n; i++) {
      for (let members = 0; members < 1 << n; members++) {
        if (members & (1 << i)) continue
        let size = 0
        for (let bits = members; bits; bits &= bits - 1) size++
        const weight = (factorial(size) * factorial(n - size - 1)) / factorial(n)
        totals[i] = (totals[i] as number) + weight * (utility(members | (1 << i)) - utility(members))
      }
    }
  })
  return totals.map((total) => total / testX.length)
}

const sync = (kind: Kind, { trainX, trainY, testX, testY, k }: Instance) =>
  (kind === 'classification' ? knnShapleySync : knnShapleyRegressionSync)({
    train: { x: trainX, y: trainY },
    test: { x: testX, y: testY },
    k,
  })

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, relative = 1e-12) {
  assert.equal(actual.length, expected.length)
  const scale = Math.max(1, ...Array.from(expected, Math.abs))
  for (let i = 0; i < expected.length; i++) {
    const difference = Math.abs((actual[i] as number) - (expected[i] as number))
    assert.ok(difference <= relative * scale, `value ${i}: ${actual[i]} vs ${expected[i]}`)
  }
}

/** Small integer coordinates, so equal distances (and the lower-index tie-break) come up often. */
const instance = (kind: Kind, n: number, k: number) =>
  fc
    .record({
      dimension: fc.integer({ min: 1, max: 3 }),
      tests: fc.integer({ min: 1, max: 3 }),
    })
    .chain(({ dimension, tests }) => {
      const point = fc.array(fc.integer({ min: -3, max: 3 }), { minLength: dimension, maxLength: dimension })
      const label =
        kind === 'classification'
          ? fc.integer({ min: 0, max: 2 })
          : fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -10, max: 10, noNaN: true }))
      return fc.record({
        trainX: fc.array(point, { minLength: n, maxLength: n }),
        trainY: fc.array(label, { minLength: n, maxLength: n }),
        testX: fc.array(point, { minLength: tests, maxLength: tests }),
        testY: fc.array(label, { minLength: tests, maxLength: tests }),
        k: fc.constant(k),
      })
    })

const sameBits = (a: Float64Array, b: Float64Array) =>
  Buffer.compare(
    Buffer.from(a.buffer, a.byteOffset, a.byteLength),
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  ) === 0

const digest = (values: Float64Array) =>
  createHash('sha256')
    .update(Buffer.from(values.buffer, values.byteOffset, values.byteLength))
    .digest('hex')

/** A seeded data set as flat Float32Array features, the shape embeddings usually come in. */
function seededSet(
  seed: number,
  { n, m, dimension, classes }: { n: number; m: number; dimension: number; classes: number },
) {
  const random = seededRandom(seed)
  const centres = randomCentres(classes, dimension, random)
  const make = (count: number) => clusteredPoints({ count, dimension, classes, spread: 1, random, centres })
  return { train: make(n), test: make(m) }
}

const targets = (labels: Int32Array) => Float64Array.from(labels, (label, i) => label * 1.5 + (i % 7) / 8)

describe('knnShapley', () => {
  for (const kind of ['classification', 'regression'] as const) {
    it(`matches brute-force Shapley for ${kind}, every n = 1..8 and K = 1..n+1`, () => {
      for (let n = 1; n <= 8; n++) {
        for (let k = 1; k <= n + 1; k++) {
          fc.assert(
            fc.property(instance(kind, n, k), (generated) => {
              assertClose(sync(kind, generated), bruteForce(kind, generated))
            }),
            { numRuns: n <= 5 ? 40 : 15 },
          )
        }
      }
    })
  }

  it('reproduces the exact rational vectors in knn-shapley.json', () => {
    const file = JSON.parse(readFileSync(new URL('../vectors/knn-shapley.json', import.meta.url), 'utf8'))
    const rational = (text: string) => {
      const [numerator, denominator = '1'] = text.split('/')
      return Number(numerator) / Number(denominator)
    }
    for (const vector of file.cases) {
      // Training point i sits at distance i + 1 from the test point, so training order is nearest-first order.
      const labels: number[] = vector.labels_nearest_first ?? vector.targets_nearest_first
      const run = vector.kind === 'regression' ? knnShapleyRegressionSync : knnShapleySync
      const values = run({
        train: { x: labels.map((_, i) => [i + 1]), y: labels },
        test: { x: [[0]], y: [vector.test_label ?? vector.test_target] },
        k: vector.k,
      })
      // Each value is a few rounded operations away from the exact rational, so allow a few units in the last place.
      assertClose(values, vector.values.map(rational), 8 * Number.EPSILON)
    }
  })

  for (const kind of ['classification', 'regression'] as const) {
    it(`satisfies efficiency for ${kind}: the values add up to U(D) − U(∅)`, () => {
      const { train, test } = seededSet(11, { n: 300, m: 20, dimension: 4, classes: 3 })
      const y = kind === 'classification' ? train.y : targets(train.y)
      const testY = kind === 'classification' ? test.y : targets(test.y)
      for (const k of [1, 3, 10, 299, 300, 400]) {
        const run = kind === 'classification' ? knnShapleySync : knnShapleyRegressionSync
        const values = run({ train: { ...train, y }, test: { ...test, y: testY }, k })
        let expected = 0
        for (let t = 0; t < test.y.length; t++) {
          const distance = Array.from({ length: train.y.length }, (_, i) => {
            let sum = 0
            for (let j = 0; j < 4; j++) sum += ((test.x[t * 4 + j] as number) - (train.x[i * 4 + j] as number)) ** 2
            return sum
          })
          const nearest = distance
            .map((_, i) => i)
            .sort((a, b) => (distance[a] as number) - (distance[b] as number) || a - b)
            .slice(0, k)
          const target = testY[t] as number
          if (kind === 'classification') expected += nearest.filter((i) => y[i] === target).length / k
          else {
            const prediction = nearest.reduce((sum, i) => sum + (y[i] as number), 0) / k
            expected += -((prediction - target) ** 2) + target ** 2
          }
        }
        expected /= test.y.length
        const sum = values.reduce((total, value) => total + value, 0)
        assert.ok(Math.abs(sum - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `K=${k}: ${sum} vs ${expected}`)
      }
    })
  }

  it('gives duplicated points equal values (symmetry)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.integer({ min: 0, max: 2 })), {
          minLength: 2,
          maxLength: 30,
        }),
        fc.nat(),
        fc.array(fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.integer({ min: 0, max: 2 })), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.integer({ min: 1, max: 6 }),
        (points, pick, tests, k) => {
          const original = pick % points.length
          const copied = points[original] as [number, number]
          const train = [...points, copied]
          // Another point exactly as far from a test point would sit between the copies in the tie-break by index,
          // and then the game itself is not symmetric in them.
          const far = (value: number, test: number) => (value - test) ** 2
          fc.pre(
            tests.every(([test]) =>
              points.every(([value], i) => i === original || far(value, test) !== far(copied[0], test)),
            ),
          )
          const x = train.map(([value]) => [value])
          const test = { x: tests.map(([value]) => [value]), y: tests.map(([, label]) => label) }
          const classification = knnShapleySync({ train: { x, y: train.map(([, label]) => label) }, test, k })
          assert.equal(classification[original], classification[train.length - 1])
          const regression = knnShapleyRegressionSync({
            train: { x, y: train.map(([value, label]) => label + value / 3) },
            test: { x: test.x, y: tests.map(([value]) => value) },
            k,
          })
          assert.equal(regression[original], regression[train.length - 1])
        },
      ),
    )
  })

  it('is linear in the test set: values for A ∪ B are the size-weighted average of those for A and B', () => {
    const { train, test } = seededSet(5, { n: 500, m: 30, dimension: 6, classes: 4 })
    const split = 11
    const part = (from: number, to: number) => ({
      x: test.x.subarray(from * 6, to * 6),
      dimension: 6,
      y: test.y.subarray(from, to),
    })
    for (const run of [knnShapleySync, knnShapleyRegressionSync]) {
      const all = run({ train, test: part(0, 30), k: 5 })
      const a = run({ train, test: part(0, split), k: 5 })
      const b = run({ train, test: part(split, 30), k: 5 })
      const mixed = Array.from(a, (value, i) => (split * value + (30 - split) * (b[i] as number)) / 30)
      assertClose(all, mixed, 1e-13)
    }
  })

  it('orders neighbours exactly, ties to the lower index, when thousands of distances share their leading bits', () => {
    // Values straight from Jia et al.'s recursion over a plain comparison sort of the same distances: the bits must
    // match, so the radix sort, its long-run path and its tie-break are all checked well beyond brute-force sizes.
    const reference = (x: Float64Array, y: Float64Array, tests: number[], labels: number[], k: number) => {
      const n = x.length
      const sums = new Float64Array(n)
      tests.forEach((point, t) => {
        const distance = Array.from(x, (value) => 0 + (point - value) * (point - value))
        const order = Array.from(x, (_, i) => i).sort(
          (a, b) => (distance[a] as number) - (distance[b] as number) || a - b,
        )
        const match = (rank: number) => (y[order[rank - 1] as number] === labels[t] ? 1 : 0)
        const add = (rank: number, value: number) => {
          const index = order[rank - 1] as number
          sums[index] = (sums[index] as number) + value
        }
        let value = match(n) / Math.max(n, k)
        add(n, value)
        for (let i = n - 1; i >= 1; i--) {
          if (match(i) !== match(i + 1)) value += (match(i) - match(i + 1)) / Math.max(i, k)
          add(i, value)
        }
      })
      return sums.map((sum) => sum / tests.length)
    }
    const n = 3000
    const y = Float64Array.from({ length: n }, (_, i) => (i * 7) % 3)
    const layouts = {
      // Distances from 0 all lie in [1, 1 + 2^-27): one run of equal high words, told apart by the low word only.
      'near-equal': Float64Array.from({ length: n }, (_, i) => 1 + ((i * 7919) % n) * 2 ** -40),
      // Five distinct distances, six hundred exact ties each.
      'exact ties': Float64Array.from({ length: n }, (_, i) => (i * 13) % 5),
      // Both, plus short runs.
      mixed: Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 2 : 1 + ((i * 31) % 97) * 2 ** -45)),
    }
    for (const [layout, x] of Object.entries(layouts)) {
      for (const k of [1, 5, 3001]) {
        const tests = [0, 0.5, -2]
        const labels = [0, 1, 2]
        const values = knnShapleySync({
          train: { x, dimension: 1, y },
          test: { x: Float64Array.from(tests), dimension: 1, y: labels },
          k,
        })
        assert.ok(sameBits(values, reference(x, y, tests, labels, k)), `${layout}, K=${k}`)
      }
    }
  })

  it('accepts rows, Float32Array and Float64Array features alike', () => {
    const { train, test } = seededSet(3, { n: 200, m: 9, dimension: 5, classes: 3 })
    const flat = knnShapleySync({ train, test, k: 3 })
    const rows = (x: Float32Array) =>
      Array.from({ length: x.length / 5 }, (_, i) => Array.from(x.subarray(i * 5, i * 5 + 5)))
    const asRows = knnShapleySync({
      train: { x: rows(train.x), y: [...train.y] },
      test: { x: rows(test.x), y: test.y },
      k: 3,
    })
    const as64 = knnShapleySync({
      train: { x: Float64Array.from(train.x), dimension: 5, y: train.y },
      test: { x: Float64Array.from(test.x), dimension: 5, y: test.y },
      k: 3,
    })
    assert.ok(sameBits(flat, asRows) && sameBits(flat, as64))
  })

  it('computes the same bits with the WebAssembly SIMD distance loop as with the JavaScript one', () => {
    fc.assert(
      fc.property(
        fc.record({
          n: fc.integer({ min: 1, max: 40 }),
          dimension: fc.integer({ min: 1, max: 9 }),
          m: fc.integer({ min: 1, max: 9 }),
          k: fc.integer({ min: 1, max: 6 }),
          float32: fc.boolean(),
          kind: fc.constantFrom('classification' as const, 'regression' as const),
          seed: fc.integer(),
        }),
        ({ n, dimension, m, k, float32, kind, seed }) => {
          const random = seededRandom(seed)
          const features = (count: number) => {
            const values = Array.from({ length: count * dimension }, () => 10 * random() - 5)
            return float32 ? Float32Array.from(values) : Float64Array.from(values)
          }
          const labels = (count: number) => Float64Array.from({ length: count }, () => Math.floor(3 * random()))
          const data = {
            kind,
            k,
            n,
            dimension,
            trainX: features(n),
            trainY: labels(n),
            testX: features(m),
            testY: labels(m),
          }
          const simd = createKnnKernel({ ...data, wasm: knnDistanceWasm() })
          const plain = createKnnKernel(data)
          assert.ok(simd.wasm && !plain.wasm)
          assert.ok(sameBits(simd.sumBlock(0, m), plain.sumBlock(0, m)))
        },
      ),
      { numRuns: 200 },
    )
  })

  it('returns the same bits for every run and every number of workers', async () => {
    const { train, test } = seededSet(42, { n: 3000, m: 5 * KNN_BLOCK_SIZE + 3, dimension: 12, classes: 5 })
    for (const [run, runSync, y, testY] of [
      [knnShapley, knnShapleySync, train.y, test.y],
      [knnShapleyRegression, knnShapleyRegressionSync, targets(train.y), targets(test.y)],
    ] as const) {
      const parameters = { train: { ...train, y }, test: { ...test, y: testY }, k: 7 }
      const reference = runSync(parameters)
      assert.ok(sameBits(reference, runSync(parameters)))
      for (const workers of [0, 1, 2, 3])
        assert.ok(sameBits(reference, await run({ ...parameters, workers })), `${workers} workers`)
      assert.ok(sameBits(reference, await run(parameters)))
    }
  })

  it('starts its workers from minified app bundles too, and keeps Node built-ins out of browser bundles', async () => {
    const { train, test } = seededSet(4, { n: 2000, m: 20, dimension: 8, classes: 3 })
    const reference = knnShapleySync({ train, test, k: 4 })
    const entry = fileURLToPath(new URL('../../src/attribution/knnShapley.ts', import.meta.url))
    const directory = mkdtempSync(join(tmpdir(), 'knn-shapley-'))
    try {
      // keepNames wraps named inner functions in a module-level helper that a worker started from source would lack.
      for (const [name, options] of [
        ['minified', { minify: true }],
        ['keep-names', { minify: true, keepNames: true }],
      ] as const) {
        const outfile = join(directory, `${name}.mjs`)
        await build({
          entryPoints: [entry],
          bundle: true,
          format: 'esm',
          platform: 'node',
          outfile,
          logLevel: 'silent',
          ...options,
        })
        const bundled: typeof import('../../src/attribution/knnShapley.js') = await import(pathToFileURL(outfile).href)
        assert.ok(sameBits(reference, await bundled.knnShapley({ train, test, k: 4, workers: 2 })), name)
      }
      const browser = await build({
        entryPoints: [entry],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        write: false,
        logLevel: 'silent',
      })
      assert.doesNotMatch(browser.outputFiles[0]?.text ?? '', /from ["']node:/)
    } finally {
      rmSync(directory, { recursive: true, force: true })
    }
  })

  it('reproduces recorded digests, so a change to the arithmetic cannot go unnoticed', () => {
    const { train, test } = seededSet(2019, { n: 1000, m: 20, dimension: 16, classes: 4 })
    const classification = knnShapleySync({ train, test, k: 5 })
    const regression = knnShapleyRegressionSync({
      train: { ...train, y: targets(train.y) },
      test: { ...test, y: targets(test.y) },
      k: 5,
    })
    assert.equal(digest(classification), '6344ad86aab767c5a19273ce6e41ff85b1160fe0c4a10dfa32cbcb634dc981cb')
    assert.equal(digest(regression), '75de6df070a754f47c9e92f952a924d21a2c33f0539063dea346574583d4adc6')
  })

  it('finds flipped labels and the points a classifier needs (mislabel check)', () => {
    const report = mislabelCheck(7)
    assert.ok(report.auroc > 0.85, `AUROC ${report.auroc}`)
    const last = report.curve.at(-1)
    assert.ok(last && last.fraction === 0.3 && last.topValued < last.random, JSON.stringify(report.curve))
  })

  describe('rejects bad input with a named error', () => {
    const train = { x: [[0], [1]], y: [0, 1] }
    const test = { x: [[0.5]], y: [1] }
    const cases: [string, () => unknown, string][] = [
      ['an empty training set', () => knnShapleySync({ train: { x: [], y: [] }, test, k: 1 }), EmptyDatasetError.name],
      [
        'an empty flat test set',
        () => knnShapleySync({ train, test: { x: new Float32Array(0), dimension: 1, y: [] }, k: 1 }),
        EmptyDatasetError.name,
      ],
      ['k = 0', () => knnShapleySync({ train, test, k: 0 }), InvalidNeighborCountError.name],
      ['k = 1.5', () => knnShapleySync({ train, test, k: 1.5 }), InvalidNeighborCountError.name],
      [
        'fewer labels than points',
        () => knnShapleySync({ train: { x: train.x, y: [0] }, test, k: 1 }),
        DatasetShapeError.name,
      ],
      [
        'ragged rows',
        () => knnShapleySync({ train: { x: [[0], [1, 2]], y: [0, 1] }, test, k: 1 }),
        DatasetShapeError.name,
      ],
      [
        'a flat array that does not split into points',
        () => knnShapleySync({ train: { x: new Float64Array(5), dimension: 2, y: [0, 1] }, test, k: 1 }),
        DatasetShapeError.name,
      ],
      [
        'a dimension of 0',
        () => knnShapleySync({ train: { x: new Float64Array(0), dimension: 0, y: [] }, test, k: 1 }),
        DatasetShapeError.name,
      ],
      [
        'test points of another dimension',
        () => knnShapleySync({ train, test: { x: [[0, 1]], y: [1] }, k: 1 }),
        DatasetShapeError.name,
      ],
      [
        'a NaN feature',
        () => knnShapleySync({ train: { x: [[0], [Number.NaN]], y: [0, 1] }, test, k: 1 }),
        NonFiniteValueError.name,
      ],
      [
        'an infinite flat feature',
        () =>
          knnShapleySync({
            train,
            test: { x: new Float32Array([Number.POSITIVE_INFINITY]), dimension: 1, y: [1] },
            k: 1,
          }),
        NonFiniteValueError.name,
      ],
      [
        'an infinite target',
        () => knnShapleyRegressionSync({ train: { x: train.x, y: [0, Number.POSITIVE_INFINITY] }, test, k: 1 }),
        NonFiniteValueError.name,
      ],
      [
        'a fractional class label',
        () => knnShapleySync({ train: { x: train.x, y: [0, 0.5] }, test, k: 1 }),
        InvalidLabelError.name,
      ],
    ]
    for (const [what, run, name] of cases) {
      it(`for ${what}`, () => {
        assert.throws(run, (error: Error) => {
          assert.equal(error.name, name)
          assert.ok(!/undefined|NaN points/.test(error.message), error.message)
          return true
        })
      })
    }

    it('for a negative or fractional worker count', async () => {
      for (const workers of [-1, 1.5]) {
        await assert.rejects(knnShapley({ train, test, k: 1, workers }), { name: InvalidWorkerCountError.name })
      }
    })
  })

  it("reports a failure inside a worker as KnnWorkerError, with the worker's error as the cause", async () => {
    const broken = { kind: 'classification' as const, k: 1, n: -1, dimension: 1 }
    const empty = new Float64Array(0)
    await assert.rejects(
      sumBlocksInWorkers(
        { ...broken, trainX: empty, trainY: empty, testX: empty, testY: empty },
        [{ start: 0, end: 1 }],
        {
          workers: 1,
          onBlock: () => {},
        },
      ),
      (error: KnnWorkerError) => {
        assert.equal(error.name, KnnWorkerError.name)
        assert.match(String((error.cause as Error).message), /RangeError/)
        return true
      },
    )
  })

  it('stops when the signal aborts', async () => {
    const { train, test } = seededSet(8, { n: 20_000, m: 2000, dimension: 32, classes: 4 })
    await assert.rejects(knnShapley({ train, test, k: 3, signal: AbortSignal.abort() }), { name: KnnAbortedError.name })
    for (const workers of [0, 2]) {
      const now = new AbortController()
      const pending = knnShapley({ train, test, k: 3, workers, signal: now.signal })
      now.abort()
      await assert.rejects(pending, { name: KnnAbortedError.name })
    }
    // Part-way through: a job big enough to take most of a minute, so the abort always lands while it runs.
    const big = seededSet(9, { n: 20_000, m: 50_000, dimension: 32, classes: 4 })
    const later = new AbortController()
    const pending = knnShapley({ train: big.train, test: big.test, k: 3, workers: 2, signal: later.signal })
    setTimeout(() => later.abort(), 100)
    await assert.rejects(pending, { name: KnnAbortedError.name })
  })
})
