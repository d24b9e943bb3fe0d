/**
 * List reads through the indexer (`indexerUrl`): the same answers as the chain's logs give, no log scan while the
 * indexer answers, the chain's answer when it is down, answers nonsense or lies, and never an indexer for the badge.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type Account, type Chain, type Client, createClient, http, keccak256, type Transport, toBytes } from 'viem'
import { waitForTransactionReceipt, writeContract } from 'viem/actions'
import { hardhat } from 'viem/chains'
import { type Indexer, startIndexer } from '../../scripts/lib/indexer.js'
import { type LocalChain, localAccount, startLocalChain } from '../../scripts/lib/localChain.js'
import { ledgerRewardTokenAbi } from '../../src/abis/index.js'
import { createDatanetAndWait } from '../../src/actions/registry/createDatanet.js'
import { getContributionByHash } from '../../src/actions/registry/getContributionByHash.js'
import { type GetContributionsParameters, getContributions } from '../../src/actions/registry/getContributions.js'
import { getContributionsByContributor } from '../../src/actions/registry/getContributionsByContributor.js'
import { getModels } from '../../src/actions/registry/getModels.js'
import { registerContributionsAndWait } from '../../src/actions/registry/registerContributions.js'
import { registerModelAndWait } from '../../src/actions/registry/registerModel.js'
import { claimRewardsAndWait } from '../../src/actions/rewards/claimRewards.js'
import { fundRewards } from '../../src/actions/rewards/fundRewards.js'
import { getClaimable } from '../../src/actions/rewards/getClaimable.js'
import { getClaims } from '../../src/actions/rewards/getClaims.js'
import { getLeaderboard } from '../../src/actions/rewards/getLeaderboard.js'
import { getRewardHistory } from '../../src/actions/rewards/getRewardHistory.js'
import { proposeEpochAndWait } from '../../src/actions/rewards/proposeEpoch.js'
import type { LedgerDeployment } from '../../src/chains.js'
import { InvalidPageError } from '../../src/errors/page.js'
import { trainingSetRootOf } from '../../src/registry/trainingSet.js'
import { buildRewardTree, type RewardTree } from '../../src/rewards/buildRewardTree.js'

const owner = localAccount(0)
const attributor = localAccount(1)
const alice = localAccount(3)
const bob = localAccount(4)
const carol = localAccount(5)

const hashOf = (text: string) => keccak256(toBytes(text))
const registrationOf = (datanetId: number, text: string) => ({
  datanetId,
  contentHash: hashOf(text),
  metadataHash: hashOf(`metadata of ${text}`),
  metadataURI: `data:,${encodeURIComponent(text)}`,
})

/** A local HTTP server; `answer` decides each response. */
async function serve(answer: (path: string) => Promise<{ status: number; body: string }>) {
  const paths: string[] = []
  const server: Server = createServer(async (request, response) => {
    paths.push(request.url ?? '')
    const { status, body } = await answer(request.url ?? '')
    response.writeHead(status, { 'content-type': 'application/json' }).end(body)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    close: () => new Promise<void>((done) => server.close(() => done())),
  }
}

describe('list reads with an indexer', () => {
  let workDir: string
  let chain: LocalChain
  let deployment: LedgerDeployment
  let indexer: Indexer
  let logScans = 0
  /** The block of alice's last registrations: a window for `fromBlock` and `toBlock`. */
  let lastBatchBlock: bigint
  const trees = new Map<number, RewardTree>()
  const walletOf = (account: Account): Client<Transport, Chain, Account> =>
    createClient({ chain: hardhat, transport: http(chain.rpcUrl, { retryCount: 0 }), account, pollingInterval: 50 })
  /** A reader that counts the log scans it sends, so a test can tell the indexer answered and not the chain. */
  const reader = () =>
    createClient({
      chain: hardhat,
      pollingInterval: 50,
      transport: http(chain.rpcUrl, {
        retryCount: 0,
        onFetchRequest: async (request) => {
          if ((await request.clone().text()).includes('"eth_getLogs"')) logScans++
        },
      }),
    })
  const rpc = (method: string, params: unknown[] = []) =>
    fetch(chain.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    })
  /** The reward files, as if served at `https://rewards.test/{epoch}/tree.json`. */
  const rewardFiles: typeof fetch = async (input) => {
    const epochId = Number(/\/(\d+)\/tree\.json$/.exec(String(input))?.[1])
    const tree = trees.get(epochId)
    return tree ? Response.json(tree.dump()) : new Response('not found', { status: 404 })
  }
  const template = 'https://rewards.test/{epoch}/tree.json'
  let openDatanet: number

  /** Every page of a paginated read, as the content hashes of each page. */
  async function allPages(client: Client, parameters: GetContributionsParameters) {
    const pages: `0x${string}`[][] = []
    let cursor: string | null = null
    do {
      const page = await getContributions(client as never, { ...parameters, cursor })
      pages.push(page.items.map(({ contentHash }) => contentHash))
      cursor = page.nextCursor
    } while (cursor !== null)
    return pages
  }

  /** Every list read the SDK can send to an indexer, through `indexerUrl` or (without it) the logs. */
  const everyRead = async (indexerUrl?: string) => {
    const client = reader()
    const via = { deployment, ...(indexerUrl ? { indexerUrl } : {}) }
    const accounts = [alice, bob, carol].map(({ address }) => address)
    return {
      contributions: await Promise.all(
        accounts.map((contributor) => getContributionsByContributor(client, { contributor, ...via })),
      ),
      inLastBatch: await getContributionsByContributor(client, {
        contributor: alice.address,
        fromBlock: lastBatchBlock,
        toBlock: lastBatchBlock,
        ...via,
      }),
      models: await getModels(client, via),
      gallery: await allPages(client, { limit: 2, ...via }),
      oldestFirstOfAlice: await allPages(client, { order: 'asc', limit: 4, contributor: alice.address, ...via }),
      ofDatanet: await allPages(client, { datanetId: openDatanet, limit: 3, ...via }),
      ofNoDatanet: await allPages(client, { datanetId: openDatanet + 1, ...via }),
      claims: await Promise.all(accounts.map((account) => getClaims(client, { account, ...via }))),
      leaderboard: await getLeaderboard(client, via),
      leaderboardByOne: [
        await getLeaderboard(client, { limit: 1, ...via }),
        await getLeaderboard(client, {
          limit: 1,
          cursor: (await getLeaderboard(client, { limit: 1, ...via })).nextCursor,
          ...via,
        }),
      ],
      histories: await Promise.all(
        accounts.map((account) => getRewardHistory(client, { account, template, fetch: rewardFiles, ...via })),
      ),
    }
  }

  before(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'indexer-reads-'))
    const deploymentFile = join(workDir, 'deployment.json')
    chain = await startLocalChain({ port: 0, deploymentFile, disputePeriod: 30 })
    deployment = { ...chain.deployment, blockNumber: BigInt(chain.deployment.blockNumber) }
    const d = { deployment }

    const { datanetId } = await createDatanetAndWait(walletOf(owner), { metadataURI: 'data:,open', ...d })
    openDatanet = datanetId
    for (const [by, texts] of [
      [alice, ['alice 0', 'alice 1']],
      [bob, ['bob 0']],
      [alice, ['alice 2', 'alice 3', 'alice 4']],
    ] as const) {
      const registrations = texts.map((text) => registrationOf(datanetId, text))
      await registerContributionsAndWait(walletOf(by), { registrations, ...d })
    }
    const registered = await getContributionsByContributor(reader(), { contributor: alice.address, ...d })
    lastBatchBlock = registered.at(-1)?.blockNumber ?? 0n
    const trained = [hashOf('alice 0'), hashOf('bob 0')]
    await registerModelAndWait(walletOf(owner), {
      metadataURI: `data:application/json,${encodeURIComponent(JSON.stringify({ name: 'm', trainingSet: trained }))}`,
      trainingSetRoot: trainingSetRootOf(trained),
      datanetIds: [datanetId],
      ...d,
    })

    const minted = await writeContract(walletOf(owner), {
      address: deployment.rewardToken,
      abi: ledgerRewardTokenAbi,
      functionName: 'mint',
      args: [owner.address, 10_000n],
    })
    await waitForTransactionReceipt(reader(), { hash: minted })
    await waitForTransactionReceipt(reader(), { hash: await fundRewards(walletOf(owner), { amount: 10_000n, ...d }) })
    const epochs: [Account, bigint][][] = [
      [
        [alice, 300n],
        [bob, 500n],
      ],
      [
        [alice, 700n],
        [bob, 500n],
        [carol, 100n],
      ],
    ]
    for (const [n, cumulative] of epochs.entries()) {
      const epochId = n + 1
      const tree = buildRewardTree(cumulative.map(([account, amount]) => ({ account: account.address, amount })))
      trees.set(epochId, tree)
      await proposeEpochAndWait(walletOf(attributor), {
        root: tree.root,
        cumulativeTotal: cumulative.reduce((sum, [, amount]) => sum + amount, 0n),
        manifestHash: hashOf(`manifest ${epochId}`),
        manifestURI: `data:,manifest-${epochId}`,
        ...d,
      })
      await rpc('evm_increaseTime', [31])
      await rpc('evm_mine')
      for (const claimant of [alice, carol]) {
        const claimable = await getClaimable(reader(), { account: claimant.address, rewardTree: tree.dump(), ...d })
        if (claimable.claimable === 0n) continue
        await claimRewardsAndWait(walletOf(bob), {
          account: claimant.address,
          cumulativeAmount: claimable.cumulativeAmount,
          proof: claimable.proof,
          ...d,
        })
      }
    }

    indexer = await startIndexer({ rpcUrl: chain.rpcUrl, deploymentFile, port: 0 })
    await indexer.caughtUp()
  })

  after(async () => {
    await indexer?.close()
    await chain?.close()
    if (workDir) rmSync(workDir, { recursive: true, force: true })
  })

  it('answers every list read exactly as the chain’s logs do, without scanning them', async () => {
    const fromLogs = await everyRead()
    assert.equal(fromLogs.contributions[0]?.length, 5, 'alice registered five contributions')
    assert.equal(fromLogs.inLastBatch.length, 3, 'alice registered three in her last block')
    assert.equal(fromLogs.models.length, 1, 'one model')
    assert.deepEqual(
      fromLogs.gallery,
      [
        ['alice 4', 'alice 3'],
        ['alice 2', 'bob 0'],
        ['alice 1', 'alice 0'],
      ].map((page) => page.map(hashOf)),
      'the gallery, newest first, two to a page',
    )
    assert.deepEqual(
      fromLogs.oldestFirstOfAlice,
      [['alice 0', 'alice 1', 'alice 2', 'alice 3'], ['alice 4']].map((page) => page.map(hashOf)),
    )
    assert.deepEqual(
      fromLogs.ofDatanet.map((page) => page.length),
      [3, 3],
    )
    assert.deepEqual(fromLogs.ofNoDatanet, [[]])
    assert.deepEqual(fromLogs.leaderboard, {
      items: [
        { account: alice.address, claimed: 700n, claimCount: 2 },
        { account: carol.address, claimed: 100n, claimCount: 1 },
      ],
      nextCursor: null,
    })
    assert.deepEqual(
      fromLogs.leaderboardByOne.map(({ items }) => items.map(({ account }) => account)),
      [[alice.address], [carol.address]],
    )
    assert.deepEqual(
      fromLogs.claims[0]?.map(({ amount }) => amount),
      [300n, 400n],
      'alice claimed twice',
    )
    assert.deepEqual(
      fromLogs.histories[0]?.map(({ earned }) => earned),
      [300n, 400n],
      'alice earned in both epochs',
    )
    logScans = 0
    const fromIndexer = await everyRead(indexer.url)
    assert.equal(logScans, 0, 'no log was scanned')
    assert.deepEqual(fromIndexer, fromLogs)
  })

  it('continues a page from the indexer with the next from the chain, and the other way round', async () => {
    const client = reader()
    const fromIndexer = await getContributions(client, { limit: 2, deployment, indexerUrl: indexer.url })
    const fromChain = await getContributions(client, { limit: 2, deployment })
    assert.deepEqual(fromIndexer, fromChain, 'the same first page and the same cursor')
    const [nextFromChain, nextFromIndexer] = await Promise.all([
      getContributions(client, { limit: 2, cursor: fromIndexer.nextCursor, deployment }),
      getContributions(client, { limit: 2, cursor: fromChain.nextCursor, deployment, indexerUrl: indexer.url }),
    ])
    assert.deepEqual(nextFromChain, nextFromIndexer)
    assert.deepEqual(
      nextFromChain.items.map(({ contentHash }) => contentHash),
      [hashOf('alice 2'), hashOf('bob 0')],
    )
  })

  it('refuses a page it cannot read with InvalidPageError, before asking anyone', async () => {
    const asked = await serve(async () => ({ status: 200, body: '{"items":[],"nextCursor":null}' }))
    try {
      for (const parameters of [{ limit: 0 }, { limit: 501 }, { limit: 2.5 }, { cursor: 'next' }, { cursor: '-1' }]) {
        await assert.rejects(
          getContributions(reader(), { ...parameters, deployment, indexerUrl: asked.url }),
          InvalidPageError,
          JSON.stringify(parameters),
        )
      }
      for (const cursor of ['700', '700:alice', `x:${alice.address}`]) {
        await assert.rejects(getLeaderboard(reader(), { cursor, deployment, indexerUrl: asked.url }), InvalidPageError)
      }
      assert.deepEqual(asked.paths, [])
    } finally {
      await asked.close()
    }
  })

  it('reads the chain when the indexer answers nonsense or errors', async () => {
    for (const answer of [
      { status: 200, body: 'not json' },
      { status: 200, body: '{"items":[{"contentHash":"0x12"}],"nextCursor":null}' },
      { status: 200, body: '{"items":[],"nextCursor":"1"}' },
      { status: 500, body: '{"error":"Internal error"}' },
    ]) {
      const nonsense = await serve(async () => answer)
      try {
        assert.deepEqual(await everyRead(nonsense.url), await everyRead(), answer.body)
        assert.ok(nonsense.paths.length > 0, 'the indexer was asked')
      } finally {
        await nonsense.close()
      }
    }
  })

  describe('an indexer that lies', () => {
    /** A proxy to the real indexer that changes its answers to the paths `lie` matches. */
    async function lyingIndexer(lie: (path: string, body: { items: Record<string, unknown>[] }) => void) {
      return serve(async (path) => {
        const response = await fetch(`${indexer.url}${path}`)
        const body = (await response.json()) as { items: Record<string, unknown>[] }
        lie(path, body)
        return { status: response.status, body: JSON.stringify(body) }
      })
    }

    it('about what an account claimed is caught by the distributor’s total', async () => {
      const liar = await lyingIndexer((path, body) => {
        const last = body.items.at(-1)
        if (path.includes('/claims') && last) {
          last.amount = String(BigInt(last.amount as string) + 1000n)
          last.cumulativeClaimed = String(BigInt(last.cumulativeClaimed as string) + 1000n)
        }
      })
      try {
        const truth = await getClaims(reader(), { account: alice.address, deployment })
        assert.deepEqual(await getClaims(reader(), { account: alice.address, deployment, indexerUrl: liar.url }), truth)
        assert.ok(
          liar.paths.some((path) => path.includes('/claims')),
          'the liar was asked',
        )
      } finally {
        await liar.close()
      }
    })

    it('about an epoch is caught by the distributor’s record of it', async () => {
      // Were epoch 1 believed revoked, alice would seem to have earned all 700 in epoch 2.
      const liar = await lyingIndexer((path, body) => {
        if (path.startsWith('/epochs')) for (const epoch of body.items) if (epoch.id === 1) epoch.status = 'revoked'
      })
      try {
        const read = { account: alice.address, template, fetch: rewardFiles, deployment }
        const truth = await getRewardHistory(reader(), read)
        assert.deepEqual(
          truth.map(({ earned }) => earned),
          [300n, 400n],
        )
        assert.deepEqual(await getRewardHistory(reader(), { ...read, indexerUrl: liar.url }), truth)
        assert.ok(
          liar.paths.some((path) => path.startsWith('/epochs')),
          'the liar was asked',
        )
      } finally {
        await liar.close()
      }
    })

    it('about a gallery page is caught by the registry, or by the page’s own order', async () => {
      const truth = await getContributions(reader(), { limit: 3, contributor: alice.address, deployment })
      const lies: ((body: { items: Record<string, unknown>[] }) => void)[] = [
        // Someone else's contribution on alice's page.
        (body) => {
          const [first] = body.items
          if (first) first.contentHash = hashOf('bob 0')
        },
        // The page out of order, which would repeat rows on the next page.
        (body) => {
          body.items.reverse()
        },
      ]
      for (const lie of lies) {
        const liar = await lyingIndexer((path, body) => {
          if (path.startsWith('/contributions?')) lie(body)
        })
        try {
          const read = { limit: 3, contributor: alice.address, deployment, indexerUrl: liar.url }
          assert.deepEqual(await getContributions(reader(), read), truth)
          assert.ok(liar.paths.length > 0, 'the liar was asked')
        } finally {
          await liar.close()
        }
      }
    })

    it('about what an account claimed is caught on the leaderboard by the distributor’s total', async () => {
      const liar = await lyingIndexer((path, body) => {
        // Still in order, so only the distributor can tell.
        const alicesRow = body.items.find((row) => row.address === alice.address.toLowerCase())
        if (path.startsWith('/leaderboard') && alicesRow) alicesRow.claimed = '800'
      })
      try {
        const truth = await getLeaderboard(reader(), { deployment })
        assert.deepEqual(await getLeaderboard(reader(), { deployment, indexerUrl: liar.url }), truth)
        assert.ok(
          liar.paths.some((path) => path.startsWith('/leaderboard')),
          'the liar was asked',
        )
      } finally {
        await liar.close()
      }
    })

    it('about who registered a contribution is caught by the registry', async () => {
      const liar = await lyingIndexer((path, body) => {
        if (path.startsWith('/contributions?')) {
          body.items.push({ ...body.items[0], contentHash: hashOf('bob 0') })
        }
      })
      try {
        const truth = await getContributionsByContributor(reader(), { contributor: alice.address, deployment })
        const read = await getContributionsByContributor(reader(), {
          contributor: alice.address,
          deployment,
          indexerUrl: liar.url,
        })
        assert.deepEqual(read, truth)
        assert.ok(!read.some(({ contentHash }) => contentHash === hashOf('bob 0')))
      } finally {
        await liar.close()
      }
    })
  })

  it('never asks an indexer for a single contribution: the badge’s provenance is the chain’s', async () => {
    const nonsense = await serve(async () => ({
      status: 200,
      body: '{"contributor":"0x0000000000000000000000000000000000000bad"}',
    }))
    try {
      const read = await getContributionByHash(reader(), {
        contentHash: hashOf('alice 0'),
        deployment,
        // @ts-expect-error: the single-contribution read takes no indexer, so one cannot be slipped in.
        indexerUrl: nonsense.url,
      })
      assert.equal(read?.contributor, alice.address)
      assert.deepEqual(nonsense.paths, [])
    } finally {
      await nonsense.close()
    }
  })

  // Last: it stops the indexer.
  it('reads the chain when the indexer has stopped', async () => {
    const url = indexer.url
    await indexer.close()
    assert.deepEqual(await everyRead(url), await everyRead())
  })
})
