import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { customChain, openLedgerTestnet } from '../../src/chains.js'

describe('customChain', () => {
  it('describes a chain from its id and RPC URL, with what a wallet shows when asked to add it', () => {
    const chain = customChain({ id: 8453, rpcUrl: 'https://rpc.example' })
    assert.equal(chain.id, 8453)
    assert.equal(chain.name, 'Chain 8453')
    assert.deepEqual(chain.nativeCurrency, { name: 'Ether', symbol: 'ETH', decimals: 18 })
    assert.deepEqual(chain.rpcUrls.default.http, ['https://rpc.example'])
    assert.equal(customChain({ id: 31337, rpcUrl: 'http://127.0.0.1:8545' }).name, 'Local chain')
  })

  it('keeps several URLs in order, given as a list or separated by spaces as in the rpc-url attribute', () => {
    const urls = ['https://one.example', 'https://two.example']
    assert.deepEqual(
      customChain({ id: 1, rpcUrl: ' https://one.example  https://two.example ' }).rpcUrls.default.http,
      urls,
    )
    assert.deepEqual(customChain({ id: 1, rpcUrl: urls }).rpcUrls.default.http, urls)
  })

  it('takes a name, a currency and the testnet flag', () => {
    const chain = openLedgerTestnet({ rpcUrl: 'https://rpc.example/openledger' })
    assert.equal(chain.id, 161201)
    assert.equal(chain.name, 'OpenLedger Testnet')
    assert.equal(chain.nativeCurrency.symbol, 'OPEN')
    assert.equal(chain.testnet, true)
    assert.equal(customChain({ id: 1, rpcUrl: 'https://rpc.example' }).testnet, undefined)
  })
})
