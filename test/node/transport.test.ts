/**
 * `ledgerTransport` against a real local chain behind the fault proxy: what it retries, after how long, where it
 * falls back, what it never repeats, and that a write under faults lands exactly once.
 */
import assert from 'node:assert/strict'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import { createPublicClient, createWalletClient, http, keccak256, sha256, toBytes } from 'viem'
import { getTransactionCount } from 'viem/actions'
import { hardhat } from 'viem/chains'
import { type FaultProxy, startFaultProxy } from '../../scripts/lib/faultProxy.js'
import { type LocalChain, localAccount, startLocalChain } from '../../scripts/lib/localChain.js'
import { createDatanetAndWait } from '../../src/actions/registry/createDatanet.js'
import { getContributionByHash } from '../../src/actions/registry/getContributionByHash.js'
import { registerContribution, registerContributionAndWait } from '../../src/actions/registry/registerContribution.js'
import type { LedgerDeployment } from '../../src/chains.js'
import { type LedgerTransportOptions, ledgerTransport } from '../../src/transports/ledgerTransport.js'

const contributor = localAccount(3)

const registrationOf = (datanetId: number, content: string) => ({
  datanetId,
  contentHash: sha256(toBytes(content)),
  metadataHash: keccak256(toBytes(content)),
  metadataURI: `data:,${encodeURIComponent(content)}`,
})

describe('ledgerTransport: retries, fallback and exactly-once writes against a faulty RPC', () => {
  let chain: LocalChain
  let deployment: LedgerDeployment
  let proxy: FaultProxy
  let backup: FaultProxy
  let datanetId: number
  /** The waits the transport asked for, in milliseconds; nothing really waits. */
  let delays: number[]
  const direct = () => createPublicClient({ chain: hardhat, transport: http(chain.rpcUrl, { retryCount: 0 }) })

  const clientOf = (urls: string | string[], options: LedgerTransportOptions = {}) =>
    createWalletClient({
      chain: hardhat,
      account: contributor,
      pollingInterval: 10,
      transport: ledgerTransport(urls, {
        sleep: async (ms) => void delays.push(ms),
        random: () => 0.5,
        ...options,
      }),
    })
  const read = (urls: string | string[] = proxy.url, options?: LedgerTransportOptions) =>
    getContributionByHash(clientOf(urls, options), { contentHash: sha256('0x00'), deployment })

  before(async () => {
    chain = await startLocalChain({ port: 0, deploymentFile: join(tmpdir(), `ledger-transport-${process.pid}.json`) })
    deployment = { ...chain.deployment, blockNumber: BigInt(chain.deployment.blockNumber) }
    proxy = await startFaultProxy(chain.rpcUrl)
    backup = await startFaultProxy(chain.rpcUrl)
    delays = []
    ;({ datanetId } = await createDatanetAndWait(clientOf(chain.rpcUrl), { metadataURI: 'data:,open', deployment }))
  })

  after(async () => {
    await proxy?.close()
    await backup?.close()
    await chain?.close()
  })

  beforeEach(() => {
    proxy.reset()
    backup.reset()
    delays = []
  })

  it('waits as long as a 429 Retry-After says (in seconds), then retries', async () => {
    proxy.inject([{ method: 'eth_call', fault: { kind: 'status', status: 429, retryAfter: 7 } }])
    assert.equal(await read(), null)
    assert.deepEqual(delays, [7_000])
    assert.equal(proxy.count('eth_call'), 2)
    assert.equal(proxy.forwarded('eth_call'), 1)
  })

  it('reads a Retry-After given as an HTTP date against the injected clock', async () => {
    const now = Date.parse('Tue, 05 May 2026 10:00:00 GMT')
    proxy.inject([{ fault: { kind: 'status', status: 503, retryAfter: 'Tue, 05 May 2026 10:00:20 GMT' } }])
    assert.equal(await read(proxy.url, { now: () => now }), null)
    assert.deepEqual(delays, [20_000])
  })

  it('retries 500, 502 and 503 with exponential backoff and jitter', async () => {
    proxy.inject([500, 502, 503].map((status) => ({ fault: { kind: 'status', status } as const })))
    assert.equal(await read(), null)
    // retryDelay 250 ms doubling, equal jitter with random() = 0.5: three quarters of 250, 500 and 1,000 ms.
    assert.deepEqual(delays, [188, 375, 750])
    assert.equal(proxy.forwarded('eth_call'), 1)
  })

  it('gives up on a URL after retryCount retries, and never waits longer than maxDelay', async () => {
    proxy.inject([{ times: 4, fault: { kind: 'status', status: 502 } }])
    await assert.rejects(read(proxy.url, { retryDelay: 1_000, maxDelay: 1_500 }))
    // 1,000 ms doubling, capped at 1,500 ms, then jittered like any backoff.
    assert.deepEqual(delays, [750, 1_125, 1_125])
    assert.equal(proxy.count('eth_call'), 4)
    assert.equal(proxy.forwarded(), 0)
  })

  it('does not wait out a Retry-After beyond maxDelay: it moves on to the next URL', async () => {
    proxy.inject([{ fault: { kind: 'status', status: 429, retryAfter: 3_600 } }])
    assert.equal(await read([proxy.url, backup.url]), null)
    assert.deepEqual(delays, [])
    assert.equal(backup.forwarded('eth_call'), 1)
  })

  it('retries a dropped connection, before or after the node saw the request', async () => {
    proxy.inject([{ fault: { kind: 'drop' } }, { fault: { kind: 'drop', after: true } }])
    assert.equal(await read(), null)
    assert.equal(delays.length, 2)
    assert.equal(proxy.count('eth_call'), 3)
  })

  it('retries an answer cut off in the middle of its JSON', async () => {
    proxy.inject([{ method: 'eth_call', fault: { kind: 'truncate' } }])
    assert.equal(await read(), null)
    assert.equal(delays.length, 1)
    assert.equal(proxy.count('eth_call'), 2)
  })

  it('falls back to the second URL when the first keeps dropping connections', async () => {
    proxy.inject([{ times: Number.POSITIVE_INFINITY, fault: { kind: 'drop' } }])
    assert.equal(await read([proxy.url, backup.url]), null)
    assert.equal(proxy.count('eth_call'), 4, 'the first URL is tried once and retried three times')
    assert.equal(backup.count('eth_call'), 1)
  })

  it('gives each call its own answer when a batch comes back in another order, or late', async () => {
    const registration = registrationOf(datanetId, 'answered out of order')
    await registerContributionAndWait(clientOf(chain.rpcUrl), { ...registration, deployment })
    let batches = 0
    const batch = (calls: readonly unknown[]) => calls.length > 1 && ++batches > 0
    let release!: () => void
    proxy.inject([
      { match: batch, fault: { kind: 'delay', until: new Promise<void>((resolve) => (release = resolve)) } },
      { match: batch, fault: { kind: 'reorder' } },
    ])
    const client = clientOf(proxy.url, { batch: true })
    const lookUp = (contentHash: `0x${string}`) => getContributionByHash(client, { contentHash, deployment })
    const tick = () => new Promise((resolve) => setImmediate(resolve))
    const first = Promise.all([lookUp(registration.contentHash), lookUp(sha256('0x01'))])
    await tick()
    const second = Promise.all([lookUp(sha256('0x02')), lookUp(registration.contentHash)])
    // One batch is held until both reached the proxy; the other is answered back to front meanwhile.
    while (batches < 2) await tick()
    release()
    const [[registered, missing], reordered] = await Promise.all([first, second])
    assert.equal(batches, 2, 'both requests were batches')
    assert.equal(registered?.contributor, contributor.address)
    assert.equal(missing, null)
    assert.equal(reordered[0], null)
    assert.equal(reordered[1]?.contributor, contributor.address)
  })

  it('does not retry a revert, here or at another URL, and names it', async () => {
    const registration = registrationOf(datanetId, 'registered once')
    await registerContributionAndWait(clientOf(chain.rpcUrl), { ...registration, deployment })
    await assert.rejects(
      registerContribution(clientOf([proxy.url, backup.url]), { ...registration, deployment }),
      (error: Error) => error.name === 'ContributionAlreadyRegisteredError',
    )
    assert.equal(proxy.count('eth_call'), 1)
    assert.equal(proxy.count('eth_estimateGas') + proxy.count('eth_sendRawTransaction'), 0)
    assert.equal(backup.count(), 0)
    assert.deepEqual(delays, [])
  })

  it('lands a write exactly once when its answer is lost and the network keeps failing', async () => {
    const registration = registrationOf(datanetId, 'written under faults')
    const nonce = await getTransactionCount(direct(), { address: contributor.address })
    proxy.inject([
      { method: 'eth_call', fault: { kind: 'status', status: 429 } },
      { method: 'eth_estimateGas', fault: { kind: 'truncate' } },
      // The node mines the transaction, but the answer never arrives…
      { method: 'eth_sendRawTransaction', fault: { kind: 'drop', after: true } },
      // …and the retry first meets an overloaded gateway.
      { method: 'eth_sendRawTransaction', fault: { kind: 'status', status: 503 } },
      { method: 'eth_getTransactionReceipt', fault: { kind: 'status', status: 500 } },
    ])
    const registered = await registerContributionAndWait(clientOf(proxy.url), { ...registration, deployment })

    assert.equal(registered.contributor, contributor.address)
    assert.equal(await getTransactionCount(direct(), { address: contributor.address }), nonce + 1)
    const onChain = await getContributionByHash(direct(), { contentHash: registration.contentHash, deployment })
    assert.equal(onChain?.contributor, contributor.address)
    // Three sends of the same signed bytes: one landed, one never reached the node, one was told "already mined".
    assert.equal(proxy.count('eth_sendRawTransaction'), 3)
    assert.equal(proxy.forwarded('eth_sendRawTransaction'), 2)
  })

  it('never repeats eth_sendTransaction (the node signs it) once it may have reached the node', async () => {
    const signer = createWalletClient({
      chain: hardhat,
      account: localAccount(5).address,
      transport: ledgerTransport(proxy.url, { sleep: async (ms) => void delays.push(ms) }),
    })
    const nonce = await getTransactionCount(direct(), { address: localAccount(5).address })
    proxy.inject([{ method: 'eth_sendTransaction', fault: { kind: 'drop', after: true } }])
    await assert.rejects(
      registerContribution(signer, { ...registrationOf(datanetId, 'signed by the node'), deployment }),
      (error: Error) => error.name === 'TransactionFailedError',
    )
    assert.equal(proxy.count('eth_sendTransaction'), 1)
    assert.equal(await getTransactionCount(direct(), { address: localAccount(5).address }), nonce + 1)
  })
})
