/**
 * `ledgerActions()` offers every client-first action the package exports, bound to the client, with the deployment
 * it was given, against a real in-process chain.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { before, describe, it } from 'node:test'
import { keccak256, sha256, toBytes } from 'viem'
import { deployLedger } from '../../scripts/lib/deploy.js'
import { publicClient, walletOf } from '../../scripts/lib/inProcessChain.js'
import { localAccount } from '../../scripts/lib/localChain.js'
import type { LedgerDeployment } from '../../src/chains.js'
import * as sdk from '../../src/index.js'

/** Functions under src/actions/ whose first parameter is the client, read from the source, not from the decorator. */
function clientFirstActions(): string[] {
  const names = ['registry', 'rewards'].flatMap((folder) => {
    const directory = join('src/actions', folder)
    return readdirSync(directory)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => {
        const source = readFileSync(join(directory, file), 'utf8')
        const declared = /export\s+(?:async\s+)?function\s+(\w+)\s*(?:<[^(]*>)?\(\s*client\s*:\s*LedgerClient\b/g
        return [...source.matchAll(declared)].map((match) => match[1] as string)
      })
  })
  const exported = new Set(Object.keys(sdk))
  return names.filter((name) => exported.has(name)).sort()
}

const owner = localAccount(9)
const contributor = localAccount(5)

describe('ledgerActions()', () => {
  let deployment: LedgerDeployment

  before(async () => {
    // Deployed by an account other than the one behind localhostDeployment, so the contracts are not where the SDK
    // would look by default: a call only reaches them through the deployment ledgerActions was given.
    const deployed = await deployLedger(
      { wallet: walletOf(owner), public: publicClient },
      { attributor: owner.address, guardian: owner.address },
    )
    deployment = { ...deployed, blockNumber: BigInt(deployed.blockNumber) }
    assert.notEqual(deployment.registry.toLowerCase(), sdk.localhostDeployment.registry.toLowerCase())
  })

  it('binds every client-first action exported from the package, and nothing else', () => {
    const expected = clientFirstActions()
    assert.ok(expected.includes('registerContribution') && expected.includes('waitForRegistrations'))
    const bound = sdk.ledgerActions()(walletOf(contributor))
    assert.deepEqual(Object.keys(bound).sort(), expected)
    for (const name of expected) assert.equal(typeof bound[name as keyof typeof bound], 'function', name)
  })

  it('registers and reads through bound methods, on the deployment it was given', async () => {
    const ledger = walletOf(contributor).extend(sdk.ledgerActions({ deployment }))
    const { datanetId, owner: datanetOwner } = await ledger.createDatanetAndWait({ metadataURI: 'data:,decorated' })
    assert.equal(datanetOwner, contributor.address)

    const contentHash = sha256(toBytes('bound by ledgerActions'))
    const hash = await ledger.registerContribution({
      datanetId,
      contentHash,
      metadataHash: keccak256(toBytes('metadata')),
      metadataURI: 'data:,metadata',
    })
    // Positional: the hash comes second, and no deployment is merged into it.
    const [registered] = await ledger.waitForRegistrations(hash, { confirmations: 1 })
    assert.equal(registered?.contentHash, contentHash)
    assert.equal(registered?.contributor, contributor.address)
    assert.equal(registered?.status, 'accepted')

    const contribution = await ledger.getContributionByHash({ contentHash })
    assert.equal(contribution?.contributor, contributor.address)
    assert.equal((await ledger.getDatanet({ datanetId }))?.owner, contributor.address)

    const { address, balance } = await ledger.getRewardToken({ account: contributor.address })
    assert.equal(address, deployment.rewardToken)
    assert.equal(balance, 0n)
  })

  it("lets a call's own deployment win over the bound one", async () => {
    const elsewhere = { ...deployment, chainId: 1 }
    const ledger = walletOf(contributor).extend(sdk.ledgerActions({ deployment: elsewhere }))
    await assert.rejects(ledger.getDatanet({ datanetId: 1 }), sdk.DeploymentChainMismatchError)
    assert.equal((await ledger.getDatanet({ datanetId: 1, deployment }))?.datanetId, 1)
  })
})
