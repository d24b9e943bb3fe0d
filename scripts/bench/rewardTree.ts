/**
 * Reward trees at scale: building the tree of 1,000,000 accounts, cutting it into shard files, and what a claim page
 * pays to get one proof, against @openzeppelin/merkle-tree (the oracle the SDK's tree must match bit for bit).
 *
 * Every measurement runs in a child process of its own, so its time and peak RSS are its own (peak RSS includes the
 * input entries, generated in the child; their RSS before the build is printed too). The entries are the same in
 * every child: deterministic pseudo-random checksummed addresses, and amounts in wei with repeats.
 * OpenZeppelin runs at 100,000 accounts only: at 1,000,000 it takes 150 to 217 s and about 2 GB (measured earlier on
 * this machine), so it is skipped unless REWARD_BENCH_OZ_1M=1.
 *
 * Exits 1 when a budget is missed: the 1M build over 10 s, a shard over 50 KB, a claim over 100 ms, or roots that
 * differ from OpenZeppelin's.
 *
 *   npx tsx scripts/bench/rewardTree.ts   (REWARD_BENCH_ACCOUNTS overrides 1,000,000)
 */
import { spawnSync } from 'node:child_process'
import { availableParallelism, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { createKeccakHasher } from '../../src/merkle/keccak.js'
import { formatAddress, packLetterCase, writeLowerHex } from '../../src/rewards/accountBytes.js'
import { buildRewardTree, type RewardEntry } from '../../src/rewards/buildRewardTree.js'
import { claimFromShard, loadRewardShard, shardPathFor } from '../../src/rewards/readRewardShard.js'
import { shardRewardTree } from '../../src/rewards/writeRewardShards.js'

const ACCOUNTS = Number(process.env.REWARD_BENCH_ACCOUNTS ?? 1_000_000)
const OZ_ACCOUNTS = 100_000
const CLAIM_SAMPLES = 200
const budgets = { buildMs: 10_000, shardBytes: 50_000, claimMs: 100 }

/** `count` distinct checksummed accounts (xorshift32 bytes) with wei amounts, many of them equal. */
function benchEntries(count: number): RewardEntry[] {
  const bytes = new Uint8Array(20 * count)
  let x = 0x2545f491
  for (let i = 0; i < bytes.length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    bytes[i] = x
  }
  // Checksums through the same batch Keccak as the builder: viem's getAddress would take longer than the build.
  const hasher = createKeccakHasher(40 * count)
  for (let i = 0; i < count; i++) writeLowerHex(bytes, 20 * i, hasher.bytes, 40 * i)
  hasher.hashBlocks(0, 40, 40, 0, count)
  const letterCase = new Uint8Array(5)
  return Array.from({ length: count }, (_, i) => {
    packLetterCase(hasher.bytes, 32 * i, letterCase, 0)
    const amount = i % 5 === 0 ? 10n ** 18n : BigInt((bytes[20 * i] as number) * 65_537 + i) * 10n ** 13n
    return { account: formatAddress(bytes, 20 * i, letterCase, 0), amount }
  })
}

type Sample = { median: number; max: number }
const sample = (values: number[]): Sample => {
  const sorted = [...values].sort((a, b) => a - b)
  return { median: sorted[Math.floor(sorted.length / 2)] as number, max: sorted[sorted.length - 1] as number }
}
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`
const rssNow = () => process.memoryUsage().rss
const peakRss = () => process.resourceUsage().maxRSS * 1024

/** The measurements, one per child process; each returns what it prints as JSON. */
const tasks = {
  ours(count: number) {
    const entries = benchEntries(count)
    const inputRss = rssNow()
    const started = performance.now()
    const cpu = process.cpuUsage()
    const tree = buildRewardTree(entries)
    const { user, system } = process.cpuUsage(cpu)
    const buildMs = performance.now() - started
    const buildPeakRss = peakRss()
    // The full standard-v1 file, for comparison with the shards: made on demand, never kept by the tree.
    const dumpStarted = performance.now()
    const dumpBytes = JSON.stringify(tree.dump()).length
    const dumpMs = performance.now() - dumpStarted
    return {
      root: tree.root,
      buildMs,
      buildCpuMs: (user + system) / 1000,
      inputRss,
      peakRss: buildPeakRss,
      dumpMs,
      dumpBytes,
    }
  },

  shards(count: number) {
    const entries = benchEntries(count)
    const tree = buildRewardTree(entries)
    let started = performance.now()
    const shards = shardRewardTree(tree)
    const chooseMs = performance.now() - started
    // Keep only the shards of the sampled accounts: all of them are over a gigabyte.
    const sampled = Array.from(
      { length: CLAIM_SAMPLES },
      (_, i) => entries[Math.floor((i * count) / CLAIM_SAMPLES)] as RewardEntry,
    )
    const wanted = new Set(sampled.map(({ account }) => shardPathFor(account, shards.manifest.prefixLength)))
    const kept = new Map<string, Uint8Array>()
    let files = 0
    let total = 0
    let largest = 0
    started = performance.now()
    for (const file of shards.files()) {
      files++
      total += file.bytes.length
      largest = Math.max(largest, file.bytes.length)
      if (wanted.has(file.path)) kept.set(file.path, file.bytes)
    }
    const writeMs = performance.now() - started

    // A claim page with the shard's bytes in hand: decode, parse and check the shard, take the proof.
    const decoder = new TextDecoder()
    const claimMs: number[] = []
    const downloads: number[] = []
    for (const { account, amount } of sampled) {
      const bytes = kept.get(shardPathFor(account, shards.manifest.prefixLength)) as Uint8Array
      const claimStarted = performance.now()
      const claim = claimFromShard(loadRewardShard(decoder.decode(bytes)), account)
      claimMs.push(performance.now() - claimStarted)
      downloads.push(bytes.length)
      if (claim?.cumulativeAmount !== amount) throw new Error(`wrong claim for ${account}`)
    }
    return {
      prefixLength: shards.manifest.prefixLength,
      files,
      largest,
      average: total / files,
      total,
      chooseMs,
      writeMs,
      claim: sample(claimMs),
      download: sample(downloads),
    }
  },

  openzeppelin(count: number) {
    const entries = benchEntries(count)
    const inputRss = rssNow()
    const values = entries.map(({ account, amount }) => [account, amount.toString()])
    let started = performance.now()
    const tree = StandardMerkleTree.of(values, ['address', 'uint256'])
    const buildMs = performance.now() - started
    const buildPeakRss = peakRss()
    const json = JSON.stringify(tree.dump())

    // A claim page with the full dump in hand: parse, load (which re-hashes and validates the tree), find, prove.
    const account = (entries[Math.floor(count / 2)] as RewardEntry).account
    started = performance.now()
    const loaded = StandardMerkleTree.load(JSON.parse(json))
    let proof: string[] = []
    for (const [index, [value]] of loaded.entries()) if (value === account) proof = loaded.getProof(index)
    const claimMs = performance.now() - started
    if (proof.length === 0) throw new Error('account not found in the OpenZeppelin tree')
    return { root: tree.root, buildMs, inputRss, peakRss: buildPeakRss, dumpBytes: json.length, claimMs }
  },
}
type Task = keyof typeof tasks

function runChild<T extends Task>(task: T, count: number): ReturnType<(typeof tasks)[T]> {
  const script = fileURLToPath(import.meta.url)
  const child = spawnSync(process.execPath, ['--import', 'tsx', script, 'child', task, String(count)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  if (child.status !== 0) throw new Error(`${task} ${count} failed (exit ${child.status})`)
  return JSON.parse(child.stdout.trim().split('\n').pop() as string)
}

if (process.argv[2] === 'child') {
  const task = process.argv[3] as Task
  console.log(JSON.stringify(tasks[task](Number(process.argv[4]))))
  process.exit(0)
}

const table = (rows: string[][]) => {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? []
  for (const row of rows) console.log(`  ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('   ')}`)
}
const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`
const count = (value: number) => value.toLocaleString('en-US')

console.log(
  `\nReward tree: ${count(ACCOUNTS)} accounts (${availableParallelism()} cores, load ${loadavg()[0]?.toFixed(2)})`,
)
const oursBig = runChild('ours', ACCOUNTS)
const oursSmall = runChild('ours', OZ_ACCOUNTS)
const openZeppelin = runChild('openzeppelin', OZ_ACCOUNTS)
const openZeppelinBig = process.env.REWARD_BENCH_OZ_1M === '1' ? runChild('openzeppelin', ACCOUNTS) : undefined
const shards = runChild('shards', ACCOUNTS)

console.log('\nBuild (root, proofs and dump identical to StandardMerkleTree.of(values, ["address", "uint256"]))')
table([
  ['', 'accounts', 'time', 'CPU', 'RSS of input', 'peak RSS'],
  [
    'buildRewardTree',
    count(ACCOUNTS),
    ms(oursBig.buildMs),
    ms(oursBig.buildCpuMs),
    mib(oursBig.inputRss),
    mib(oursBig.peakRss),
  ],
  [
    'buildRewardTree',
    count(OZ_ACCOUNTS),
    ms(oursSmall.buildMs),
    ms(oursSmall.buildCpuMs),
    mib(oursSmall.inputRss),
    mib(oursSmall.peakRss),
  ],
  [
    'OpenZeppelin',
    count(OZ_ACCOUNTS),
    ms(openZeppelin.buildMs),
    '',
    mib(openZeppelin.inputRss),
    mib(openZeppelin.peakRss),
  ],
  openZeppelinBig
    ? [
        'OpenZeppelin',
        count(ACCOUNTS),
        ms(openZeppelinBig.buildMs),
        '',
        mib(openZeppelinBig.inputRss),
        mib(openZeppelinBig.peakRss),
      ]
    : ['OpenZeppelin', count(ACCOUNTS), 'not run *', '', '', ''],
])
if (!openZeppelinBig) console.log('  * 150-217 s and about 2 GB, measured earlier here; REWARD_BENCH_OZ_1M=1 runs it')
console.log(
  `  standard-v1 dump of ${count(ACCOUNTS)} (dump() + JSON.stringify): ${ms(oursBig.dumpMs)}, ${mib(oursBig.dumpBytes)}`,
)
const sameRoot = oursSmall.root === openZeppelin.root && (!openZeppelinBig || openZeppelinBig.root === oursBig.root)
console.log(
  `  roots at ${count(OZ_ACCOUNTS)}: ${sameRoot ? 'identical' : `DIFFER (${oursSmall.root} vs ${openZeppelin.root})`}`,
)

console.log(`\nShards of ${count(ACCOUNTS)} accounts (prefix length chosen for shards ≤ 50 KB)`)
table([
  ['prefix length', 'files', 'largest', 'average', 'total', 'choose', 'write all'],
  [
    String(shards.prefixLength),
    count(shards.files),
    kb(shards.largest),
    kb(shards.average),
    mib(shards.total),
    ms(shards.chooseMs),
    ms(shards.writeMs),
  ],
])

console.log(`\nClaim page: from downloaded bytes to a checked proof (${CLAIM_SAMPLES} accounts; median / max)`)
table([
  ['', 'download', 'parse + prove'],
  [
    `our shard (${count(ACCOUNTS)} accounts)`,
    `${kb(shards.download.median)} / ${kb(shards.download.max)}`,
    `${ms(shards.claim.median)} / ${ms(shards.claim.max)}`,
  ],
  [
    `OpenZeppelin full dump (${count(OZ_ACCOUNTS)})`,
    kb(openZeppelin.dumpBytes),
    `${ms(openZeppelin.claimMs)} (one account)`,
  ],
])

const failures = [
  oursBig.buildMs > budgets.buildMs && `the ${count(ACCOUNTS)}-account build took ${ms(oursBig.buildMs)}`,
  shards.largest > budgets.shardBytes && `the largest shard is ${kb(shards.largest)}`,
  shards.claim.max > budgets.claimMs && `a claim took ${ms(shards.claim.max)}`,
  !sameRoot && 'the roots differ from OpenZeppelin',
].filter(Boolean)
for (const failure of failures) console.log(`  over budget: ${failure}`)
process.exit(failures.length === 0 ? 0 : 1)
