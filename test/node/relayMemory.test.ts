import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  createWalletClient,
  custom,
  type EIP1193RequestFn,
  type Hex,
  keccak256,
  numberToHex,
  toFunctionSelector,
} from 'viem'
import { hardhat } from 'viem/chains'
import { getContribution, registerBySig } from '../../src/abis/contributionRegistry.js'
import { localhostDeployment } from '../../src/chains.js'
import { createRelayHandler } from '../../src/relay/index.js'

/**
 * A node that knows only what the relay asks of it: no contribution is registered yet, every registration simulates
 * successfully, and every transaction sent is mined. It counts the transactions it was sent.
 */
function stubNode() {
  const sent: Hex[] = []
  const getContributionSelector = toFunctionSelector(getContribution)
  const registerBySigSelector = toFunctionSelector(registerBySig)
  const request = (async ({ method, params }: { method: string; params?: unknown }) => {
    switch (method) {
      case 'eth_chainId':
        return numberToHex(hardhat.id)
      case 'eth_call': {
        const [{ data }] = params as [{ data: Hex }]
        if (data.startsWith(getContributionSelector)) return `0x${'0'.repeat(64 * 5)}`
        if (data.startsWith(registerBySigSelector)) return '0x'
        break
      }
      case 'eth_sendTransaction': {
        const hash = keccak256(numberToHex(sent.length, { size: 32 }))
        sent.push(hash)
        return hash
      }
      case 'eth_getTransactionByHash': {
        const [hash] = params as [Hex]
        if (!sent.includes(hash)) return null
        return {
          hash,
          blockHash: null,
          blockNumber: null,
          transactionIndex: null,
          from: relayer,
          to: localhostDeployment.registry,
          input: '0x',
          nonce: '0x0',
          gas: '0x0',
          value: '0x0',
          type: '0x2',
          chainId: numberToHex(hardhat.id),
        }
      }
    }
    throw Object.assign(new Error(`The stub node does not answer ${method}.`), { code: -32601 })
  }) as EIP1193RequestFn
  return { request, sent }
}

const relayer = '0x976EA74026E726554dB657fA54763abd0C3a0aa9'
const walletClientOf = (node: ReturnType<typeof stubNode>) =>
  createWalletClient({ account: relayer, chain: hardhat, transport: custom(node) })

/** The `index`th distinct signed contribution, from its own contributor unless told, so each one is new to the relay. */
const signedRequest = (index: number, contributor = index) => {
  const word = numberToHex(index, { size: 32 }).slice(2)
  return new Request('http://relay.test/contributions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      contributor: numberToHex(contributor, { size: 20 }),
      registration: { datanetId: 1, contentHash: `0x${word}`, metadataHash: `0x${word}`, metadataURI: 'data:,' },
      nonce: '0',
      deadline: '99999999999',
      signature: `0x${word}${word}1b`,
      chainId: hardhat.id,
      registry: localhostDeployment.registry,
    }),
  })
}

describe('relay memory: bounded in size and time however many requests arrive', () => {
  it('keeps at most its default 10,000 outcomes and contributors over 100,000 distinct registrations', async () => {
    const node = stubNode()
    const clock = 1_000_000
    const relay = createRelayHandler({ walletClient: walletClientOf(node), now: () => clock })
    let largest = { outcomes: 0, contributors: 0 }
    for (let index = 0; index < 100_000; index++) {
      const response = await relay(signedRequest(index))
      assert.equal(response.status, 200)
      const { outcomes, contributors } = relay.remembered()
      assert.ok(outcomes <= 10_000, `${outcomes} outcomes held after ${index + 1} requests`)
      assert.ok(contributors <= 10_000, `${contributors} contributors held after ${index + 1} requests`)
      largest = {
        outcomes: Math.max(largest.outcomes, outcomes),
        contributors: Math.max(largest.contributors, contributors),
      }
    }
    assert.deepEqual(
      largest,
      { outcomes: 10_000, contributors: 10_000 },
      'every request went through the remembering path',
    )
    assert.equal(node.sent.length, 100_000)

    const latest = await (await relay(signedRequest(99_999))).json()
    assert.equal(latest.transactionHash, node.sent[99_999], 'a remembered registration is answered from memory')
    assert.equal(node.sent.length, 100_000, 'and not sent again')
  })

  it('answers repeats identically within the time it remembers them, and forgets them after it', async () => {
    const node = stubNode()
    let clock = 1_000_000
    const relay = createRelayHandler({
      walletClient: walletClientOf(node),
      rateLimit: { requests: 10, windowMs: 60_000 },
      memory: { outcomes: { maxEntries: 100, ttlMs: 600_000 } },
      now: () => clock,
    })
    for (let index = 0; index < 50; index++) await relay(signedRequest(index))
    assert.deepEqual(relay.remembered(), { outcomes: 50, contributors: 50 })

    clock += 599_999
    const first = await (await relay(signedRequest(0))).json()
    assert.deepEqual(first, await (await relay(signedRequest(0))).json())
    assert.equal(node.sent.length, 50, 'a repeat within the time is not sent again')

    clock += 1
    await relay(signedRequest(50))
    assert.deepEqual(relay.remembered(), { outcomes: 1, contributors: 1 }, 'expired entries are swept')
    const late = await (await relay(signedRequest(0))).json()
    assert.equal(late.transactionHash, node.sent[51], 'a repeat it forgot is checked and sent again')
  })

  it('still rate-limits the contributors it remembers when it holds as many as it may', async () => {
    const relay = createRelayHandler({
      walletClient: walletClientOf(stubNode()),
      rateLimit: { requests: 1, windowMs: 60_000 },
      memory: { contributors: 5 },
      now: () => 1_000_000,
    })
    for (let index = 0; index < 6; index++) assert.equal((await relay(signedRequest(index))).status, 200)
    assert.equal(relay.remembered().contributors, 5)
    assert.equal((await relay(signedRequest(6, 5))).status, 429)
  })
})
