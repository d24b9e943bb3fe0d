/**
 * `npx tsx scripts/bench/duplicates.ts`: near-duplicate grouping at the epoch size the issue names (N = 100,000,
 * d = 128, beside exact KNN-Shapley with M = 1,000, K = 5, in one run), and what each copy attack gains with and
 * without the rule. Exits non-zero when grouping takes more than 20% of the epoch, or when the rule lets an attack
 * gain. `--quick` skips the full-size run.
 */
import { pathToFileURL } from 'node:url'
import { featurizeText, featurizeTexts } from '../../src/attribution/featurizeText.js'
import { knnShapley, knnShapleySync } from '../../src/attribution/knnShapley.js'
import {
  DEFAULT_NEAR_DUPLICATE_RULE,
  groupNearDuplicates,
  type NearDuplicateRule,
  valuePlayers,
} from '../../src/attribution/nearDuplicates.js'
import { clusteredPoints, randomCentres, seededRandom } from './knn.js'

const POSITIVE = [
  'friendly',
  'quick',
  'helpful',
  'reliable',
  'lovely',
  'smooth',
  'generous',
  'brilliant',
  'careful',
  'cheerful',
  'spotless',
  'delightful',
  'sturdy',
  'prompt',
  'polite',
  'gorgeous',
  'comfortable',
  'superb',
  'thoughtful',
  'tidy',
]
const NEGATIVE = [
  'broken',
  'rude',
  'sluggish',
  'useless',
  'faulty',
  'late',
  'noisy',
  'confusing',
  'sloppy',
  'filthy',
  'flimsy',
  'awful',
  'dreadful',
  'careless',
  'grumpy',
  'overpriced',
  'leaking',
  'scratched',
  'unreliable',
  'clumsy',
]
const NEUTRAL = [
  'delivery',
  'support',
  'parcel',
  'battery',
  'screen',
  'order',
  'manual',
  'staff',
  'kitchen',
  'window',
  'garden',
  'ticket',
  'invoice',
  'driver',
  'office',
  'market',
  'printer',
  'jacket',
  'bicycle',
  'hotel',
  'lamp',
  'sofa',
  'phone',
  'camera',
  'blender',
  'courier',
  'waiter',
  'room',
  'charger',
  'kettle',
  'suitcase',
  'helmet',
  'tent',
  'mattress',
  'guitar',
  'oven',
  'fridge',
  'scooter',
  'watch',
  'router',
]

/** A review-like sentence of seven words, about 60 characters, whose words give away its label (0 pleased, 1 not). */
export function reviewText(label: number, random: () => number): string {
  const pick = (words: readonly string[]) => words[Math.floor(random() * words.length)] as string
  const tone = label === 0 ? POSITIVE : NEGATIVE
  return `${Array.from({ length: 7 }, () => pick(random() < 0.4 ? tone : NEUTRAL)).join(' ')}.`
}

/** `text` with the character at `position` replaced by another letter. */
export function changeOneCharacter(text: string, position: number): string {
  const at = position % text.length
  return `${text.slice(0, at)}${text[at] === 'q' ? 'z' : 'q'}${text.slice(at + 1)}`
}

/** One registered training point: its features, label, registration order, owner and (for texts) text. */
type Row = { x: ArrayLike<number>; y: number; priority: number; owner: number; text?: string | undefined }
type TestSet = { x: Float64Array | Float32Array; dimension: number; y: Int32Array }

/** Each owner's value: the sum of their players' KNN-Shapley values; `rule: null` values every point (no grouping). */
export function ownerValues(rows: readonly Row[], test: TestSet, k: number, rule: NearDuplicateRule | null) {
  const { dimension } = test
  const x = new Float64Array(rows.length * dimension)
  rows.forEach((row, i) => {
    x.set(Array.from(row.x), i * dimension)
  })
  const groups = rule
    ? groupNearDuplicates({
        x,
        dimension,
        priority: rows.map((row) => row.priority),
        texts: rows.map((row) => row.text),
        rule,
      })
    : new Int32Array(rows.length).fill(-1)
  const players = rows.flatMap((_, i) => (groups[i] === -1 ? [i] : []))
  const playerX = new Float64Array(players.length * dimension)
  players.forEach((i, at) => {
    playerX.set(x.subarray(i * dimension, (i + 1) * dimension), at * dimension)
  })
  const values = knnShapleySync({
    train: { x: playerX, dimension, y: players.map((i) => (rows[i] as Row).y) },
    test,
    k,
  })
  const owners = Math.max(...rows.map((row) => row.owner)) + 1
  return valuePlayers({ groups, values, contributionOf: rows.map((row) => row.owner), contributions: owners })
}

const HONEST = 60
const SYBIL_ROWS = 12
const NOISE = 1e-3

type Scenario = { honest: Row[]; test: TestSet; noise: () => number }

let scenarios: { points: Scenario; texts: Scenario } | undefined
/** The honest contributors (one point each, registered in index order) and a test set; texts and plain features. */
function attackScenarios() {
  if (scenarios) return scenarios
  const random = seededRandom(14)
  const dimension = 8
  const centres = randomCentres(2, dimension, random, 0.6)
  const train = clusteredPoints({ count: HONEST, dimension, classes: 2, spread: 1, random, centres })
  const test = clusteredPoints({ count: 60, dimension, classes: 2, spread: 1, random, centres })
  const row = (i: number) => train.x.subarray(i * dimension, (i + 1) * dimension)
  const points = Array.from({ length: HONEST }, (_, i) => ({
    x: row(i),
    y: train.y[i] as number,
    priority: i,
    owner: i,
  }))
  const labels = Int32Array.from({ length: HONEST + 60 }, (_, i) => i % 2)
  const texts = Array.from(labels, (label) => reviewText(label, random))
  const features = featurizeTexts(texts)
  const textRows = texts.slice(0, HONEST).map((text, i) => ({
    x: features.x.subarray(i * features.dimension, (i + 1) * features.dimension),
    y: labels[i] as number,
    priority: i,
    owner: i,
    text,
  }))
  const textTest = {
    x: features.x.subarray(HONEST * features.dimension),
    dimension: features.dimension,
    y: labels.subarray(HONEST),
  }
  const noise = () => (2 * random() - 1) * NOISE
  scenarios = {
    points: { honest: points, test: { ...test, x: test.x, dimension }, noise },
    texts: { honest: textRows, test: textTest, noise },
  }
  return scenarios
}

export const ATTACKS = [
  "near-copies of another's point",
  "one-character copies of another's text",
  'near-copies of own point',
  'Sybil accounts splitting one dataset',
  'Sybil split, each account adding near-copies of the next',
] as const
export type Attack = (typeof ATTACKS)[number]

export type AttackOutcome = {
  /** The attacker's total under attack minus their total without attacking. */
  gain: number
  /** The victim's value under attack minus their value without it (attacks on another's point only). */
  victimChange: number
}

/**
 * Runs one attack with `copies` copies (or `copies + 1` Sybil accounts) at neighbour count `k`, valued with `rule`
 * or with no grouping at all (`null`).
 *
 * @example
 * const { gain } = attackOutcome("near-copies of another's point", { k: 5, copies: 3, rule: null })
 */
export function attackOutcome(
  attack: Attack,
  { k, copies, rule }: { k: number; copies: number; rule: NearDuplicateRule | null },
): AttackOutcome {
  const { points, texts } = attackScenarios()
  const scenario = attack === "one-character copies of another's text" ? texts : points
  const { honest, test, noise } = scenario
  const before = ownerValues(honest, test, k, rule)
  const top = before.indexOf(Math.max(...before))
  const target = honest[top] as Row
  const nearCopy = (row: Row, owner: number, priority: number): Row => ({
    ...row,
    x: Array.from(row.x, (value) => value + noise()),
    owner,
    priority,
  })

  if (attack === "near-copies of another's point" || attack === "one-character copies of another's text") {
    const attacker = HONEST
    const added = Array.from({ length: copies }, (_, j) =>
      target.text === undefined
        ? nearCopy(target, attacker, HONEST + j)
        : ((text: string) => ({ x: featurizeText(text), y: target.y, priority: HONEST + j, owner: attacker, text }))(
            changeOneCharacter(target.text, 7 + 5 * j),
          ),
    )
    const after = ownerValues([...honest, ...added], test, k, rule)
    return { gain: after[attacker] as number, victimChange: (after[top] as number) - (before[top] as number) }
  }

  if (attack === 'near-copies of own point') {
    const added = Array.from({ length: copies }, (_, j) => nearCopy(target, top, HONEST + j))
    const after = ownerValues([...honest, ...added], test, k, rule)
    return { gain: (after[top] as number) - (before[top] as number), victimChange: 0 }
  }

  // The attacker's dataset is the first SYBIL_ROWS points: as one account (owner 0, registered first), or split over
  // copies + 1 accounts (owners 0..copies; the honest points keep their own owners, shifted past them).
  const accounts = copies + 1
  const shifted = (row: Row, i: number): Row => ({ ...row, owner: accounts + i, priority: SYBIL_ROWS + i })
  const others = honest.slice(SYBIL_ROWS).map((row, i) => shifted(row, i))
  const dataset = honest.slice(0, SYBIL_ROWS)
  const oneAccount = ownerValues(
    [...dataset.map((row) => ({ ...row, owner: 0, priority: 0 })), ...others],
    test,
    k,
    rule,
  )
  const share = (i: number) => i % accounts
  const split = dataset.map((row, i) => ({ ...row, owner: share(i), priority: share(i) / accounts }))
  // Each account later registers near-copies of the next account's share.
  const extra =
    attack === 'Sybil split, each account adding near-copies of the next'
      ? dataset.map((row, i) => {
          const owner = (share(i) + accounts - 1) % accounts
          return nearCopy(row, owner, HONEST + owner)
        })
      : []
  const sybils = ownerValues([...split, ...extra, ...others], test, k, rule)
  let sum = 0
  for (let owner = 0; owner < accounts; owner++) sum += sybils[owner] as number
  return { gain: sum - (oneAccount[0] as number), victimChange: 0 }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

async function timeGrouping(quick: boolean): Promise<boolean> {
  const n = 100_000
  const m = 1_000
  const dimension = 128
  const random = seededRandom(2019)
  const centres = randomCentres(10, dimension, random)
  const make = (count: number) =>
    clusteredPoints({ count, dimension, classes: 10, spread: 1, random, centres, terms: 4 })
  const train = make(n)
  const test = make(m)
  // The last 10% are near-copies (noise below 0.0005 per feature, squared distance below 0.000032) of earlier points.
  const copies = n / 10
  const source = new Int32Array(n).fill(-1)
  for (let i = n - copies; i < n; i++) {
    const from = Math.floor(random() * (n - copies))
    source[i] = from
    for (let j = 0; j < dimension; j++) {
      train.x[i * dimension + j] = (train.x[from * dimension + j] as number) + (2 * random() - 1) * 0.0005
    }
  }
  const priority = Float64Array.from({ length: n }, (_, i) => i)
  const group = () => groupNearDuplicates({ ...train, priority, rule: DEFAULT_NEAR_DUPLICATE_RULE })
  const groupRuns: number[] = []
  const epochRuns: number[] = []
  let groups: Int32Array = new Int32Array(0)
  for (let run = 0; run < 3; run++) {
    let started = performance.now()
    groups = group()
    groupRuns.push(performance.now() - started)
    if (run === 2 || quick) break
    started = performance.now()
    await knnShapley({ train, test, k: 5 })
    epochRuns.push(performance.now() - started)
  }
  const found = groups.every((player, i) => player === source[i])
  const groupTime = [...groupRuns].sort((a, b) => a - b)[Math.floor(groupRuns.length / 2)] as number
  console.log(`groupNearDuplicates N=${n} d=${dimension}, ${copies} near-copies planted, default rule`)
  console.log(`  runs: ${groupRuns.map(seconds).join(', ')}; median ${seconds(groupTime)}`)
  console.log(`  every copy found, and nothing else: ${found ? 'yes' : 'NO'}`)
  if (quick) return found
  const epoch = Math.min(...epochRuns)
  const ratio = groupTime / epoch
  console.log(`knnShapley epoch N=${n} d=${dimension} M=${m} K=5, same run: ${epochRuns.map(seconds).join(', ')}`)
  console.log(`  grouping adds ${(100 * ratio).toFixed(1)}% of the fastest epoch (budget 20%)`)
  if (ratio > 0.2) console.log('  FAIL: over the 20% budget')
  return found && ratio <= 0.2
}

function timeTexts() {
  const random = seededRandom(5)
  const texts = Array.from({ length: 20_000 }, (_, i) => reviewText(i % 2, random))
  const { x, dimension } = featurizeTexts(texts)
  const started = performance.now()
  const groups = groupNearDuplicates({
    x,
    dimension,
    priority: texts.map((_, i) => i),
    texts,
    rule: DEFAULT_NEAR_DUPLICATE_RULE,
  })
  const grouped = groups.filter((player) => player !== -1).length
  console.log(
    `groupNearDuplicates with texts: ${texts.length} review sentences, d=${dimension}: ${seconds(performance.now() - started)}, ${grouped} grouped`,
  )
}

function attackTable(): boolean {
  let gained = false
  const format = (value: number) => (Math.abs(value) < 1e-12 ? '0' : value.toFixed(4)).padStart(9)
  console.log('attack gains (attacker total minus total without attacking; KNN-Shapley, 60 honest points):')
  console.log(`  ${'attack'.padEnd(58)} ${'K'.padStart(2)} copies  without rule  with rule  victim change w/o / with`)
  for (const attack of ATTACKS) {
    for (const k of [1, 5, 10]) {
      for (const copies of [1, 5, 10]) {
        const without = attackOutcome(attack, { k, copies, rule: null })
        const withRule = attackOutcome(attack, { k, copies, rule: DEFAULT_NEAR_DUPLICATE_RULE })
        if (withRule.gain > 1e-12 || withRule.victimChange < 0) gained = true
        const victim = attack.includes("another's")
          ? `${format(without.victimChange)} / ${format(withRule.victimChange)}`
          : ''
        console.log(
          `  ${attack.padEnd(58)} ${String(k).padStart(2)} ${String(copies).padStart(6)}  ${format(without.gain).padStart(12)}  ${format(withRule.gain)}  ${victim}`,
        )
      }
    }
  }
  if (gained) console.log('  FAIL: an attack gains under the rule')
  return !gained
}

async function main() {
  const quick = process.argv.includes('--quick')
  const fast = await timeGrouping(quick)
  timeTexts()
  const safe = attackTable()
  process.exit(fast && safe ? 0 : 1)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
