/**
 * Waiting for a transaction that the wallet speeds up, cancels or replaces before it is mined, on a real local chain
 * with automining off, so the replacement takes the original's place in the mempool.
 */
import assert from 'node:assert/strict'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, afterEach, before, beforeEach, describe, it } from 'node:test'
import {
  createTestClient,
  createWalletClient,
  encodeFunctionData,
  type Hex,
  http,
  keccak256,
  sha256,
  toBytes,
} from 'viem'
import { getTransaction, sendTransaction } from 'viem/actions'
import { hardhat } from 'viem/chains'
import { type FaultProxy, startFaultProxy } from '../../scripts/lib/faultProxy.js'
import { type LocalChain, localAccount, startLocalChain } from '../../scripts/lib/localChain.js'
import * as registry from '../../src/abis/contributionRegistry.js'
import { waitForEvents } from '../../src/actions/internal/waitForEvent.js'
import { createDatanetAndWait } from '../../src/actions/registry/createDatanet.js'
import { registerContribution } from '../../src/actions/registry/registerContribution.js'
import type { LedgerDeployment } from '../../src/chains.js'
import { TransactionReplacedError } from '../../src/errors/transaction.js'
import { ledgerTransport } from '../../src/transports/ledgerTransport.js'

const contributor = localAccount(4)

const registrationOf = (datanetId: number, content: string) => ({
  datanetId,
  contentHash: sha256(toBytes(content)),
  metadataHash: keccak256(toBytes(content)),
  metadataURI: `data:,${encodeURIComponent(content)}`,
})

describe('waiting for a transaction the wallet replaced', () => {
  let chain: LocalChain
  let deployment: LedgerDeployment
  let proxy: FaultProxy
  let datanetId: number
  const test = () => createTestClient({ chain: hardhat, mode: 'hardhat', transport: http(chain.rpcUrl) })
  // Through the proxy, so a test can tell when the wait has seen the original transaction.
  const wallet = () =>
    createWalletClient({
      chain: hardhat,
      account: contributor,
      pollingInterval: 10,
      transport: ledgerTransport(proxy.url),
    })
  const waitForRegistration = (hash: Hex) =>
    waitForEvents(wallet(), { hash, abi: [registry.ContributionRegistered], eventName: 'ContributionRegistered' })

  /**
   * Sends the original registration, starts waiting for it, and once the wait has read it from the node, sends
   * `replacement` with the same nonce and twice the fees, and mines it.
   */
  async function replaceWhileWaiting(
    content: string,
    replacement: (original: { to: Hex; input: Hex }) => { to: Hex; data: Hex },
  ) {
    const hash = await registerContribution(wallet(), { ...registrationOf(datanetId, content), deployment })
    const original = await getTransaction(test(), { hash })
    const seen = proxy.answered('eth_getTransactionByHash')
    const waiting = waitForRegistration(hash)
    await seen
    const replacementHash = await sendTransaction(wallet(), {
      ...replacement({ to: original.to as Hex, input: original.input }),
      nonce: original.nonce,
      gas: original.gas,
      maxFeePerGas: (original.maxFeePerGas as bigint) * 2n,
      maxPriorityFeePerGas: (original.maxPriorityFeePerGas as bigint) * 2n,
    })
    await test().mine({ blocks: 1 })
    return { hash, replacementHash, waiting }
  }

  before(async () => {
    chain = await startLocalChain({ port: 0, deploymentFile: join(tmpdir(), `ledger-receipts-${process.pid}.json`) })
    deployment = { ...chain.deployment, blockNumber: BigInt(chain.deployment.blockNumber) }
    proxy = await startFaultProxy(chain.rpcUrl)
    ;({ datanetId } = await createDatanetAndWait(wallet(), { metadataURI: 'data:,open', deployment }))
  })

  after(async () => {
    await proxy?.close()
    await chain?.close()
  })

  beforeEach(() => test().setAutomine(false))
  afterEach(() => test().setAutomine(true))

  it('follows a sped-up transaction (same call, higher fee) to its receipt and events', async () => {
    const { replacementHash, waiting } = await replaceWhileWaiting('sped up', ({ to, input }) => ({ to, data: input }))
    const { receipt, first } = await waiting
    assert.equal(receipt.transactionHash, replacementHash)
    assert.equal(first.args.contentHash, sha256(toBytes('sped up')))
  })

  it('says a transaction was cancelled, naming the cancelling transaction', async () => {
    const { hash, replacementHash, waiting } = await replaceWhileWaiting('cancelled', () => ({
      to: contributor.address,
      data: '0x',
    }))
    await assert.rejects(waiting, (error: unknown) => {
      assert.ok(error instanceof TransactionReplacedError)
      assert.equal(error.reason, 'cancelled')
      assert.equal(error.hash, hash)
      assert.equal(error.replacementHash, replacementHash)
      assert.match(error.shortMessage, /cancelled in the wallet/)
      return true
    })
  })

  it('says a transaction was replaced by a different call, naming the replacement', async () => {
    const other = registrationOf(datanetId, 'registered instead')
    const { replacementHash, waiting } = await replaceWhileWaiting('replaced', ({ to }) => ({
      to,
      data: encodeFunctionData({ abi: [registry.register], functionName: 'register', args: [other] }),
    }))
    await assert.rejects(waiting, (error: unknown) => {
      assert.ok(error instanceof TransactionReplacedError)
      assert.equal(error.reason, 'replaced')
      assert.equal(error.replacementHash, replacementHash)
      return true
    })
  })
})
