/**
 * The indexer at scale (issue 15). Seeds 100,000 registrations on a local chain and times a fresh `ponder start` until
 * it has caught up, on PGlite and on Postgres; then times the list reads the indexer exists for (one contributor's
 * contributions, gallery page 500, one account's epoch history) over its HTTP API at 100,000 contributions and, in
 * Postgres seeded directly with SQL, at 1,000,000, beside the RPC log scans the SDK falls back to. The indexer's answers
 * must be the chain's: a count or an answer that differs fails the bench.
 *
 * Postgres: DATABASE_URL when set; otherwise a throwaway cluster when Debian's postgresql is installed; otherwise that
 * row is skipped, saying why.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type Account,
  type Address,
  type Chain,
  type Client,
  createClient,
  type Hex,
  http,
  keccak256,
  numberToHex,
  parseEther,
  type Transport,
  toBytes,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { getBlock, getBlockNumber, getLogs, waitForTransactionReceipt, writeContract } from 'viem/actions'
import { hardhat } from 'viem/chains'
import { ContributionRegistered } from '../../src/abis/contributionRegistry.js'
import { ledgerRewardTokenAbi } from '../../src/abis/ledgerRewardToken.js'
import { createDatanetAndWait } from '../../src/actions/registry/createDatanet.js'
import { getContributionsByContributor } from '../../src/actions/registry/getContributionsByContributor.js'
import { registerContributionsAndWait } from '../../src/actions/registry/registerContributions.js'
import { claimManyRewardsAndWait } from '../../src/actions/rewards/claimManyRewards.js'
import { fundRewards } from '../../src/actions/rewards/fundRewards.js'
import { getClaims } from '../../src/actions/rewards/getClaims.js'
import { proposeEpochAndWait } from '../../src/actions/rewards/proposeEpoch.js'
import type { LedgerDeployment } from '../../src/chains.js'
import { buildRewardTree } from '../../src/rewards/buildRewardTree.js'
import { type Indexer, startIndexer } from '../lib/indexer.js'
import { type LocalChain, localAccount, startLocalChain } from '../lib/localChain.js'
import { postgresBin, startThrowawayPostgres, type ThrowawayPostgres } from '../lib/throwawayPostgres.js'

/** `registerBatch` credits its sender, so each contributor is an account of its own sending one batch. */
const CONTRIBUTORS = 1_000
const PER_CONTRIBUTOR = 100
const REGISTRATIONS = CONTRIBUTORS * PER_CONTRIBUTOR
/** Batches in flight at once: each waits for its receipt, and the chain mines one block per transaction. */
const SENDERS = 16
/** Epochs on the chain, each claimed (in one `claimMany`) by the measured account and the next contributors. */
const EPOCHS = 20
const CLAIMANTS_PER_EPOCH = 50
/** The Postgres row at scale: contributions, epochs, and the accounts besides the measured one claiming in each. */
const SCALED_CONTRIBUTIONS = 1_000_000
const SCALED_EPOCHS = 100
const SCALED_OTHER_CLAIMANTS = 5_000
/** Ponder treats the latest 30 blocks of a chain it does not know as unfinalised. */
const UNFINALISED_BLOCKS = 31
/**
 * Blocks per eth_getLogs when reading every registration: 10,000 logs, about 4 MB, where viem accepts 10 MB at most
 * (a whole 100,000-log answer is refused).
 */
const SCAN_BLOCKS = 100n
const GALLERY_PAGE = 500
const GALLERY_PAGE_SIZE = 50
/** The SDK's page size when it reads a whole list from the indexer. */
const LIST_PAGE_SIZE = 500
const RUNS = 50
const WARM_UP = 3
/** Warm-up stops early past this, so that a read taking seconds is warmed up once. */
const WARM_UP_BUDGET_MS = 2_000
/** A slow read stops after this much measuring (and at least MIN_RUNS runs): the run count is printed beside it. */
const MEASURE_BUDGET_MS = 10_000
const MIN_RUNS = 5
/** Scanning every registration log takes seconds: a few runs say enough. */
const SCAN_RUNS = 3

type Stats = { median: number; p95: number; runs: number }
type Row = Record<string, Stats | string>
type Query = 'contributionsOf' | 'galleryPage' | 'galleryFirstPage' | 'epochHistoryOf'

const phases: [string, number][] = []
async function phase<result>(name: string, run: () => Promise<result>): Promise<result> {
  const started = performance.now()
  process.stdout.write(`… ${name}\n`)
  try {
    return await run()
  } finally {
    const seconds = (performance.now() - started) / 1000
    phases.push([name, seconds])
    process.stdout.write(`  ${name}: ${seconds.toFixed(1)} s\n`)
  }
}

class BenchFailure extends Error {
  override name = 'BenchFailure'
}
function expectSame(what: string, actual: unknown, expected: unknown) {
  const a = JSON.stringify(actual)
  const b = JSON.stringify(expected)
  if (a !== b) throw new BenchFailure(`${what}: the indexer says ${a.slice(0, 300)}, the chain ${b.slice(0, 300)}`)
}

/** Median and p95 (nearest rank) of `read`, after a warm-up. */
async function measure(what: string, read: () => Promise<unknown>, runs = RUNS): Promise<Stats> {
  const warming = performance.now()
  for (let i = 0; i < WARM_UP && (i === 0 || performance.now() - warming < WARM_UP_BUDGET_MS); i++) await read()
  const times: number[] = []
  const started = performance.now()
  const minRuns = Math.min(MIN_RUNS, runs)
  while (times.length < runs && (times.length < minRuns || performance.now() - started < MEASURE_BUDGET_MS)) {
    const at = performance.now()
    await read()
    times.push(performance.now() - at)
  }
  times.sort((a, b) => a - b)
  const rank = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)] as number
  const stats = { median: rank(0.5), p95: rank(0.95), runs: times.length }
  console.log(`    ${what}: ${cell(stats)} ms`)
  return stats
}

const lower = (hex: string) => hex.toLowerCase() as Hex
const contributorAccount = (i: number) => privateKeyToAccount(keccak256(toBytes(`indexer bench contributor ${i}`)))

type Page<item> = { items: item[]; nextCursor: string | null }
type IndexedContribution = { contentHash: Hex }
type IndexedClaim = { epochId: number; amount: string; cumulativeClaimed: string; transactionHash: Hex }

async function getJson<body>(url: string): Promise<body> {
  const response = await fetch(url)
  if (!response.ok) throw new BenchFailure(`${url}: HTTP ${response.status} ${await response.text()}`)
  return (await response.json()) as body
}

/** A whole list from the indexer's API, page after page, as the SDK reads it. */
async function indexerList<item>(url: string, path: string, query: Record<string, string> = {}): Promise<item[]> {
  const items: item[] = []
  let cursor: string | null = null
  do {
    const search = new URLSearchParams({ ...query, limit: String(LIST_PAGE_SIZE) })
    if (cursor !== null) search.set('cursor', cursor)
    const page: Page<item> = await getJson(`${url}${path}?${search}`)
    items.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== null)
  return items
}

/** The three reads, as the indexer's API answers them. */
function indexerReads(url: string, account: Address) {
  const galleryPage = async (cursor?: string) => {
    const search = new URLSearchParams({ order: 'desc', limit: String(GALLERY_PAGE_SIZE) })
    if (cursor !== undefined) search.set('cursor', cursor)
    return getJson<Page<IndexedContribution>>(`${url}/contributions?${search}`)
  }
  return {
    async contributionsOf() {
      const items = await indexerList<IndexedContribution>(url, '/contributions', { contributor: lower(account) })
      return items.map((item) => item.contentHash)
    },
    /** Follows the cursors once: page N is then one keyset read, `seq < cursor` on an index, whatever N is. */
    async cursorOfGalleryPage(page: number) {
      let cursor: string | undefined
      for (let i = 1; i < page; i++) {
        const { nextCursor } = await galleryPage(cursor)
        if (nextCursor === null) throw new BenchFailure(`The gallery has fewer than ${page} pages`)
        cursor = nextCursor
      }
      return cursor
    },
    async galleryPage(cursor?: string) {
      return (await galleryPage(cursor)).items.map((item) => item.contentHash)
    },
    async epochHistoryOf() {
      const items = await indexerList<IndexedClaim>(url, `/accounts/${lower(account)}/claims`)
      return items.map(({ epochId, amount, cumulativeClaimed, transactionHash }) => ({
        epochId,
        amount,
        cumulativeClaimed,
        transactionHash,
      }))
    },
  }
}

async function contributionCount(url: string): Promise<number> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ contributions(limit: 1) { totalCount } }' }),
  })
  const body = (await response.json()) as { data?: { contributions: { totalCount: number } } }
  return body.data?.contributions.totalCount ?? -1
}

// ------------------------------------------------------------------ the chain

async function seedChain(chain: LocalChain, deployment: LedgerDeployment) {
  const transport = http(chain.rpcUrl, { retryCount: 0 })
  const walletOf = (account: Account): Client<Transport, Chain, Account> =>
    createClient({ chain: hardhat, transport, account, pollingInterval: 20 })
  const rpc = async (method: string, params: unknown[] = []) => {
    const response = await fetch(chain.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    })
    const body = (await response.json()) as { result?: unknown; error?: { message: string } }
    if (body.error) throw new Error(`${method}: ${body.error.message}`)
    return body.result
  }
  const owner = walletOf(localAccount(0))
  const { datanetId } = await createDatanetAndWait(owner, { metadataURI: 'data:,indexer-bench', deployment })

  let next = 0
  let gasPerBatch = 0n
  const send = async () => {
    for (let i = next++; i < CONTRIBUTORS; i = next++) {
      const account = contributorAccount(i)
      await rpc('hardhat_setBalance', [account.address, numberToHex(parseEther('1000'))])
      const registrations = Array.from({ length: PER_CONTRIBUTOR }, (_, j) => {
        const contentHash = keccak256(toBytes(`indexer bench ${i} ${j}`))
        return { datanetId, contentHash, metadataHash: keccak256(contentHash), metadataURI: `data:,${i}-${j}` }
      })
      const [first] = await registerContributionsAndWait(walletOf(account), { registrations, deployment })
      if (i === 0 && first) gasPerBatch = (await waitForTransactionReceipt(owner, { hash: first.hash })).gasUsed
    }
  }
  await Promise.all(Array.from({ length: SENDERS }, send))

  // Every epoch pays the first CLAIMANTS_PER_EPOCH contributors a little more, and they all claim it at once.
  const claimants = Array.from({ length: CLAIMANTS_PER_EPOCH }, (_, i) => contributorAccount(i).address)
  const amountOf = (epoch: number, i: number) => BigInt(epoch * (i + 1) * 1_000)
  const budget = claimants.reduce((sum, _, i) => sum + amountOf(EPOCHS, i), 0n)
  await waitForTransactionReceipt(owner, {
    hash: await writeContract(owner, {
      address: deployment.rewardToken,
      abi: ledgerRewardTokenAbi,
      functionName: 'mint',
      args: [owner.account.address, budget],
    }),
  })
  await waitForTransactionReceipt(owner, { hash: await fundRewards(owner, { amount: budget, deployment }) })
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const tree = buildRewardTree(claimants.map((account, i) => ({ account, amount: amountOf(epoch, i) })))
    await proposeEpochAndWait(walletOf(localAccount(1)), {
      root: tree.root,
      cumulativeTotal: claimants.reduce((sum, _, i) => sum + amountOf(epoch, i), 0n),
      manifestHash: keccak256(toBytes(`manifest ${epoch}`)),
      manifestURI: `data:,manifest-${epoch}`,
      deployment,
    })
    await claimManyRewardsAndWait(owner, {
      claims: claimants.map((account, i) => ({
        account,
        cumulativeAmount: amountOf(epoch, i),
        proof: tree.getProof(account),
      })),
      deployment,
    })
  }
  // One block at a time: Ponder checks each block's parent hash, which `hardhat_mine` with a count does not keep.
  for (let i = 0; i < UNFINALISED_BLOCKS; i++) await rpc('evm_mine')
  const { gasLimit } = await getBlock(owner)
  return { datanetId, gasPerBatch, gasLimit }
}

/** The same three answers from the chain alone: what the SDK reads without `indexerUrl`. */
function rpcReads(client: Client, deployment: LedgerDeployment, account: Address) {
  return {
    async contributionsOf() {
      const found = await getContributionsByContributor(client, { contributor: account, deployment })
      return found.map((contribution) => contribution.contentHash)
    },
    /**
     * Every registration's log, in ranges whose answers stay under what a node sends at most, and one page cut out of
     * them, newest first: logs have no keyset to start from.
     */
    async galleryPage(page: number) {
      const head = await getBlockNumber(client)
      const hashes: Hex[] = []
      for (let from = deployment.blockNumber; from <= head; from += SCAN_BLOCKS) {
        const to = from + SCAN_BLOCKS - 1n < head ? from + SCAN_BLOCKS - 1n : head
        const event = ContributionRegistered
        const logs = await getLogs(client, { address: deployment.registry, event, fromBlock: from, toBlock: to })
        for (const log of logs) hashes.push(log.args.contentHash as Hex)
      }
      const end = hashes.length - (page - 1) * GALLERY_PAGE_SIZE
      return hashes.slice(Math.max(0, end - GALLERY_PAGE_SIZE), Math.max(0, end)).reverse()
    },
    async epochHistoryOf() {
      const claims = await getClaims(client, { account, deployment })
      return claims.map(({ epochId, amount, cumulativeClaimed, transactionHash }) => ({
        epochId,
        amount: String(amount),
        cumulativeClaimed: String(cumulativeClaimed),
        transactionHash,
      }))
    },
  }
}

// ------------------------------------------------------------------ Postgres

/** psql, from the Postgres installed here or the PATH. */
function psqlPath(): string | undefined {
  const bin = postgresBin()
  if (bin && existsSync(join(bin, 'psql'))) return join(bin, 'psql')
  return spawnSync('psql', ['--version']).status === 0 ? 'psql' : undefined
}

/** Never `spawnSync`: the chain serves Ponder from this process's event loop, which must keep turning meanwhile. */
async function psql(psqlBin: string, url: string, sql: string): Promise<string> {
  const child = spawn(psqlBin, ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const status = new Promise<number | null>((done, fail) => {
    child.once('error', fail)
    child.once('close', done)
  })
  child.stdin.end(sql)
  if ((await status) !== 0) throw new Error(`psql failed: ${stderr}`)
  return stdout.trim()
}

/** The schema `startIndexer` gave this process's run (it names them `ledger_<pid>_…`). */
async function indexerSchema(psqlBin: string, url: string): Promise<string> {
  const schemas = (
    await psql(
      psqlBin,
      url,
      `SELECT table_schema FROM information_schema.tables
     WHERE table_name = 'contribution' AND starts_with(table_schema, 'ledger_${process.pid}_')`,
    )
  )
    .split('\n')
    .filter(Boolean)
  if (schemas.length !== 1) throw new BenchFailure(`Expected one indexer schema of this run, found ${schemas.length}`)
  return schemas[0] as string
}

/**
 * Adds rows straight into the running indexer's tables until there are SCALED_CONTRIBUTIONS contributions: new
 * contributors with PER_CONTRIBUTOR each (so one contributor's answer is as long as at 100,000), in blocks after the
 * chain's head (so they are the gallery's newest), and epochs up to SCALED_EPOCHS, each claimed by the measured account
 * and SCALED_OTHER_CLAIMANTS others. Ponder's triggers (its reorganisation log, its live queries) are off meanwhile:
 * these rows belong to no block it could revert.
 */
async function seedPostgres(psqlBin: string, url: string, schema: string, account: Address, head: bigint) {
  const added = SCALED_CONTRIBUTIONS - REGISTRATIONS
  const contributors = added / PER_CONTRIBUTOR
  const firstBlock = head + 1n
  const claimBlock = firstBlock + BigInt(added / PER_CONTRIBUTOR)
  const now = Math.floor(Date.now() / 1000)
  const [claimed, claimCount] = (
    await psql(
      psqlBin,
      url,
      `SELECT coalesce(max(cumulative_claimed), 0), count(*) FROM "${schema}".claim WHERE account = '${lower(account)}'`,
    )
  ).split('|')
  const table = (name: string) => `"${schema}"."${name}"`
  const hex = (bytes: 20 | 32, seed: string) =>
    bytes === 32
      ? `'0x' || md5('a' || ${seed}) || md5('b' || ${seed})`
      : `'0x' || substr(md5('a' || ${seed}) || md5('b' || ${seed}), 1, 40)`
  const measuredAmount = 1_000
  await psql(
    psqlBin,
    url,
    `BEGIN;
ALTER TABLE ${table('contribution')} DISABLE TRIGGER USER;
ALTER TABLE ${table('epoch')} DISABLE TRIGGER USER;
ALTER TABLE ${table('claim')} DISABLE TRIGGER USER;
INSERT INTO ${table('contribution')}
  (content_hash, contributor, datanet_id, metadata_hash, metadata_uri, status, block_number, log_index,
   transaction_hash, timestamp, seq)
SELECT ${hex(32, "'content' || g")}, ${hex(20, `'contributor' || (g % ${contributors})`)}, 1,
  ${hex(32, "'metadata' || g")}, 'data:,seeded-' || g, 2, ${firstBlock}::int8 + g / 100, g % 100,
  ${hex(32, "'tx' || g / 100")}, ${now} + g / 100, (${firstBlock}::int8 + g / 100) * 1000000 + g % 100
FROM generate_series(0, ${added - 1}) AS g;
INSERT INTO ${table('epoch')}
  (id, root, cumulative_total, manifest_hash, manifest_uri, active_at, status, claimed, claim_count, block_number, seq)
SELECT e, ${hex(32, "'root' || e")}, e * 1000000, ${hex(32, "'manifest' || e")}, 'data:,manifest-' || e, ${now},
  'active', ${SCALED_OTHER_CLAIMANTS + 1} * 1000, ${SCALED_OTHER_CLAIMANTS + 1}, ${claimBlock}::int8 + e, (${claimBlock}::int8 + e) * 1000000
FROM generate_series(${EPOCHS + 1}, ${SCALED_EPOCHS}) AS e;
INSERT INTO ${table('claim')}
  (seq, account, epoch_id, caller, amount, cumulative_claimed, block_number, log_index, transaction_hash, timestamp)
SELECT (${claimBlock}::int8 + e) * 1000000 + a,
  CASE WHEN a = 0 THEN '${lower(account)}' ELSE ${hex(20, "'claimant' || a")} END, e,
  ${hex(20, "'caller' || e")}, ${measuredAmount},
  CASE WHEN a = 0 THEN ${claimed} + (e - ${EPOCHS}) * ${measuredAmount} ELSE (e - ${EPOCHS}) * ${measuredAmount} END,
  ${claimBlock}::int8 + e, a, ${hex(32, "'claim' || e")}, ${now} + e
FROM generate_series(${EPOCHS + 1}, ${SCALED_EPOCHS}) AS e, generate_series(0, ${SCALED_OTHER_CLAIMANTS}) AS a;
ALTER TABLE ${table('contribution')} ENABLE TRIGGER USER;
ALTER TABLE ${table('epoch')} ENABLE TRIGGER USER;
ALTER TABLE ${table('claim')} ENABLE TRIGGER USER;
COMMIT;
ANALYZE ${table('contribution')};
ANALYZE ${table('epoch')};
ANALYZE ${table('claim')};`,
  )
  return {
    contributors: CONTRIBUTORS + contributors,
    claims: Number(claimCount) + (SCALED_EPOCHS - EPOCHS) * (SCALED_OTHER_CLAIMANTS + 1),
    measuredClaims: Number(claimCount) + SCALED_EPOCHS - EPOCHS,
  }
}

// ------------------------------------------------------------------ the bench

const fmt = (n: number) => n.toLocaleString('en-US')
const cell = (value: Stats | string | undefined) =>
  value === undefined
    ? '–'
    : typeof value === 'string'
      ? value
      : `${value.median.toFixed(1)} / ${value.p95.toFixed(1)}${value.runs < RUNS ? ` (${value.runs} runs)` : ''}`

const workDir = mkdtempSync(join(tmpdir(), 'ledger-bench-indexer-'))
const deploymentFile = join(workDir, 'deployment.json')
let chain: LocalChain | undefined
let indexer: Indexer | undefined
let postgres: ThrowawayPostgres | undefined
let dropSchema: (() => Promise<string>) | undefined
const totalStarted = performance.now()
try {
  chain = await startLocalChain({ port: 0, deploymentFile, disputePeriod: 0 })
  const rpcUrl = chain.rpcUrl
  const deployment: LedgerDeployment = { ...chain.deployment, blockNumber: BigInt(chain.deployment.blockNumber) }
  const measured = contributorAccount(0).address

  const seeded = await phase(
    `seed the chain: ${fmt(REGISTRATIONS)} registrations, ${EPOCHS} epochs with claims`,
    async () => seedChain(chain as LocalChain, deployment),
  )
  // Reads retry (viem's default): a keep-alive socket the chain's server has just closed is no reason to fail.
  const reader = createClient({ chain: hardhat, transport: http(rpcUrl), pollingInterval: 20 })
  const head = (await getBlock(reader)).number
  let events = 0
  for (let from = deployment.blockNumber; from <= head; from += SCAN_BLOCKS) {
    const to = from + SCAN_BLOCKS - 1n < head ? from + SCAN_BLOCKS - 1n : head
    const address = [deployment.registry, deployment.distributor]
    events += (await getLogs(reader, { address, fromBlock: from, toBlock: to })).length
  }

  // The chain's answers: what every indexer must serve, and how long the chain alone takes.
  const rpc = rpcReads(reader, deployment, measured)
  const expected = {
    contributionsOf: await rpc.contributionsOf(),
    galleryPage: await rpc.galleryPage(GALLERY_PAGE),
    epochHistoryOf: await rpc.epochHistoryOf(),
  }
  if (expected.contributionsOf.length !== PER_CONTRIBUTOR || expected.epochHistoryOf.length !== EPOCHS) {
    throw new BenchFailure('The chain does not hold what was seeded')
  }
  const latency: Record<Query, Row> = {
    contributionsOf: {},
    galleryPage: {},
    galleryFirstPage: {},
    epochHistoryOf: {},
  }
  await phase('time the RPC log scans at 100,000', async () => {
    latency.contributionsOf.rpc = await measure('contributions of one contributor', () => rpc.contributionsOf())
    latency.galleryPage.rpc = await measure('gallery page', () => rpc.galleryPage(GALLERY_PAGE), SCAN_RUNS)
    latency.galleryFirstPage.rpc = 'the same scan'
    latency.epochHistoryOf.rpc = await measure('epoch history', () => rpc.epochHistoryOf())
  })

  const throughput: { database: string; seconds?: number; skipped?: string }[] = []
  const sdk: Record<string, Stats> = {}

  /** Indexes the chain from scratch, checks the count, times the reads at 100,000 and checks them against the chain. */
  async function indexAndRead(database: 'PGlite' | 'Postgres', databaseUrl?: string) {
    const key = database === 'PGlite' ? 'pglite' : 'postgres'
    const seconds = await phase(`index on ${database} (spawn → caught up)`, async () => {
      const started = performance.now()
      indexer = await startIndexer({
        rpcUrl,
        deploymentFile,
        port: 0,
        ...(databaseUrl ? { databaseUrl } : {}),
      })
      await indexer.caughtUp(600_000)
      return (performance.now() - started) / 1000
    })
    const running = indexer as Indexer
    const { url } = running
    const count = await contributionCount(url)
    if (count !== REGISTRATIONS) throw new BenchFailure(`${database}: the indexer counts ${count} contributions`)
    throughput.push({ database, seconds })

    await phase(`time the indexer's reads on ${database} at 100,000`, async () => {
      const reads = indexerReads(url, measured)
      const cursor = await reads.cursorOfGalleryPage(GALLERY_PAGE)
      expectSame(
        `${database}: contributions of one contributor`,
        await reads.contributionsOf(),
        expected.contributionsOf,
      )
      expectSame(`${database}: gallery page ${GALLERY_PAGE}`, await reads.galleryPage(cursor), expected.galleryPage)
      expectSame(`${database}: epoch history`, await reads.epochHistoryOf(), expected.epochHistoryOf)
      latency.contributionsOf[key] = await measure('contributions of one contributor', () => reads.contributionsOf())
      latency.galleryPage[key] = await measure(`gallery page ${GALLERY_PAGE}`, () => reads.galleryPage(cursor))
      latency.galleryFirstPage[key] = await measure('gallery page 1', () => reads.galleryPage())
      latency.epochHistoryOf[key] = await measure('epoch history', () => reads.epochHistoryOf())
      if (database === 'Postgres') {
        // An indexer read the SDK refused would fall back to the logs, and time the chain instead.
        let logScans = 0
        const counting = createClient({
          chain: hardhat,
          transport: http(rpcUrl, {
            onFetchRequest: (_, init) => {
              if (String(init.body).includes('eth_getLogs')) logScans++
            },
          }),
        })
        await getContributionsByContributor(counting, { contributor: measured, deployment, indexerUrl: url })
        await getClaims(counting, { account: measured, deployment, indexerUrl: url })
        if (logScans > 0) throw new BenchFailure('The SDK fell back to the chain with indexerUrl set')
        sdk.contributionsOf = await measure('SDK getContributionsByContributor, indexerUrl', () =>
          getContributionsByContributor(reader, { contributor: measured, deployment, indexerUrl: url }),
        )
        sdk.epochHistoryOf = await measure('SDK getClaims, indexerUrl', () =>
          getClaims(reader, { account: measured, deployment, indexerUrl: url }),
        )
      }
    })
    return running
  }

  await (await indexAndRead('PGlite')).close()
  indexer = undefined

  let postgresUrl = process.env.DATABASE_URL
  let postgresSkipped: string | undefined
  if (!postgresUrl) {
    if (postgresBin()) {
      postgres = await phase('start a throwaway Postgres cluster', () => startThrowawayPostgres())
      postgresUrl = postgres.url
    } else {
      postgresSkipped = 'no DATABASE_URL, and no Postgres under /usr/lib/postgresql to start one'
    }
  }
  let scaled: Awaited<ReturnType<typeof seedPostgres>> | undefined
  let scaledSkipped: string | undefined
  if (postgresUrl) {
    const running = await indexAndRead('Postgres', postgresUrl)
    const { url } = running
    const psqlBin = psqlPath()
    if (!psqlBin) {
      scaledSkipped = 'psql is not installed, so the 1,000,000 rows cannot be seeded'
    } else {
      const schema = await indexerSchema(psqlBin, postgresUrl)
      dropSchema = () => psql(psqlBin, postgresUrl as string, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      scaled = await phase(`seed Postgres to ${fmt(SCALED_CONTRIBUTIONS)} contributions with SQL`, async () =>
        seedPostgres(psqlBin, postgresUrl as string, schema, measured, head),
      )
      // Still running and serving (it says why if not): the rows went in under its feet.
      await running.caughtUp()
      const count = await contributionCount(url)
      if (count !== SCALED_CONTRIBUTIONS) throw new BenchFailure(`Postgres: ${count} contributions after seeding`)
      await phase(`time the indexer's reads on Postgres at ${fmt(SCALED_CONTRIBUTIONS)}`, async () => {
        const reads = indexerReads(url, measured)
        const cursor = await reads.cursorOfGalleryPage(GALLERY_PAGE)
        const mine = await reads.contributionsOf()
        const history = await reads.epochHistoryOf()
        const page = await reads.galleryPage(cursor)
        if (mine.length !== PER_CONTRIBUTOR || history.length !== scaled?.measuredClaims || page.length !== 50) {
          throw new BenchFailure('Postgres at scale: the answers are not the seeded ones')
        }
        latency.contributionsOf.scaled = await measure('contributions of one contributor', () =>
          reads.contributionsOf(),
        )
        latency.galleryPage.scaled = await measure(`gallery page ${GALLERY_PAGE}`, () => reads.galleryPage(cursor))
        latency.galleryFirstPage.scaled = await measure('gallery page 1', () => reads.galleryPage())
        latency.epochHistoryOf.scaled = await measure('epoch history', () => reads.epochHistoryOf())
      })
    }
  } else {
    throughput.push({ database: 'Postgres', skipped: postgresSkipped as string })
    scaledSkipped = postgresSkipped
  }

  // ---------------------------------------------------------------- report
  const blockGas = Number(seeded.gasLimit)
  const perRegistration = Number(seeded.gasPerBatch) / PER_CONTRIBUTOR
  console.log(
    `\nIndexer (Ponder 0.16.10), ${fmt(REGISTRATIONS)} registrations: ${fmt(CONTRIBUTORS)} contributors × ` +
      `${PER_CONTRIBUTOR}, one registerBatch each (registerBatch credits its sender)`,
  )
  console.log(
    `  a batch of ${PER_CONTRIBUTOR} used ${fmt(Number(seeded.gasPerBatch))} gas; the block gas limit ` +
      `(${fmt(blockGas)}) fits ${fmt(Math.floor(blockGas / perRegistration))} per batch`,
  )
  console.log(
    `  ${fmt(events)} events in all (registrations, ${EPOCHS} epochs, ${fmt(EPOCHS * CLAIMANTS_PER_EPOCH)} claims, ` +
      `setup) over ${fmt(Number(head - deployment.blockNumber))} blocks\n`,
  )
  console.log('Indexing from scratch: `ponder start` spawned → caught up with the head (includes its start-up)')
  console.log(`  ${'database'.padEnd(10)} ${'time'.padStart(9)} ${'events/s'.padStart(10)}`)
  for (const { database, seconds, skipped } of throughput) {
    console.log(
      seconds === undefined
        ? `  ${database.padEnd(10)} skipped: ${skipped}`
        : `  ${database.padEnd(10)} ${`${seconds.toFixed(1)} s`.padStart(9)} ${fmt(Math.round(events / seconds)).padStart(10)}`,
    )
  }

  const scaledHeader = `Postgres ${fmt(SCALED_CONTRIBUTIONS / 1_000_000)}M`
  const columns: [string, string][] = [
    ['rpc', 'RPC log scan 100k'],
    ['pglite', 'PGlite 100k'],
    ['postgres', 'Postgres 100k'],
    ['scaled', scaledHeader],
  ]
  const queries: [Query, string][] = [
    ['contributionsOf', `contributions of one contributor (${PER_CONTRIBUTOR})`],
    ['galleryPage', `gallery page ${GALLERY_PAGE} (${GALLERY_PAGE_SIZE}, newest first)`],
    ['galleryFirstPage', 'gallery page 1, for comparison'],
    ['epochHistoryOf', 'epoch history of one account'],
  ]
  console.log(`\nQuery latency, ms: median / p95 over ${RUNS} runs after ${WARM_UP} warm-up runs, over HTTP`)
  const width = 44
  const columnWidth = 28
  console.log(`  ${'query'.padEnd(width)}${columns.map(([, title]) => title.padEnd(columnWidth)).join('')}`)
  for (const [key, title] of queries) {
    const row = latency[key]
    console.log(`  ${title.padEnd(width)}${columns.map(([column]) => cell(row[column]).padEnd(columnWidth)).join('')}`)
  }
  console.log(
    `  The indexer reads its API as the SDK does (pages of ${LIST_PAGE_SIZE}); the RPC scans are the SDK without ` +
      'indexerUrl (getContributionsByContributor, getClaims: eth_getLogs, then the records), and for the gallery ' +
      'every ContributionRegistered log, cut to the page.',
  )
  console.log(
    `  Gallery page ${GALLERY_PAGE} is fetched with the cursor page ${GALLERY_PAGE - 1} returned: a keyset read ` +
      '(seq < cursor, on an index) costs what page 1 costs, however deep the page.',
  )
  if (scaled) {
    console.log(
      `  ${scaledHeader}: the Postgres run plus rows inserted with SQL (generate_series), then ANALYZE: ` +
        `${fmt(scaled.contributors)} contributors × ${PER_CONTRIBUTOR}, ${SCALED_EPOCHS} epochs, ${fmt(scaled.claims)} ` +
        `claims (the account's history: ${scaled.measuredClaims} claims; at 100k: ${EPOCHS}).`,
    )
  } else {
    console.log(`  ${scaledHeader} skipped: ${scaledSkipped}`)
  }
  if (sdk.contributionsOf && sdk.epochHistoryOf) {
    console.log(
      `\nThe SDK end to end at 100,000, Postgres (ms, median / p95): with indexerUrl it still reads the chain`,
    )
    console.log('  (each record; the claimed total) to check the indexer')
    console.log(
      `  getContributionsByContributor  with ${cell(sdk.contributionsOf)}   without ${cell(latency.contributionsOf.rpc)}`,
    )
    console.log(
      `  getClaims                      with ${cell(sdk.epochHistoryOf)}   without ${cell(latency.epochHistoryOf.rpc)}`,
    )
  }
} finally {
  await indexer?.close()
  try {
    await dropSchema?.()
  } catch (error) {
    console.error(`Could not drop the indexer's schema: ${(error as Error).message}`)
  }
  postgres?.close()
  await chain?.close()
  rmSync(workDir, { recursive: true, force: true })
  console.log('\nPhases:')
  for (const [name, seconds] of phases) console.log(`  ${name.padEnd(64)} ${seconds.toFixed(1).padStart(7)} s`)
  console.log(`  ${'total'.padEnd(64)} ${((performance.now() - totalStarted) / 1000).toFixed(1).padStart(7)} s`)
}
