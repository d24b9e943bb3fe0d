/**
 * Bundle sizes (esbuild, minified, tree-shaken, gzip -9): the SDK's entry points and minimal imports against bare
 * viem, and peer SDKs measured side by side in the same run. The peers install into scripts/bench/peers on first
 * use (hundreds of MB), never through `npm ci`.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { measureBundle, verifyOneContribution, viemReadFloor } from '../lib/bundleSize.js'

const root = process.cwd()
const peers = join(root, 'scripts/bench/peers')
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const rows: [string, string, string][] = []
const measure = async (label: string, source: string, resolveDir = root, platform: 'browser' | 'node' = 'browser') => {
  try {
    const size = await measureBundle(source, { resolveDir, platform })
    rows.push([label, kb(size.gzip), kb(size.minified)])
    return size
  } catch (error) {
    rows.push([
      label,
      'does not bundle for browsers',
      String((error as Error).message)
        .split('\n')[0]
        ?.slice(0, 60) ?? '',
    ])
    return undefined
  }
}

const floor = await measure('viem floor: createClient + http + readContract', viemReadFloor)
const verify = await measure(
  'attribution-ledger: createClient + http + getContributionByHash',
  verifyOneContribution('./src/index.ts'),
)
await measure('attribution-ledger: hashContent alone', `export { hashContent } from './src/index.ts'`)
await measure("attribution-ledger '.' (every export)", `export * from './src/index.ts'`)
await measure("attribution-ledger './relay'", `export * from './src/relay/index.ts'`)

if (!existsSync(join(peers, 'node_modules'))) {
  console.log('Installing the peer SDKs for comparison into scripts/bench/peers (once)…')
  spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: peers, stdio: 'inherit' })
}
await measure(
  'EAS SDK: EAS.getAttestation',
  `import { EAS } from '@ethereum-attestation-service/eas-sdk'
   export const read = (uid) => new EAS('0xA1207F3BBa224E2c9c3c6D5aF63D0eb1582Ce587').getAttestation(uid)`,
  peers,
)
const story = `import { StoryClient } from '@story-protocol/core-sdk'
   export const client = (config) => StoryClient.newClient(config)`
await measure('Story core-sdk: StoryClient.newClient', story, peers)
await measure('Story core-sdk, bundled for Node instead (lower bound)', story, peers, 'node')

const width = Math.max(...rows.map(([label]) => label.length))
console.log(`\nBundle sizes (esbuild, minified, tree-shaken; gzip -9)\n`)
console.log(`${'import'.padEnd(width)}  ${'gzip'.padStart(10)}  minified`)
for (const [label, gzip, minified] of rows) console.log(`${label.padEnd(width)}  ${gzip.padStart(10)}  ${minified}`)
if (floor && verify) {
  const delta = verify.gzip - floor.gzip
  console.log(`\nVerifying one contribution costs ${delta} bytes gzipped over bare viem (budget 2,048).`)
  if (delta > 2048) process.exitCode = 1
}
