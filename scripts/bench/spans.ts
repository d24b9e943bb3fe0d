/**
 * `npx tsx scripts/bench/spans.ts`: the span index at the size the issue promises. Builds the index over 100 MB of
 * text (2,000 documents of 50 KB, words drawn by a seeded generator from a vocabulary with a skewed, Zipf-like
 * frequency, some accented and some CJK, so it looks like text), then traces 100 answers of 1,000 characters each,
 * spliced from real passages of the documents and fresh words, so there are spans to find.
 * Prints each figure; exits 1 when the build takes over 60 s or a peak RSS over 1.5 GB, or the median trace over 20 ms.
 * `SPANS_BENCH_MB` sets the size. Peak RSS is the process's high-water mark (VmHWM), which includes the documents.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { gzipSync } from 'node:zlib'
import type { Hex } from 'viem'
import { buildSpanIndex } from '../../src/attribution/spans/buildSpanIndex.js'
import { createTraceHandler } from '../../src/attribution/spans/createTraceHandler.js'
import { spanIndexFromBytes, spanIndexToBytes } from '../../src/attribution/spans/spanIndexBytes.js'
import { spanIndexHash } from '../../src/attribution/spans/spanIndexHash.js'
import { traceSpans } from '../../src/attribution/spans/traceSpans.js'
import { seededRandom } from './knn.js'

const MB = 1_000_000
const totalBytes = Number(process.env.SPANS_BENCH_MB ?? 100) * MB
const documentBytes = 50_000
const answers = 100
const answerLength = 1_000

const common = `the of and to a in is that for it as was with be by on not he this are or his from at which but have an
  they you were her she there been one all we their has would when if so no will more can who out said about what them
  into some than other time could these two may first then do any like my now over such our man me even most made after
  also did many before must through back years where much your way well down should because each just those people how
  too little state good very make world still own see men work long here get both between life being under never day
  same another know while last might us great old year off come since against go came right used take three data model
  contribution reward training answer value ledger café crème naïve résumé 数据 模型 贡献 奖励`.split(/\s+/)

function vocabulary(random: () => number): Uint8Array[] {
  const syllables = ['ka', 'ro', 'mi', 'ten', 'sa', 'lu', 've', 'dor', 'in', 'al', 'ex', 'qui', 'por', 'né', 'ü']
  const words = new Set(common)
  while (words.size < 6_000) {
    let word = ''
    for (let k = 1 + Math.floor(random() * 3); k >= 0; k--) word += syllables[Math.floor(random() * syllables.length)]
    words.add(word)
  }
  const encoder = new TextEncoder()
  return [...words].map((word) => encoder.encode(word))
}

function generateDocuments(random: () => number): Uint8Array[] {
  const words = vocabulary(random)
  const documents: Uint8Array[] = []
  for (let made = 0; made < totalBytes; made += documentBytes) {
    const bytes = new Uint8Array(documentBytes)
    let at = 0
    let sentence = 0
    while (true) {
      // A few very common words and a long tail, roughly as in real text.
      const word = words[Math.floor(words.length * random() ** 3)] as Uint8Array
      if (at + word.length + 2 > documentBytes) break
      bytes.set(word, at)
      at += word.length
      bytes[at++] = ++sentence % 12 === 0 ? 46 : 32
      if (sentence % 12 === 0) bytes[at++] = 32
    }
    documents.push(bytes.subarray(0, at))
  }
  return documents
}

/** 1,000 characters: passages of 40 to 160 characters copied from random documents, between fresh made-up words. */
function makeAnswers(random: () => number, texts: string[]): string[] {
  return Array.from({ length: answers }, () => {
    let answer = ''
    while (answer.length < answerLength) {
      const text = texts[Math.floor(random() * texts.length)] as string
      const length = 40 + Math.floor(random() * 120)
      const from = Math.floor(random() * (text.length - length))
      answer += text.slice(from, from + length)
      for (let k = 0; k < 8; k++) answer += ` Zq${Math.floor(random() * 1e6).toString(36)}x`
      answer += ' '
    }
    return answer.slice(0, answerLength)
  })
}

/** The process's peak resident set (Linux VmHWM), or the current RSS elsewhere. */
function peakRss(): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
    if (match) return Number(match[1]) * 1024
  } catch {}
  return process.memoryUsage().rss
}

const seconds = (start: number) => (performance.now() - start) / 1000
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]

console.log(
  `load average at start: ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')} (2 cores; over 2 means contention)`,
)
const random = seededRandom(0x5eed)
let started = performance.now()
const generated = generateDocuments(random)
const documents = generated.map((bytes) => ({
  contentHash: `0x${createHash('sha256').update(bytes).digest('hex')}` as Hex,
  bytes,
}))
const size = generated.reduce((sum, bytes) => sum + bytes.length, 0)
console.log(
  `text: ${documents.length} documents, ${(size / MB).toFixed(1)} MB, generated in ${seconds(started).toFixed(1)} s`,
)

started = performance.now()
const cpu = process.cpuUsage()
const index = buildSpanIndex({ documents })
const buildSeconds = seconds(started)
const buildCpu = process.cpuUsage(cpu)
const peak = peakRss()
console.log(
  `build (SHA-256 check of every document, then SA-IS): ${buildSeconds.toFixed(1)} s (budget 60 s); ` +
    `CPU ${((buildCpu.user + buildCpu.system) / 1e6).toFixed(1)} s, which contention inflates less than wall time`,
)
console.log(`peak RSS: ${(peak / MB).toFixed(0)} MB (budget 1,500 MB)`)

started = performance.now()
const indexHash = spanIndexHash(index)
console.log(`spanIndexHash: ${seconds(started).toFixed(1)} s (${indexHash})`)

started = performance.now()
const file = spanIndexToBytes(index)
console.log(`spanIndexToBytes: ${(file.length / MB).toFixed(0)} MB in ${seconds(started).toFixed(1)} s`)
started = performance.now()
const loaded = spanIndexFromBytes(file)
console.log(`spanIndexFromBytes (with checks): ${seconds(started).toFixed(1)} s`)

const decoder = new TextDecoder()
const texts = generated.slice(0, 200).map((bytes) => decoder.decode(bytes))
const outputs = makeAnswers(random, texts)
started = performance.now()
traceSpans(loaded, outputs[0] as string)
console.log(
  `first traceSpans (builds the two-byte prefix table once per index): ${(seconds(started) * 1000).toFixed(0)} ms`,
)
const timings: number[] = []
let spansFound = 0
for (const output of outputs) {
  const start = performance.now()
  spansFound += traceSpans(loaded, output).length
  timings.push(performance.now() - start)
}
timings.sort((a, b) => a - b)
const median = percentile(timings, 0.5) as number
console.log(
  `traceSpans of ${answers} answers of ${answerLength} characters: median ${median.toFixed(2)} ms, ` +
    `p95 ${(percentile(timings, 0.95) as number).toFixed(2)} ms (budget: median 20 ms); ` +
    `${(spansFound / answers).toFixed(1)} spans per answer`,
)

// What <ledger-trace> downloads for one answer: the handler's JSON, never the index.
const trace = createTraceHandler({ index: loaded })
const responseBytes: number[] = []
for (const output of outputs) {
  const response = await trace(
    new Request('http://localhost/trace', { method: 'POST', body: JSON.stringify({ output }) }),
  )
  responseBytes.push(gzipSync(new Uint8Array(await response.arrayBuffer()), { level: 9 }).length)
}
responseBytes.sort((a, b) => a - b)
console.log(
  `the widget's download per answer (trace response, gzip -9): median ${percentile(responseBytes, 0.5)} bytes, ` +
    `max ${responseBytes.at(-1)} bytes, against an index file of ${(file.length / MB).toFixed(0)} MB`,
)
console.log(
  `load average at end: ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`,
)

const failures = [
  buildSeconds > 60 && 'build over 60 s',
  peak > 1.5e9 && 'peak RSS over 1.5 GB',
  median > 20 && 'median trace over 20 ms',
].filter(Boolean)
if (failures.length > 0) console.log(`FAILED: ${failures.join(', ')}`)
process.exit(failures.length > 0 ? 1 : 0)
