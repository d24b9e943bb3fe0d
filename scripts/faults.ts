/**
 * `npm run test:faults`: fault injection against the real <ledger-contribute> (gas-free relay mode) in Chromium and
 * the real local chain. The page's JSON-RPC goes through a fault proxy; the relay's endpoint is failed or cut off
 * with Playwright routes; pages are killed and reopened mid-flow. Each case checks the end state on-chain and in the
 * widget's IndexedDB queue, and the run prints a table: items lost and duplicates sent must both be 0.
 */
import { rmSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { type Hex, sha256, toBytes } from 'viem'
import { getTransactionCount } from 'viem/actions'
import { getContributionByHash } from '../src/actions/registry/getContributionByHash.js'
import { installPageWallet } from '../test/support/pageWallet.js'
import { buildCdn, chromiumPath, launchChromium, serve } from './lib/cdnHarness.js'
import { startDemo } from './lib/demo/startDemo.js'
import { type Fault, type FaultProxy, startFaultProxy } from './lib/faultProxy.js'
import { localAccount } from './lib/localChain.js'

const CONTRIBUTOR = 4
const RELAYER = 6 // the demo relay's account (ROLES.relayer)
const QUEUE = 'faults'
const TIMEOUT = 60_000

type Demo = Awaited<ReturnType<typeof startDemo>>
type Entry = { key: string; status: string; transactionHash?: Hex; attempts: number; contentHash: Hex }

type Env = {
  demo: Demo
  proxy: FaultProxy
  browser: Browser
  origin: string
  /** POSTs that reached the relay, by content hash. */
  relayPosts: Map<string, number>
}

type Outcome = { observed: string; lost: number; duplicates: number; ok: boolean; notes: string[] }

type Case = {
  name: string
  fault: string
  expected: string
  run(env: Env, context: BrowserContext, text: string): Promise<{ page: Page; notes: string[]; ok: boolean }>
}

const readBody = async (request: IncomingMessage) => {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString()
}

/** Waits until `check` holds (polling), or fails after `timeout`. */
async function until(what: string, check: () => Promise<boolean>, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Rules whose hits are counted, so a case can check every injected fault was actually served. */
function counted(rules: { fault: Fault; times?: number; method?: string }[]) {
  let hits = 0
  const planned = rules.reduce((sum, rule) => sum + (rule.times ?? 1), 0)
  return {
    rules: rules.map((rule) => ({
      ...rule,
      match: () => {
        hits++
        return true
      },
    })),
    hits: () => hits,
    planned,
  }
}

const READ_QUEUE = `new Promise((resolve, reject) => {
  const open = indexedDB.open('attribution-ledger-queue-${QUEUE}')
  open.onerror = () => reject(open.error)
  open.onsuccess = () => {
    const db = open.result
    if (!db.objectStoreNames.contains('contributions')) { db.close(); return resolve([]) }
    const request = db.transaction('contributions', 'readonly').objectStore('contributions').getAll()
    request.onerror = () => reject(request.error)
    request.onsuccess = () => {
      db.close()
      resolve(request.result.map((e) => ({ key: e.key, status: e.status, transactionHash: e.transactionHash,
        attempts: e.attempts, contentHash: e.signed.registration.contentHash })))
    }
  }
})`

const readQueue = (page: Page) => page.evaluate(READ_QUEUE) as Promise<Entry[]>

async function openWidget(env: Env, context: BrowserContext) {
  const page = await context.newPage()
  await installPageWallet(page, { signer: localAccount(CONTRIBUTOR), rpcUrl: env.demo.rpcUrl })
  await page.goto(`${env.origin}/index.html`)
  return page
}

/** Fills in a text contribution and signs it; the relay POST follows. */
async function contribute(page: Page, text: string) {
  const widget = page.locator('ledger-contribute')
  await widget.getByText('Text', { exact: true }).click()
  await widget.locator('#text').fill(text)
  await widget.getByRole('button', { name: 'Use this text' }).click()
  await widget.locator('#name').fill('Fault injection')
  await widget.getByRole('button', { name: 'Test Wallet' }).click()
  await widget.getByRole('button', { name: 'Sign (no fee)' }).click()
}

const registered = (page: Page) =>
  page.locator('ledger-contribute').getByRole('status').getByText('Registered.').waitFor({ timeout: TIMEOUT })

/** An RPC fault case: the whole flow through the fault proxy, registered once. */
function rpcCase(name: string, fault: string, rules: { fault: Fault; times?: number; method?: string }[]): Case {
  return {
    name,
    fault,
    expected: 'registered once',
    async run(env, context, text) {
      const plan = counted(rules)
      env.proxy.reset()
      env.proxy.inject(plan.rules)
      const page = await openWidget(env, context)
      await contribute(page, text)
      await registered(page)
      const hit = plan.hits()
      return { page, ok: hit === plan.planned, notes: [`faults served ${hit}/${plan.planned}`] }
    },
  }
}

const cases: Case[] = [
  rpcCase('rpc-429', 'RPC 429 Retry-After: 1 ×3 (eth_call) + ×2 (receipt)', [
    { method: 'eth_call', times: 3, fault: { kind: 'status', status: 429, retryAfter: 1 } },
    { method: 'eth_getTransactionReceipt', times: 2, fault: { kind: 'status', status: 429, retryAfter: 1 } },
  ]),
  rpcCase('rpc-5xx', 'RPC 500, 502, 503 bursts (eth_call, receipt)', [
    { method: 'eth_call', fault: { kind: 'status', status: 500 } },
    { method: 'eth_call', fault: { kind: 'status', status: 502 } },
    { method: 'eth_call', fault: { kind: 'status', status: 503 } },
    { method: 'eth_getTransactionReceipt', times: 2, fault: { kind: 'status', status: 503 } },
  ]),
  rpcCase('rpc-drop-truncate', 'RPC drops (before/after node) + truncated JSON', [
    { method: 'eth_call', fault: { kind: 'drop' } },
    { method: 'eth_call', fault: { kind: 'truncate' } },
    { method: 'eth_call', fault: { kind: 'drop', after: true } },
    { method: 'eth_getTransactionReceipt', fault: { kind: 'truncate' } },
    { method: 'eth_getTransactionReceipt', fault: { kind: 'drop', after: true } },
  ]),
  {
    name: 'relay-offline',
    fault: 'relay connection reset until "Saved", then online event',
    expected: '"Saved on this device", then registered once',
    async run(env, context, text) {
      env.proxy.reset()
      let blocked = true
      let aborted = 0
      const page = await openWidget(env, context)
      await page.route(`${env.origin}/relay`, async (route) => {
        if (!blocked) return route.continue()
        aborted++
        return route.abort('connectionreset')
      })
      await contribute(page, text)
      await page
        .locator('ledger-contribute')
        .getByRole('status')
        .getByText(/Saved on this device/)
        .waitFor({ timeout: TIMEOUT })
      const saved = await readQueue(page)
      const savedOk = saved.some((entry) => entry.status === 'waiting')
      blocked = false
      await page.evaluate("window.dispatchEvent(new Event('online'))")
      await registered(page)
      return {
        page,
        ok: aborted >= 1 && savedOk,
        notes: [`relay resets ${aborted}`, `queued while offline: ${savedOk ? 'yes' : 'NO'}`],
      }
    },
  },
  {
    name: 'kill-after-sign',
    fault: 'page closed when the relay POST starts (never sent)',
    expected: 'resent on reload, registered once',
    async run(env, context, text) {
      env.proxy.reset()
      const first = await openWidget(env, context)
      let killed!: () => void
      const dead = new Promise<void>((resolve) => {
        killed = resolve
      })
      await first.route(`${env.origin}/relay`, async (route) => {
        // The POST never leaves the browser, and the page dies right away.
        await route.abort('connectionreset').catch(() => undefined)
        await first.close().catch(() => undefined)
        killed()
      })
      await contribute(first, text).catch(() => undefined)
      await dead
      const posts = () => env.relayPosts.get(sha256(toBytes(text))) ?? 0
      const postsBefore = posts()
      const page = await openWidget(env, context)
      await registered(page)
      return {
        page,
        ok: postsBefore === 0 && posts() >= 1,
        notes: [`relay POSTs before reload ${postsBefore}, after ${posts()}`],
      }
    },
  },
  {
    name: 'kill-before-answer',
    fault: 'relay sends the tx, page closed before it reads the answer',
    expected: 'reconciled on reload, nothing sent again',
    async run(env, context, text) {
      env.proxy.reset()
      const first = await openWidget(env, context)
      let killed!: () => void
      const dead = new Promise<void>((resolve) => {
        killed = resolve
      })
      await first.route(`${env.origin}/relay`, async (route) => {
        // The relay does its work; the answer is then lost (the connection resets) and the page dies at once.
        await route.fetch().catch(() => undefined)
        await route.abort('connectionreset').catch(() => undefined)
        await first.close().catch(() => undefined)
        killed()
      })
      await contribute(first, text).catch(() => undefined)
      await dead
      const posts = () => env.relayPosts.get(sha256(toBytes(text))) ?? 0
      const postsBefore = posts()
      if (process.env.FAULT_DEBUG) console.error('reopening')
      const page = await openWidget(env, context)
      await registered(page)
      return {
        page,
        // A second POST would be answered idempotently (the relayer's nonce shows whether a second tx went out).
        ok: postsBefore >= 1,
        notes: [`relay POSTs before reload ${postsBefore}, after ${posts()}`],
      }
    },
  },
]

async function runCase(env: Env, kase: Case): Promise<Outcome> {
  const text = `Fault case ${kase.name} ${Date.now()} ${Math.random()}`
  const contentHash = sha256(toBytes(text))
  const relayer = localAccount(RELAYER).address
  const nonce = () => getTransactionCount(env.demo.ledger.reader, { address: relayer, blockTag: 'pending' })
  const nonceBefore = await nonce()
  const context = await env.browser.newContext()
  context.setDefaultTimeout(TIMEOUT)
  const notes: string[] = []
  let flowOk = false
  let page: Page | undefined
  try {
    const result = await kase.run(env, context, text)
    page = result.page
    flowOk = result.ok
    notes.push(...result.notes)
  } catch (error) {
    notes.push(`error: ${(error as Error).message.split('\n')[0]}`)
  }
  env.proxy.reset()

  const onChain = () =>
    getContributionByHash(env.demo.ledger.reader, { contentHash, deployment: env.demo.ledger.deployment })
  let entries: Entry[] = []
  try {
    page ??= await openWidget(env, context)
    const livePage = page
    // The queue records "confirmed" right after the chain has it; wait for that rather than for a fixed time.
    await until('the queue entry to settle', async () => {
      entries = await readQueue(livePage)
      const entry = entries.find((candidate) => candidate.contentHash === contentHash)
      return !entry || entry.status === 'confirmed' || entry.status === 'failed'
    }).catch((error: Error) => notes.push(error.message))
  } catch (error) {
    notes.push(`queue unreadable: ${(error as Error).message.split('\n')[0]}`)
  }
  const registration = await onChain()
  const mine = registration?.contributor === localAccount(CONTRIBUTOR).address
  const entry = entries.find((candidate) => candidate.contentHash === contentHash)
  const waiting = entry?.status === 'waiting' || entry?.status === 'sent'
  // Every case signs exactly one contribution: lost if it is neither on-chain nor still waiting on the device.
  const lost = mine || waiting ? 0 : 1
  const transactions = (await nonce()) - nonceBefore
  const duplicates = Math.max(0, transactions - (registration ? 1 : 0))
  await context.close().catch(() => undefined)

  const observed = [
    mine ? 'registered once' : registration ? 'registered by someone else' : 'not on-chain',
    `queue: ${entry?.status ?? 'no entry'}`,
    `relayer txs ${transactions}`,
    ...notes,
  ].join('; ')
  const ok = flowOk && mine && entry?.status === 'confirmed' && lost === 0 && duplicates === 0 && transactions === 1
  return { observed, lost, duplicates, ok, notes }
}

function printTable(rows: string[][]) {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? []
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`
  console.log(line(rows[0] ?? []))
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`)
  for (const row of rows.slice(1)) console.log(line(row))
}

async function main() {
  const executablePath = chromiumPath()
  if (!executablePath) throw new Error('No Chromium found (set CHROME_PATH).')
  const started = Date.now()
  const demo = await startDemo({
    port: 0,
    chainPort: 0,
    indexerPort: 0,
    deploymentFile: join(tmpdir(), 'ledger-faults.json'),
  })
  const cleanups: (() => Promise<unknown> | unknown)[] = [() => demo.close()]
  try {
    const proxy = await startFaultProxy(demo.rpcUrl)
    cleanups.unshift(() => proxy.close())
    const cdn = buildCdn()
    cleanups.unshift(() => rmSync(cdn.dir, { recursive: true, force: true }))
    const relayPosts = new Map<string, number>()
    let origin = ''

    const page = (request: IncomingMessage, response: ServerResponse) => {
      if (request.url !== '/index.html') return false
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fault injection</title>
<script type="module" src="/attribution-ledger.js"></script></head><body>
<ledger-contribute datanet-id="1" rpc-url="${origin}/rpc" chain-id="31337" relay-url="${origin}/relay"
  queue-name="${QUEUE}"></ledger-contribute></body></html>`)
      return true
    }
    // The page's RPC, same-origin, through the fault proxy: statuses, headers and cut-off bodies pass as they are,
    // a connection the proxy drops is dropped here too.
    const rpc = async (request: IncomingMessage, response: ServerResponse) => {
      if (request.url !== '/rpc') return false
      if (request.method !== 'POST') {
        response.writeHead(405).end()
        return true
      }
      const body = await readBody(request)
      try {
        const answer = await fetch(proxy.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        const text = await answer.text()
        const retryAfter = answer.headers.get('retry-after')
        response
          .writeHead(answer.status, {
            'content-type': answer.headers.get('content-type') ?? 'application/json',
            ...(retryAfter ? { 'retry-after': retryAfter } : {}),
          })
          .end(text)
      } catch {
        request.socket.destroy()
      }
      return true
    }
    // The demo's real relay, same-origin, counting the POSTs that reach it per content hash.
    const relay = async (request: IncomingMessage, response: ServerResponse) => {
      if (request.url !== '/relay') return false
      const body = request.method === 'POST' ? await readBody(request) : undefined
      if (body) {
        try {
          const hash = (JSON.parse(body) as { registration?: { contentHash?: string } }).registration?.contentHash
          if (process.env.FAULT_DEBUG) console.error('relay POST', hash)
          if (hash) relayPosts.set(hash.toLowerCase(), (relayPosts.get(hash.toLowerCase()) ?? 0) + 1)
        } catch {}
      }
      const answer = await fetch(`${demo.url}/relay`, {
        method: request.method ?? 'POST',
        headers: { 'content-type': 'application/json' },
        ...(body ? { body } : {}),
      })
      const answerText = await answer.text()
      if (process.env.FAULT_DEBUG) console.error('relay answer', answer.status, answerText.slice(0, 80))
      response
        .writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' })
        .end(answerText)
      return true
    }
    const server = await serve(cdn.dir, [page, rpc, relay])
    origin = server.origin
    cleanups.unshift(() => server.close())
    const browser = await launchChromium(executablePath)
    cleanups.unshift(() => browser.close())

    const env: Env = { demo, proxy, browser, origin, relayPosts }
    const rows = [['case', 'injected fault', 'expected outcome', 'observed outcome', 'items lost', 'duplicates sent']]
    let failed = 0
    const only = process.env.FAULT_CASES?.split(',')
    for (const kase of cases.filter((candidate) => !only || only.includes(candidate.name))) {
      const outcome = await runCase(env, kase)
      if (!outcome.ok || outcome.lost || outcome.duplicates) failed++
      rows.push([
        `${outcome.ok ? 'PASS' : 'FAIL'} ${kase.name}`,
        kase.fault,
        kase.expected,
        outcome.observed,
        String(outcome.lost),
        String(outcome.duplicates),
      ])
      console.error(`${outcome.ok ? 'ok' : 'FAILED'}: ${kase.name}`)
    }
    console.log('')
    printTable(rows)
    console.log(
      `\n${cases.length - failed}/${cases.length} cases passed in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    )
    return failed === 0 ? 0 : 1
  } finally {
    for (const cleanup of cleanups) await Promise.resolve(cleanup()).catch(() => undefined)
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
