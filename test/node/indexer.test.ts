/**
 * The Ponder indexer (indexer/) against a seeded local chain: every list it serves matches the chain, page by page,
 * and a reverted block disappears from its answers. On PGlite always, and on Postgres too when DATABASE_URL is set.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  type Account,
  type Address,
  type Chain,
  type Client,
  createClient,
  createPublicClient,
  type Hex,
  http,
  keccak256,
  type Transport,
  toBytes,
} from 'viem'
import { writeContract } from 'viem/actions'
import { hardhat } from 'viem/chains'
import { indexerDir, startIndexer } from '../../scripts/lib/indexer.js'
import { type LocalChain, localAccount, startLocalChain } from '../../scripts/lib/localChain.js'
import { contributionRegistryAbi, ledgerRewardTokenAbi, rewardDistributorAbi } from '../../src/abis/index.js'
import { createDatanetAndWait } from '../../src/actions/registry/createDatanet.js'
import { registerContributionsAndWait } from '../../src/actions/registry/registerContributions.js'
import { registerModelAndWait } from '../../src/actions/registry/registerModel.js'
import { reviewContributionAndWait } from '../../src/actions/registry/reviewContribution.js'
import { claimRewardsAndWait } from '../../src/actions/rewards/claimRewards.js'
import { fundRewards } from '../../src/actions/rewards/fundRewards.js'
import { getClaimable } from '../../src/actions/rewards/getClaimable.js'
import { proposeEpochAndWait } from '../../src/actions/rewards/proposeEpoch.js'
import type { LedgerDeployment } from '../../src/chains.js'
import { trainingSetRootOf } from '../../src/registry/trainingSet.js'
import { buildRewardTree } from '../../src/rewards/buildRewardTree.js'

const owner = localAccount(0)
const attributor = localAccount(1)
const guardian = localAccount(2)
const alice = localAccount(3)
const bob = localAccount(4)
const carol = localAccount(5)
const curator = localAccount(7)

type Page<item> = { items: item[]; nextCursor: string | null }
type Contribution = { contentHash: Hex; contributor: Hex; datanetId: number; status: number; seq: string }

/** A gallery item without the review fields, which registration events do not carry. */
const withoutReview = ({ reviewedBy: _, reviewedBlock: __, ...fields }: Record<string, unknown>) => fields
const hashOf = (text: string) => keccak256(toBytes(text))
const lower = (hex: string) => hex.toLowerCase() as Hex
const registrationOf = (datanetId: number, text: string) => ({
  datanetId,
  contentHash: hashOf(text),
  metadataHash: hashOf(`metadata of ${text}`),
  metadataURI: `data:,${encodeURIComponent(text)}`,
})

/** Every event name of both contracts, and every `ponder.on('Contract:Event'` of the indexing functions. */
function eventsAndHandlers() {
  const events = [
    ...contributionRegistryAbi.flatMap((item) => (item.type === 'event' ? [`ContributionRegistry:${item.name}`] : [])),
    ...rewardDistributorAbi.flatMap((item) => (item.type === 'event' ? [`RewardDistributor:${item.name}`] : [])),
  ].sort()
  const source = readFileSync(join(indexerDir, 'src', 'index.ts'), 'utf8')
  const handlers = [...source.matchAll(/ponder\.on\(\s*'(\w+:\w+)'/g)].map((match) => match[1] as string).sort()
  return { events, handlers }
}

describe('the indexing functions', () => {
  it('handle every event of ContributionRegistry and RewardDistributor, once each', () => {
    const { events, handlers } = eventsAndHandlers()
    assert.ok(events.length > 15, 'the ABIs were read')
    assert.deepEqual(handlers, events)
  })
})

describe('the indexer', () => {
  let workDir: string
  let chain: LocalChain
  let deploymentFile: string
  let deployment: LedgerDeployment
  const transport = () => http(chain.rpcUrl, { retryCount: 0 })
  const walletOf = (account: Account): Client<Transport, Chain, Account> =>
    createClient({ chain: hardhat, transport: transport(), account, pollingInterval: 50 })
  const reader = () => createPublicClient({ chain: hardhat, transport: transport(), pollingInterval: 50 })
  const rpc = async (method: string, params: unknown[] = []) => {
    const response = await fetch(chain.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    })
    const body = (await response.json()) as { result?: unknown; error?: unknown }
    assert.equal(body.error, undefined, `${method} failed`)
    return body.result
  }
  /** One block at a time: Ponder checks each block's parent hash, which `hardhat_mine` with a count does not keep. */
  const mineBlocks = async (count: number) => {
    for (let i = 0; i < count; i++) await rpc('evm_mine')
  }
  const passTime = async (seconds: number) => {
    await rpc('evm_increaseTime', [seconds])
    await mineBlocks(1)
  }
  /** The status each contribution has after the reviews below. */
  const reviewed = new Map<Hex, number>()
  const trained: Hex[] = []
  /** What each account has claimed in all, after the epochs below. */
  const claimedBy = new Map<Hex, bigint>()
  let listedModelId: number
  let unlistedModelId: number

  before(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'indexer-test-'))
    deploymentFile = join(workDir, 'deployment.json')
    chain = await startLocalChain({ port: 0, deploymentFile, disputePeriod: 30 })
    deployment = { ...chain.deployment, blockNumber: BigInt(chain.deployment.blockNumber) }
    const d = { deployment }

    const open = await createDatanetAndWait(walletOf(owner), { metadataURI: 'data:,open', ...d })
    const curated = await createDatanetAndWait(walletOf(owner), { metadataURI: 'data:,curated', curated: true, ...d })
    await reader().waitForTransactionReceipt({
      hash: await writeContract(walletOf(owner), {
        address: deployment.registry,
        abi: contributionRegistryAbi,
        functionName: 'setCurator',
        args: [curated.datanetId, curator.address, true],
      }),
    })
    // Several contributors, several transactions, several registrations per transaction (one block, many log indexes).
    const batches: [Account, ReturnType<typeof registrationOf>[]][] = [
      [alice, [0, 1, 2, 3].map((i) => registrationOf(open.datanetId, `alice ${i}`))],
      [bob, [0, 1, 2].map((i) => registrationOf(open.datanetId, `bob ${i}`))],
      [alice, [4, 5, 6].map((i) => registrationOf(curated.datanetId, `alice ${i}`))],
      [carol, [0, 1].map((i) => registrationOf(curated.datanetId, `carol ${i}`))],
      [bob, [3].map((i) => registrationOf(curated.datanetId, `bob ${i}`))],
      [carol, [2, 3].map((i) => registrationOf(open.datanetId, `carol ${i}`))],
    ]
    for (const [by, registrations] of batches) {
      await registerContributionsAndWait(walletOf(by), { registrations, ...d })
    }
    for (const [text, decision] of [
      ['alice 4', 'accept'],
      ['carol 0', 'reject'],
      ['bob 3', 'accept'],
    ] as const) {
      const { contentHash } = registrationOf(curated.datanetId, text)
      await reviewContributionAndWait(walletOf(curator), { contentHash, decision, ...d })
      reviewed.set(contentHash, decision === 'accept' ? 2 : 3)
    }

    trained.push(...['alice 0', 'bob 1', 'carol 2'].map((text) => hashOf(text)))
    const listedMetadata = JSON.stringify({ name: 'listed', trainingSet: trained })
    ;({ modelId: listedModelId } = await registerModelAndWait(walletOf(owner), {
      metadataURI: `data:application/json,${encodeURIComponent(listedMetadata)}`,
      trainingSetRoot: trainingSetRootOf(trained),
      datanetIds: [open.datanetId],
      ...d,
    }))
    ;({ modelId: unlistedModelId } = await registerModelAndWait(walletOf(owner), {
      metadataURI: 'data:,unlisted',
      trainingSetRoot: trainingSetRootOf([hashOf('alice 1')]),
      datanetIds: [open.datanetId, curated.datanetId],
      ...d,
    }))

    await reader().waitForTransactionReceipt({
      hash: await writeContract(walletOf(owner), {
        address: deployment.rewardToken,
        abi: ledgerRewardTokenAbi,
        functionName: 'mint',
        args: [owner.address, 10_000n],
      }),
    })
    await reader().waitForTransactionReceipt({ hash: await fundRewards(walletOf(owner), { amount: 10_000n, ...d }) })
    const epochs: { cumulative: [Account, bigint][]; claimants: Account[] }[] = [
      {
        cumulative: [
          [alice, 300n],
          [bob, 500n],
        ],
        claimants: [alice, bob],
      },
      {
        cumulative: [
          [alice, 700n],
          [bob, 500n],
          [carol, 100n],
        ],
        claimants: [alice, carol],
      },
    ]
    for (const [n, { cumulative, claimants }] of epochs.entries()) {
      const tree = buildRewardTree(cumulative.map(([account, amount]) => ({ account: account.address, amount })))
      await proposeEpochAndWait(walletOf(attributor), {
        root: tree.root,
        cumulativeTotal: cumulative.reduce((sum, [, amount]) => sum + amount, 0n),
        manifestHash: hashOf(`manifest ${n + 1}`),
        manifestURI: `data:,manifest-${n + 1}`,
        ...d,
      })
      await passTime(31)
      for (const claimant of claimants) {
        const claimable = await getClaimable(reader(), {
          account: claimant.address,
          rewardTree: tree.dump(),
          ...d,
        })
        await claimRewardsAndWait(walletOf(bob), {
          account: claimant.address,
          cumulativeAmount: claimable.cumulativeAmount,
          proof: claimable.proof,
          ...d,
        })
        claimedBy.set(lower(claimant.address), claimable.cumulativeAmount)
      }
    }
    // A third epoch, revoked by the guardian within its dispute window.
    await proposeEpochAndWait(walletOf(attributor), {
      root: hashOf('a wrong root'),
      cumulativeTotal: 1_300n,
      manifestHash: hashOf('manifest 3'),
      manifestURI: 'data:,manifest-3',
      ...d,
    })
    await reader().waitForTransactionReceipt({
      hash: await writeContract(walletOf(guardian), {
        address: deployment.distributor,
        abi: rewardDistributorAbi,
        functionName: 'revokeEpoch',
        args: [3],
      }),
    })
  })

  after(async () => {
    await chain?.close()
    if (workDir) rmSync(workDir, { recursive: true, force: true })
  })

  const databases = [
    { name: 'PGlite', databaseUrl: undefined },
    ...(process.env.DATABASE_URL ? [{ name: 'Postgres', databaseUrl: process.env.DATABASE_URL }] : []),
  ]
  for (const { name, databaseUrl } of databases) {
    describe(`on ${name}`, () => {
      let indexer: Awaited<ReturnType<typeof startIndexer>>

      /** Every page of a list, following `nextCursor`, with the number of pages it took. */
      async function readAll<item>(path: string, limit: number) {
        const items: item[] = []
        let pages = 0
        let cursor: string | null = null
        do {
          const separator = path.includes('?') ? '&' : '?'
          const response: Response = await fetch(
            `${indexer.url}${path}${separator}limit=${limit}${cursor === null ? '' : `&cursor=${cursor}`}`,
          )
          assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`)
          const page = (await response.json()) as Page<item>
          assert.ok(page.items.length <= limit)
          items.push(...page.items)
          pages++
          cursor = page.nextCursor
        } while (cursor !== null)
        return { items, pages }
      }

      /** The registrations on the chain, in chain order, as the indexer should serve them. */
      async function registrationsOnChain() {
        const logs = await reader().getContractEvents({
          address: deployment.registry,
          abi: contributionRegistryAbi,
          eventName: 'ContributionRegistered',
          fromBlock: deployment.blockNumber,
        })
        return Promise.all(
          logs.map(async (log) => ({
            contentHash: log.args.contentHash as Hex,
            contributor: lower(log.args.contributor as Address),
            datanetId: Number(log.args.datanetId),
            metadataHash: log.args.metadataHash as Hex,
            metadataURI: log.args.metadataURI as string,
            status: reviewed.get(log.args.contentHash as Hex) ?? (log.args.status as number),
            blockNumber: String(log.blockNumber),
            logIndex: log.logIndex,
            transactionHash: log.transactionHash,
            timestamp: String((await reader().getBlock({ blockNumber: log.blockNumber })).timestamp),
            seq: String(log.blockNumber * 1_000_000n + BigInt(log.logIndex)),
          })),
        )
      }

      before(async () => {
        const started = performance.now()
        indexer = await startIndexer({
          rpcUrl: chain.rpcUrl,
          deploymentFile,
          port: 0,
          ...(databaseUrl ? { databaseUrl } : {}),
        })
        await indexer.caughtUp()
        console.log(`# ${name}: the indexer caught up in ${Math.round(performance.now() - started)} ms`)
      })

      after(async () => {
        await indexer?.close()
      })

      it('serves the gallery oldest first and newest first, every registration once, page by page', async () => {
        const expected = await registrationsOnChain()
        assert.equal(expected.length, 15)
        const oldest = await readAll<Contribution>('/contributions', 4)
        assert.equal(oldest.pages, 4)
        assert.deepEqual(
          oldest.items.map((item) => withoutReview(item)),
          expected,
        )
        const newest = await readAll<Contribution>('/contributions?order=desc', 6)
        assert.deepEqual(
          newest.items.map((item) => item.contentHash),
          expected.map((item) => item.contentHash).reverse(),
        )
        const rejected = oldest.items.find((item) => item.contentHash === hashOf('carol 0')) as Record<string, unknown>
        assert.equal(rejected.status, 3)
        assert.equal(rejected.reviewedBy, lower(curator.address))
      })

      it("serves one contributor's contributions and one datanet's, filters combined", async () => {
        const expected = await registrationsOnChain()
        for (const account of [alice, bob, carol]) {
          // Addresses are accepted checksummed and answered lowercase.
          const { items } = await readAll<Contribution>(`/contributions?contributor=${account.address}`, 2)
          assert.deepEqual(
            items.map((item) => item.seq),
            expected.filter((item) => item.contributor === lower(account.address)).map((item) => item.seq),
          )
        }
        for (const datanetId of [1, 2]) {
          const { items } = await readAll<Contribution>(`/contributions?datanet=${datanetId}&order=desc`, 3)
          assert.deepEqual(
            items.map((item) => item.seq),
            expected
              .filter((item) => item.datanetId === datanetId)
              .map((item) => item.seq)
              .reverse(),
          )
        }
        const { items } = await readAll<Contribution>(`/contributions?datanet=2&contributor=${alice.address}`, 50)
        assert.deepEqual(
          items.map((item) => item.contentHash),
          [4, 5, 6].map((i) => hashOf(`alice ${i}`)),
        )
      })

      it('refuses malformed filters and caps the page size', async () => {
        for (const query of ['contributor=0x12', 'datanet=-1', 'order=sideways', 'limit=0', 'cursor=abc']) {
          assert.equal((await fetch(`${indexer.url}/contributions?${query}`)).status, 400, query)
        }
        const page = (await (await fetch(`${indexer.url}/contributions?limit=100000`)).json()) as Page<Contribution>
        assert.equal(page.items.length, 15)
        assert.equal(page.nextCursor, null)
      })

      it('serves datanets with their counts, and models by datanet and by contribution', async () => {
        const datanets = await readAll<{ id: number; curated: boolean; contributionCount: number }>('/datanets', 1)
        assert.deepEqual(
          datanets.items.map(({ id, curated, contributionCount }) => ({ id, curated, contributionCount })),
          [
            { id: 1, curated: false, contributionCount: 9 },
            { id: 2, curated: true, contributionCount: 6 },
          ],
        )
        type Model = { id: number; trainingSet: string; trainingSetSize: number | null; datanetIds: number[] }
        const models = await readAll<Model>('/models', 1)
        assert.deepEqual(
          models.items.map(({ id, trainingSet, trainingSetSize, datanetIds }) => ({
            id,
            trainingSet,
            trainingSetSize,
            datanetIds,
          })),
          [
            { id: listedModelId, trainingSet: 'listed', trainingSetSize: 3, datanetIds: [1] },
            { id: unlistedModelId, trainingSet: 'unlisted', trainingSetSize: null, datanetIds: [1, 2] },
          ],
        )
        const onCurated = await readAll<Model>('/models?datanet=2', 1)
        assert.deepEqual(
          onCurated.items.map((model) => model.id),
          [unlistedModelId],
        )
        for (const contentHash of trained) {
          const usedBy = await readAll<Model>(`/contributions/${contentHash}/models`, 1)
          assert.deepEqual(
            usedBy.items.map((model) => model.id),
            [listedModelId],
          )
        }
        // The unlisted model trained on it, but its training set is only a root on the chain: nothing to show.
        const unknown = await readAll<Model>(`/contributions/${hashOf('alice 1')}/models`, 1)
        assert.deepEqual(unknown.items, [])
      })

      it('serves epochs with their state, claim histories and the leaderboard', async () => {
        type Epoch = { id: number; status: string; cumulativeTotal: string; claimed: string; claimCount: number }
        const epochs = await readAll<Epoch>('/epochs?order=desc', 2)
        assert.deepEqual(
          epochs.items.map(({ id, status, cumulativeTotal, claimed, claimCount }) => ({
            id,
            status,
            cumulativeTotal,
            claimed,
            claimCount,
          })),
          [
            { id: 3, status: 'revoked', cumulativeTotal: '1300', claimed: '0', claimCount: 0 },
            { id: 2, status: 'active', cumulativeTotal: '1300', claimed: '500', claimCount: 2 },
            { id: 1, status: 'active', cumulativeTotal: '800', claimed: '800', claimCount: 2 },
          ],
        )
        type Claim = { epochId: number; amount: string; cumulativeClaimed: string; caller: Hex; account: Hex }
        const history = await readAll<Claim>(`/accounts/${alice.address}/claims`, 1)
        assert.deepEqual(
          history.items.map(({ epochId, amount, cumulativeClaimed, caller, account }) => ({
            epochId,
            amount,
            cumulativeClaimed,
            caller,
            account,
          })),
          [
            {
              epochId: 1,
              amount: '300',
              cumulativeClaimed: '300',
              caller: lower(bob.address),
              account: lower(alice.address),
            },
            {
              epochId: 2,
              amount: '400',
              cumulativeClaimed: '700',
              caller: lower(bob.address),
              account: lower(alice.address),
            },
          ],
        )
        const totals = await (await fetch(`${indexer.url}/accounts/${alice.address}`)).json()
        assert.deepEqual(totals, {
          address: lower(alice.address),
          claimed: '700',
          claimCount: 2,
          contributionCount: 7,
        })
        const leaderboard = await readAll<{ address: Hex; claimed: string }>('/leaderboard', 1)
        assert.equal(leaderboard.pages, 3)
        assert.deepEqual(
          leaderboard.items.map(({ address, claimed }) => ({ address, claimed })),
          [...claimedBy]
            .sort(([a, x], [b, y]) => (x === y ? (a < b ? -1 : 1) : x > y ? -1 : 1))
            .map(([address, claimed]) => ({ address, claimed: String(claimed) })),
        )
      })

      it('serves GraphQL over the same tables', async () => {
        const response = await fetch(`${indexer.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ contributions(limit: 1000) { totalCount } }' }),
        })
        const body = (await response.json()) as { data: { contributions: { totalCount: number } } }
        assert.equal(body.data.contributions.totalCount, 15)
      })

      it('forgets registrations whose blocks a reorganisation removed', async () => {
        const before = await readAll<Contribution>('/contributions', 50)
        const carolBefore = await (await fetch(`${indexer.url}/accounts/${carol.address}`)).json()
        const snapshot = await rpc('evm_snapshot')
        const reverted = [registrationOf(1, 'carol reverted 0'), registrationOf(1, 'carol reverted 1')]
        await registerContributionsAndWait(walletOf(carol), { registrations: reverted.slice(0, 1), deployment })
        await registerContributionsAndWait(walletOf(carol), { registrations: reverted.slice(1), deployment })
        const headBefore = await reader().getBlockNumber()
        await indexer.caughtUp()
        const indexed = await readAll<Contribution>(`/contributions?contributor=${carol.address}`, 50)
        assert.deepEqual(
          indexed.items.slice(-2).map((item) => item.contentHash),
          reverted.map((r) => r.contentHash),
        )

        assert.equal(await rpc('evm_revert', [snapshot]), true)
        // Past the old head, so that catching up means Ponder has seen the new branch.
        await mineBlocks(Number(headBefore - (await reader().getBlockNumber())) + 1)
        await indexer.caughtUp()

        const after = await readAll<Contribution>('/contributions', 50)
        assert.deepEqual(after.items, before.items)
        assert.deepEqual(await (await fetch(`${indexer.url}/accounts/${carol.address}`)).json(), carolBefore)
        const datanets = await readAll<{ id: number; contributionCount: number }>('/datanets', 50)
        assert.equal(datanets.items.find((datanet) => datanet.id === 1)?.contributionCount, 9)
      })
    })
  }
})
