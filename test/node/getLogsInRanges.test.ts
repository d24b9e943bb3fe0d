/**
 * `getLogsInRanges` against nodes that refuse wide block ranges or large results: every log comes back once, in chain
 * order, whatever the limits. Properties over random logs and limits on a simulated node, then the real chain behind
 * the fault proxy.
 */
import assert from 'node:assert/strict'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import fc from 'fast-check'
import {
  createClient,
  createPublicClient,
  createWalletClient,
  custom,
  encodeEventTopics,
  type Hex,
  http,
  keccak256,
  numberToHex,
  pad,
  sha256,
  TimeoutError,
  toBytes,
} from 'viem'
import { getLogs } from 'viem/actions'
import { hardhat } from 'viem/chains'
import { type FaultProxy, startFaultProxy } from '../../scripts/lib/faultProxy.js'
import { type LocalChain, localAccount, startLocalChain } from '../../scripts/lib/localChain.js'
import * as registry from '../../src/abis/contributionRegistry.js'
import { getLogsInRanges } from '../../src/actions/internal/getLogsInRanges.js'
import { createDatanetAndWait } from '../../src/actions/registry/createDatanet.js'
import { registerContributionAndWait } from '../../src/actions/registry/registerContribution.js'
import type { LedgerDeployment } from '../../src/chains.js'
import { ledgerTransport } from '../../src/transports/ledgerTransport.js'

const ping = {
  type: 'event',
  name: 'Ping',
  inputs: [{ name: 'n', type: 'uint256', indexed: true }],
} as const
const address = '0x000000000000000000000000000000000000beef'

type Limit = { kind: 'span' | 'timeout'; blocks: number } | { kind: 'results'; count: number }

/**
 * A node holding one Ping log per entry of `blocks` (several per block when repeated), that refuses a range wider
 * than `limit.blocks` or a result longer than `limit.count`, with the messages real providers use, or that times out
 * on a range wider than `limit.blocks` as viem's HTTP transport reports it. `served` collects the ranges it answered.
 */
function limitedNode(blocks: readonly number[], limit: Limit, served: [number, number][]) {
  const logs = [...blocks]
    .sort((a, b) => a - b)
    .map((block, n) => ({
      address,
      topics: encodeEventTopics({ abi: [ping], eventName: 'Ping', args: { n: BigInt(n) } }),
      data: '0x',
      blockNumber: numberToHex(block),
      blockHash: pad(numberToHex(block + 1)),
      transactionHash: pad(numberToHex(n + 1)),
      transactionIndex: '0x0',
      logIndex: numberToHex(n),
      removed: false,
    }))
  const request = async ({ method, params }: { method: string; params?: unknown }) => {
    if (method === 'eth_blockNumber') return numberToHex(Math.max(0, ...blocks))
    if (method !== 'eth_getLogs') throw new Error(`unexpected ${method}`)
    const [filter] = params as [{ fromBlock: Hex; toBlock: Hex }]
    const [from, to] = [Number(filter.fromBlock), Number(filter.toBlock)]
    if (limit.kind === 'timeout' && to - from + 1 > limit.blocks) {
      throw new TimeoutError({ body: { method, params }, url: 'http://node.example' })
    }
    if (limit.kind === 'span' && to - from + 1 > limit.blocks) {
      throw Object.assign(new Error(`block range is too wide: maximum is ${limit.blocks}`), { code: -32602 })
    }
    const found = logs.filter(({ blockNumber }) => Number(blockNumber) >= from && Number(blockNumber) <= to)
    if (limit.kind === 'results' && found.length > limit.count) {
      throw Object.assign(new Error(`query returned more than ${limit.count} results`), { code: -32005 })
    }
    served.push([from, to])
    return found
  }
  // viem would retry -32005 itself; the splitting is what is under test.
  return createClient({ transport: custom({ request }, { retryCount: 0 }) })
}

/** Asserts that `served` covers [from, to] exactly: no block twice, none left out. */
function assertExactCover(served: [number, number][], from: number, to: number) {
  const sorted = [...served].sort((a, b) => a[0] - b[0])
  let next = from
  for (const [start, end] of sorted) {
    assert.equal(start, next, `blocks ${next}…${start - 1} were skipped or read twice`)
    next = end + 1
  }
  assert.equal(next, to + 1)
}

const runs = Number(process.env.FC_RUNS ?? 200)
const blocksArbitrary = fc.array(fc.nat({ max: 300 }), { maxLength: 80 })
const rangeArbitrary = fc
  .tuple(fc.nat({ max: 320 }), fc.nat({ max: 320 }))
  .map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)])

const expectedIn = (blocks: readonly number[], from: number, to: number) =>
  [...blocks].sort((a, b) => a - b).filter((block) => block >= from && block <= to)

describe('getLogsInRanges on nodes with limits', () => {
  for (const [kind, says] of [
    ['span', 'refuses'],
    ['timeout', 'times out on'],
  ] as const) {
    it(`returns every log once, in order, when the node ${says} ranges above N blocks`, async () => {
      await fc.assert(
        fc.asyncProperty(
          blocksArbitrary,
          rangeArbitrary,
          fc.integer({ min: 1, max: 64 }),
          async (blocks, [from, to], n) => {
            const served: [number, number][] = []
            const client = limitedNode(blocks, { kind, blocks: n }, served)
            const logs = await getLogsInRanges(client, {
              address,
              event: ping,
              fromBlock: BigInt(from),
              toBlock: BigInt(to),
            })
            assert.deepEqual(
              logs.map((log) => Number(log.blockNumber)),
              expectedIn(blocks, from, to),
            )
            assert.equal(new Set(logs.map((log) => log.logIndex)).size, logs.length)
            assertExactCover(served, from, to)
          },
        ),
        { numRuns: runs },
      )
    })
  }

  it('fails after one more request, not one per halving, when the node is down', async () => {
    const asked: string[] = []
    const request = async ({ method, params }: { method: string; params?: unknown }) => {
      asked.push(method)
      throw new TimeoutError({ body: { method, params }, url: 'http://node.example' })
    }
    const client = createClient({ transport: custom({ request }, { retryCount: 0 }) })
    await assert.rejects(
      getLogsInRanges(client, { address, event: ping, fromBlock: 0n, toBlock: 1_000_000n }),
      (error: Error) => error.name === 'TimeoutError',
    )
    assert.deepEqual(asked, ['eth_getLogs', 'eth_blockNumber'])
  })

  it('returns every log once, in order, when the node says "query returned more than N results"', async () => {
    await fc.assert(
      fc.asyncProperty(
        blocksArbitrary,
        rangeArbitrary,
        fc.integer({ min: 1, max: 20 }),
        async (blocks, [from, to], n) => {
          // A single block holding more logs than the node returns cannot be read by any client: not this property.
          const perBlock = Math.max(0, ...blocks.map((block) => blocks.filter((b) => b === block).length))
          const served: [number, number][] = []
          const client = limitedNode(blocks, { kind: 'results', count: Math.max(n, perBlock) }, served)
          const logs = await getLogsInRanges(client, {
            address,
            event: ping,
            fromBlock: BigInt(from),
            toBlock: BigInt(to),
          })
          assert.deepEqual(
            logs.map((log) => Number(log.logIndex)),
            [...new Set(logs.map((log) => Number(log.logIndex)))].sort((a, b) => a - b),
          )
          assert.deepEqual(
            logs.map((log) => Number(log.blockNumber)),
            expectedIn(blocks, from, to),
          )
          assertExactCover(served, from, to)
        },
      ),
      { numRuns: runs },
    )
  })
})

describe('getLogsInRanges on the real chain behind a node that refuses more than 2 blocks', () => {
  let chain: LocalChain
  let deployment: LedgerDeployment
  let proxy: FaultProxy

  before(async () => {
    chain = await startLocalChain({ port: 0, deploymentFile: join(tmpdir(), `ledger-getlogs-${process.pid}.json`) })
    deployment = { ...chain.deployment, blockNumber: BigInt(chain.deployment.blockNumber) }
    proxy = await startFaultProxy(chain.rpcUrl)
    const wallet = createWalletClient({ chain: hardhat, account: localAccount(3), transport: http(chain.rpcUrl) })
    const { datanetId } = await createDatanetAndWait(wallet, { metadataURI: 'data:,open', deployment })
    // Automining: one block per contribution.
    for (const content of ['one', 'two', 'three', 'four', 'five', 'six', 'seven']) {
      await registerContributionAndWait(wallet, {
        datanetId,
        contentHash: sha256(toBytes(content)),
        metadataHash: keccak256(toBytes(content)),
        metadataURI: `data:,${content}`,
        deployment,
      })
    }
  })

  after(async () => {
    await proxy?.close()
    await chain?.close()
  })

  it('reads every contribution once, in order, through ledgerTransport, without retrying the refusals', async () => {
    const span = (calls: readonly { params?: unknown[] }[]) =>
      calls.some(({ params }) => {
        const [{ fromBlock, toBlock }] = params as [{ fromBlock: Hex; toBlock: Hex }]
        return Number(toBlock) - Number(fromBlock) + 1 > 2
      })
    proxy.inject([
      {
        times: Number.POSITIVE_INFINITY,
        method: 'eth_getLogs',
        match: span,
        fault: { kind: 'rpcError', code: -32005, message: 'query returned more than 10000 results' },
      },
    ])
    const delays: number[] = []
    const client = createPublicClient({
      chain: hardhat,
      transport: ledgerTransport(proxy.url, { sleep: async (ms) => void delays.push(ms) }),
    })
    const parameters = { address: deployment.registry, event: registry.ContributionRegistered }
    const split = await getLogsInRanges(client, { ...parameters, fromBlock: deployment.blockNumber })
    const whole = await getLogs(createPublicClient({ chain: hardhat, transport: http(chain.rpcUrl) }), {
      ...parameters,
      fromBlock: deployment.blockNumber,
    })

    assert.equal(split.length, 7)
    assert.deepEqual(
      split.map((log) => log.transactionHash),
      whole.map((log) => log.transactionHash),
    )
    assert.ok(proxy.forwarded('eth_getLogs') >= 4, 'the range was split into spans of at most 2 blocks')
    assert.deepEqual(delays, [], 'a refused range is split, not retried')
  })
})
