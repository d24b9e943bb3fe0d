/**
 * `npx tsx scripts/bench/usage.ts`: usage-based valuation (knnUsageValues), each query's fee split over N = 100,000
 * training points (K = 5) by their positive per-query KNN-Shapley values. By default M = 2,000 queries, which gives the
 * time per query; `--full` runs the row, M = 100,000 queries (about 10 minutes on 2 busy cores). The dimension
 * is 32 so the full row fits in that time; `--dimension=128` matches the knn benchmark.
 * Also: the same queries through knnShapley (the full sort of every distance) for comparison, bit-identity across
 * worker counts, and that the values add up to the fees. Exits non-zero when a check fails.
 */
import { availableParallelism } from 'node:os'
import { knnShapley } from '../../src/attribution/knnShapley.js'
import { knnUsageValues } from '../../src/attribution/knnUsage.js'
import { clusteredPoints, randomCentres, seededRandom } from './knn.js'

const full = process.argv.includes('--full')
const n = 100_000
const m = full ? 100_000 : 2_000
const dimension = Number(process.argv.find((arg) => arg.startsWith('--dimension='))?.slice(12) ?? 32)
const k = 5
let failed = false

const random = seededRandom(2024)
const centres = randomCentres(10, dimension, random)
const make = (count: number) => clusteredPoints({ count, dimension, classes: 10, spread: 1, random, centres, terms: 4 })
const train = make(n)
const queries = make(m)
const fees = Array.from({ length: m }, () => 10n ** 15n + BigInt(Math.floor(random() * 1e6)))
const workers = Math.min(availableParallelism(), 8)

{
  const started = performance.now()
  const result = await knnUsageValues({ train, queries: { ...queries, fees }, k })
  const seconds = (performance.now() - started) / 1000
  console.log(
    `knnUsageValues N=${n} d=${dimension} M=${m} K=${k}${full ? '' : ' (scaled row; --full for M=100,000)'}: ${workers} worker threads`,
  )
  console.log(`  total ${seconds.toFixed(1)} s, ${((seconds * 1000) / m).toFixed(2)} ms per query`)
  const paid = result.values.reduce((sum, value) => sum + value, 0)
  const relative = Math.abs(paid - Number(result.attributedFee)) / Number(result.attributedFee)
  console.log(
    `  unattributed queries: ${result.unattributedQueries.length} (fee ${result.unattributedFee}); Σ values / attributed fees − 1 = ${relative.toExponential(1)}`,
  )
  if (relative > 1e-9) failed = true
}

{
  const count = Math.min(m, 1_000)
  const part = { x: queries.x.subarray(0, count * dimension), dimension, y: queries.y.subarray(0, count) }
  let started = performance.now()
  await knnUsageValues({ train, queries: { ...part, fees: fees.slice(0, count) }, k })
  const usage = (performance.now() - started) / count
  started = performance.now()
  await knnShapley({ train, test: part, k })
  const shapley = (performance.now() - started) / count
  console.log(
    `  per query, same ${count} queries: knnUsageValues ${usage.toFixed(2)} ms, knnShapley (full sort) ${shapley.toFixed(2)} ms`,
  )
}

{
  const small = 20_000
  const count = 50
  const subset = { x: train.x.subarray(0, small * dimension), dimension, y: train.y.subarray(0, small) }
  const part = { x: queries.x.subarray(0, count * dimension), dimension, y: queries.y.subarray(0, count) }
  const run = (workers: number) =>
    knnUsageValues({ train: subset, queries: { ...part, fees: fees.slice(0, count) }, k, workers })
  const [inline, two] = [await run(0), await run(2)]
  const identical = Buffer.compare(Buffer.from(inline.values.buffer), Buffer.from(two.values.buffer)) === 0
  console.log(`bit-identity N=${small} M=${count}: workers 0, 2 ${identical ? 'identical' : 'DIFFER'}`)
  if (!identical) failed = true
}

process.exit(failed ? 1 : 0)
