import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { measureBundle, verifyOneContribution, viemReadFloor } from '../../scripts/lib/bundleSize.js'

// Budgets in gzipped bytes, viem included; `npm run bench` prints the figures. Raise one only with a reason.
const budgets = {
  // 110 → 118 KB: the fault-tolerant transport (viem's http and fallback, ~4.4 KB) and the model and relay reads.
  // Importing the whole SDK is the worst case; one read still costs ≤ 2 KB over viem (the test below).
  // 118 → 120 KB: issue 12's new actions (reward token and history, claim waits, the queue's submit, encodeMetadata,
  // one class per contract error) and the passkey contracts' local addresses.
  // 120 → 122 KB: issue 15's list reads through the indexer (the page reads getContributions and getLeaderboard, and
  // the checks of every indexer answer against the chain).
  '.': 122 * 1024,
  // 70 → 80 KB: the passkey routes (account creation through the factory, user operations through the EntryPoint, the
  // ERC-6492 check) and the claim route. It runs on a server; no page loads it.
  './relay': 80 * 1024,
  // Measured 91.1 KB: viem's account-abstraction, ERC-7739 and ERC-7821 helpers and ox's P-256 (its own copy of the
  // curve). Only pages that use a passkey load it.
  './passkey': 96 * 1024,
}

describe('bundle size budgets (esbuild, minified, gzip -9)', () => {
  it('verifies one contribution for at most 2 KB more than bare viem reading one contract', async () => {
    const [floor, verify] = await Promise.all([
      measureBundle(viemReadFloor),
      measureBundle(verifyOneContribution('./src/index.ts')),
    ])
    assert.ok(verify.gzip - floor.gzip <= 2048, `${verify.gzip - floor.gzip} bytes over the viem floor`)
    const ours = verify.inputs.filter((input) => input.startsWith('src/'))
    assert.ok(!ours.some((input) => input.includes('errors/contract')), 'reads never carry the revert decoder')
    assert.ok(!ours.some((input) => input.includes('rewardDistributor')), 'nor unrelated ABIs')
  })

  it('keeps every entry point within its budget', async () => {
    const [all, relay, passkey] = await Promise.all([
      measureBundle(`export * from './src/index.ts'`),
      measureBundle(`export * from './src/relay/index.ts'`),
      measureBundle(`export * from './src/passkey/index.ts'`),
    ])
    assert.ok(all.gzip <= budgets['.'], `'.' is ${all.gzip} bytes gzipped`)
    assert.ok(relay.gzip <= budgets['./relay'], `'./relay' is ${relay.gzip} bytes gzipped`)
    assert.ok(passkey.gzip <= budgets['./passkey'], `'./passkey' is ${passkey.gzip} bytes gzipped`)
    assert.ok(!all.inputs.some((input) => input.startsWith('src/passkey/')), 'the SDK never bundles passkey code')
    assert.ok(
      !all.inputs.some((input) => /node_modules\/(lit|@walletconnect)\//.test(input)),
      'the SDK never bundles lit',
    )
  })
})
