/**
 * `npm test`: lint, types, dead code (knip), generated-ABI freshness, the Node contract tests, the Chromium tests and
 * the fault-injection suite, then one summary line `N passed, N failed`. Exits non-zero when anything failed.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureChromium } from './lib/ensureChromium.js'

const totals = { passed: 0, failed: 0 }
const work = mkdtempSync(join(tmpdir(), 'ledger-test-'))

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  console.log(`\n$ ${command} ${args.join(' ')}`)
  return spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status === 0
}

/** A step that is one check: it passes or fails as a whole. */
function check(name: string, command: string, args: string[]) {
  const ok = run(command, args)
  totals[ok ? 'passed' : 'failed']++
  if (!ok) console.error(`✗ ${name} failed`)
}

/** A test suite whose runner reports its own counts; a runner that dies without a report counts as one failure. */
function suite(name: string, ok: boolean, counts: { passed: number; failed: number } | undefined) {
  if (!counts) {
    totals.failed++
    console.error(`✗ ${name} produced no results`)
    return
  }
  totals.passed += counts.passed
  totals.failed += counts.failed + (ok || counts.failed > 0 ? 0 : 1)
}

const bin = (name: string) => join('node_modules', '.bin', name)

check('lint (biome)', bin('biome'), ['check', '.'])
check('types (tsc)', bin('tsc'), ['--noEmit', '-p', '.'])
check('types of the indexer (tsc)', bin('tsc'), ['--noEmit', '-p', 'indexer'])
check('no unused files, exports or dependencies (knip)', bin('knip'), [])
check('generated ABIs are up to date', bin('tsx'), ['scripts/build-contracts.ts', '--check'])

const tap = join(work, 'node.tap')
const nodeOk = run(process.execPath, [
  '--import',
  'tsx',
  '--test',
  '--test-concurrency=2',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=tap',
  `--test-reporter-destination=${tap}`,
  ...listTests('test/contracts'),
  ...listTests('test/node'),
])
suite('Node tests', nodeOk, tapCounts(tap))

const chromium = ensureChromium()
if (chromium) {
  const results = join(work, 'browser.json')
  const browserOk = run(bin('web-test-runner'), ['--config', 'web-test-runner.config.mjs'], {
    CHROME_PATH: chromium,
    WTR_RESULTS_FILE: results,
  })
  suite('browser tests', browserOk, existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')) : undefined)
  // The widget and the chain through injected RPC and relay faults and page kills: nothing lost, nothing sent twice.
  check('fault injection (npm run test:faults)', bin('tsx'), ['scripts/faults.ts'])
} else {
  totals.failed++
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed`)
process.exit(totals.failed === 0 ? 0 : 1)

function listTests(dir: string): string[] {
  return spawnSync('find', [dir, '-name', '*.test.ts'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).sort()
}

function tapCounts(file: string) {
  if (!existsSync(file)) return undefined
  const text = readFileSync(file, 'utf8')
  const count = (label: string) => Number(text.match(new RegExp(`^# ${label} (\\d+)$`, 'm'))?.[1] ?? Number.NaN)
  const counts = { passed: count('pass'), failed: count('fail') + count('cancelled') }
  return Number.isNaN(counts.passed + counts.failed) ? undefined : counts
}
