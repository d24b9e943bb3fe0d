/** `npm run bench`: every benchmark in turn; a benchmark that misses a hard budget makes the run fail. */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const benchmarks = [
  'gas',
  'bundle',
  'cdnSize',
  'reads',
  'badges',
  'hash',
  'knn',
  'duplicates',
  'realDataset',
  'usage',
  'rewardTree',
  'indexer',
  'spans',
]
  .map((name) => `scripts/bench/${name}.ts`)
  .filter(existsSync)
let failed = 0
for (const script of benchmarks) {
  console.log(`\n=== ${script}`)
  const { status } = spawnSync('node_modules/.bin/tsx', [script], { stdio: 'inherit' })
  if (status !== 0) failed++
}
process.exit(failed === 0 ? 0 : 1)
