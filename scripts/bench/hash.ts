/**
 * hashContent throughput in headless Chromium against `sha256sum`, on 256 MiB of deterministic bytes.
 * The SDK's hashContent and its worker are built with esbuild into the layout the package ships (hashWorker.js beside
 * hashContent.js), served over HTTP, and the page hashes a Blob with the default worker URL, then on the calling
 * thread. While it hashes, the page watches its main thread: long tasks (over 50 ms, from the Long Tasks API) and the
 * longest gap between 0 ms timer ticks. WebCrypto (whole buffer) and the SDK's SHA-256 on bytes already in memory are
 * printed for reference. Throughput includes starting the worker and reading the Blob.
 * Exits 1 when any digest differs from sha256sum's.
 *
 *   npx tsx scripts/bench/hash.ts   (CHROME_PATH overrides /usr/bin/chromium; HASH_BENCH_MIB the size)
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { pseudoRandomBytes } from '../../test/support/pseudoRandomBytes.js'
import { CHROMIUM_FLAGS } from '../lib/chromiumFlags.mjs'

const MiB = 1024 * 1024
const size = Number(process.env.HASH_BENCH_MIB ?? 256) * MiB
const seed = 0x2545f491
const work = mkdtempSync(join(tmpdir(), 'ledger-hash-bench-'))
const source = (path: string) => fileURLToPath(new URL(`../../src/content/${path}`, import.meta.url))

// Plain JavaScript, run by the page as a module. Keep fill() in step with test/support/pseudoRandomBytes.ts.
const pageScript = `
import { hashContent } from './hashContent.js'
import { createSha256 } from './sha256.js'

function fill(length, seed) {
  const words = new Uint32Array(Math.ceil(length / 4))
  let x = seed
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    words[i] = x
  }
  return new Uint8Array(words.buffer, 0, length)
}

/** Runs task() while recording long tasks and the longest gap between 0 ms timer ticks on this thread. */
async function watchMainThread(task) {
  const longTasks = []
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration)
  })
  observer.observe({ type: 'longtask' })
  let maxGap = 0
  let last = performance.now()
  let ticking = true
  const tick = () => {
    const now = performance.now()
    maxGap = Math.max(maxGap, now - last)
    last = now
    if (ticking) setTimeout(tick, 0)
  }
  setTimeout(tick, 0)
  const start = performance.now()
  const result = await task()
  const ms = performance.now() - start
  ticking = false
  await new Promise((resolve) => setTimeout(resolve, 20))
  for (const entry of observer.takeRecords()) longTasks.push(entry.duration)
  observer.disconnect()
  return { result, ms, longTasks: longTasks.length, longestTask: Math.max(0, ...longTasks), maxGap }
}

export async function run({ size, seed }) {
  const blob = new Blob([fill(size, seed)])
  const results = {}
  for (const thread of ['worker', 'inline']) {
    // Best of two, each starting from a clean heap, so collecting the set-up garbage is not counted as hashing.
    for (let attempt = 0; attempt < 2; attempt++) {
      globalThis.gc?.()
      let progressEvents = 0
      const watched = await watchMainThread(() => hashContent(blob, { thread, onProgress: () => progressEvents++ }))
      if (!results[thread] || watched.ms < results[thread].ms) results[thread] = { ...watched, progressEvents }
    }
  }
  globalThis.gc?.()
  // For comparison only: WebCrypto cannot hash incrementally, so it needs the whole content in memory.
  const hex = (digest) => '0x' + Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')
  results.webCrypto = await watchMainThread(async () =>
    hex(new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()))),
  )
  // The SDK's SHA-256 alone on bytes already in memory, best of two so V8 has compiled it: the ceiling for
  // hashContent, which also has to start a worker, read the file and compile the hasher there.
  const bytes = new Uint8Array(await blob.arrayBuffer())
  const step = 1024 * 1024
  for (let attempt = 0; attempt < 2; attempt++) {
    const start = performance.now()
    const hash = createSha256()
    for (let offset = 0; offset < bytes.length; offset += step) hash.update(bytes.subarray(offset, offset + step))
    const ms = performance.now() - start
    if (!results.sha256Alone || ms < results.sha256Alone.ms) results.sha256Alone = { result: hex(hash.digest()), ms }
  }
  return results
}
`

type Watched = { result: string; ms: number; longTasks: number; longestTask: number; maxGap: number }
type PageResults = { worker: Watched & { progressEvents: number }; inline: Watched & { progressEvents: number } }
type AllResults = PageResults & { webCrypto: Watched; sha256Alone: { result: string; ms: number } }
type Bench = { run(args: { size: number; seed: number }): Promise<AllResults> }

const built = await build({
  entryPoints: {
    hashContent: source('hashContent.ts'),
    hashWorker: source('hashWorker.ts'),
    sha256: source('sha256.ts'),
  },
  outdir: work,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  metafile: true,
  logLevel: 'warning',
})
const bundles = Object.entries(built.metafile.outputs)
  .filter(([path]) => /hash(Content|Worker)\.js$/.test(path))
  .map(([path, output]) => ({
    name: path.split('/').pop(),
    minified: output.bytes,
    gzipped: gzipSync(readFileSync(path)).byteLength,
  }))
writeFileSync(join(work, 'bench.js'), pageScript)
writeFileSync(
  join(work, 'index.html'),
  `<!doctype html><meta charset="utf-8"><script type="module">import { run } from './bench.js'; globalThis.run = run</script>`,
)

const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' }
const server = createServer((request, response) => {
  const name = new URL(request.url ?? '/', 'http://localhost').pathname.slice(1) || 'index.html'
  try {
    const body = readFileSync(join(work, name.replaceAll('..', '')))
    response.writeHead(200, { 'content-type': types[extname(name)] ?? 'application/octet-stream' }).end(body)
  } catch {
    response.writeHead(404).end()
  }
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

const file = join(work, 'content.bin')
writeFileSync(file, pseudoRandomBytes(size, seed))
let sha256sum = { ms: Number.POSITIVE_INFINITY, hash: '' }
for (let run = 0; run < 3; run++) {
  const start = performance.now()
  const result = spawnSync('sha256sum', [file], { encoding: 'utf8' })
  const ms = performance.now() - start
  if (result.status !== 0) throw new Error(`sha256sum failed: ${result.stderr}`)
  if (ms < sha256sum.ms) sha256sum = { ms, hash: `0x${result.stdout.split(' ')[0]}` }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: [...CHROMIUM_FLAGS, '--js-flags=--expose-gc'],
})
let page: AllResults
const browserVersion = `Chromium ${browser.version()}`
try {
  const tab = await browser.newPage()
  const pageErrors: string[] = []
  tab.on('pageerror', (error) => pageErrors.push(error.message))
  await tab.goto(`${origin}/index.html`)
  await tab.waitForFunction(() => typeof (globalThis as unknown as Partial<Bench>).run === 'function')
  page = await tab.evaluate((args) => (globalThis as unknown as Bench).run(args), { size, seed })
  if (pageErrors.length) throw new Error(`The page failed: ${pageErrors.join('; ')}`)
} finally {
  await browser.close()
  server.close()
  rmSync(work, { recursive: true, force: true })
}

const mbPerSecond = (ms: number) => size / 1e6 / (ms / 1000)
const reference = mbPerSecond(sha256sum.ms)
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`
const table: [string, number, Partial<Watched & { progressEvents: number }>][] = [
  ['sha256sum (best of 3)', sha256sum.ms, {}],
  ["hashContent, thread: 'worker'", page.worker.ms, page.worker],
  ["hashContent, thread: 'inline'", page.inline.ms, page.inline],
  ['WebCrypto, whole buffer (reference)', page.webCrypto.ms, page.webCrypto],
  ['sha256.ts, bytes in memory (ref.)', page.sha256Alone.ms, {}],
]
const cell = (value: string, width: number) => value.padStart(width)

console.log(
  `${size / MiB} MiB, ${browserVersion}, load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} CPUs`,
)
for (const { name, minified, gzipped } of bundles) {
  console.log(`${name}: ${kb(minified)} minified, ${kb(gzipped)} gzipped`)
}
console.log(
  `\n${''.padEnd(36)}${cell('MB/s', 6)}${cell('× sha256sum', 13)}${cell('longest task', 14)}${cell('timer gap', 11)}${cell('progress', 10)}`,
)
for (const [label, ms, watched] of table) {
  const longest =
    watched.longTasks === undefined ? '' : watched.longTasks ? `${watched.longestTask?.toFixed(0)} ms` : '< 50 ms'
  console.log(
    label.padEnd(36) +
      cell(mbPerSecond(ms).toFixed(0), 6) +
      cell(`${(mbPerSecond(ms) / reference).toFixed(2)}×`, 13) +
      cell(longest, 14) +
      cell(watched.maxGap === undefined ? '' : `${watched.maxGap.toFixed(0)} ms`, 11) +
      cell(watched.progressEvents === undefined ? '' : String(watched.progressEvents), 10),
  )
}
const ratio = mbPerSecond(page.worker.ms) / reference
console.log(
  `\nworker: ${ratio.toFixed(2)}× sha256sum (target ≥ 0.5×: ${ratio >= 0.5 ? 'met' : 'not met'}), ` +
    `longest main-thread task ${page.worker.longTasks ? `${page.worker.longestTask.toFixed(0)} ms (target < 50 ms: not met)` : 'under 50 ms (target met)'}`,
)

const digests = {
  sha256sum: sha256sum.hash,
  worker: page.worker.result,
  inline: page.inline.result,
  webCrypto: page.webCrypto.result,
  sha256Alone: page.sha256Alone.result,
}
if (new Set(Object.values(digests)).size !== 1) {
  console.error('Digests differ:', digests)
  process.exit(1)
}
console.log(`digests equal: ${sha256sum.hash}`)
