/**
 * 1,000 `<ledger-badge>` elements from the CDN build, configured only by `rpc-url` and `chain-id` attributes, in
 * headless Chromium against a local chain holding 1,000 registered contributions: the time from the first badge
 * connecting to all of them showing a verified contribution on screen, and the JSON-RPC HTTP requests they made.
 */
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient, type Hex, http, keccak256, sha256, toBytes } from 'viem'
import { hardhat } from 'viem/chains'
import { createDatanetAndWait } from '../../src/actions/registry/createDatanet.js'
import { getContributionsByHash } from '../../src/actions/registry/getContributionsByHash.js'
import { registerContributionsAndWait } from '../../src/actions/registry/registerContributions.js'
import { buildCdn, launchChromium, type Route, serve } from '../lib/cdnHarness.js'
import { ensureChromium } from '../lib/ensureChromium.js'
import { localAccount, startLocalChain } from '../lib/localChain.js'

const COUNT = 1_000
const BATCH = 250 // about 16 M gas a transaction, well inside the block gas limit
const BUDGET = { ms: 1_000, requests: 2 }
const RUNS = 3

const executablePath = ensureChromium()
if (!executablePath) process.exit(1)
const cdn = buildCdn()
const chain = await startLocalChain({ port: 0, deploymentFile: join(tmpdir(), 'ledger-bench-badges.json') })
try {
  const hashes = await registerContents()
  await warmUp(hashes)

  // The page reaches the chain through this server, so it can count every JSON-RPC HTTP request the badges make.
  let requests = 0
  let calls = 0
  const rpc: Route = async (request, response) => {
    if (request.url !== '/rpc') return false
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString()
    const parsed = JSON.parse(body)
    requests++
    calls += Array.isArray(parsed) ? parsed.length : 1
    const headers = { 'content-type': 'application/json' }
    const upstream = await fetch(chain.rpcUrl, { method: 'POST', headers, body })
    response.writeHead(upstream.status, headers).end(await upstream.text())
    return true
  }
  const page: Route = (request, response) => {
    if (request.url !== '/') return false
    response.writeHead(200, { 'content-type': 'text/html' }).end(pageHtml(hashes))
    return true
  }
  const server = await serve(cdn.dir, [rpc, page])
  const browser = await launchChromium(executablePath)
  try {
    const runs: Run[] = []
    for (let i = 0; i < RUNS; i++) {
      requests = 0
      calls = 0
      const tab = await browser.newPage()
      await tab.goto(`${server.origin}/`)
      const measured = await tab.evaluate(() => (window as unknown as { result: Promise<Measured> }).result)
      runs.push({ ...measured, requests, calls })
      await tab.close()
    }
    report(runs)
  } finally {
    await Promise.all([browser.close(), server.close()])
  }
} finally {
  await chain.close()
  rmSync(cdn.dir, { recursive: true })
}

type Run = Measured & { requests: number; calls: number }
type Measured = {
  ms: number
  sinceNavigation: number
  rpcSent: number
  rpcAnswered: number
  verified: number
  problems: number
  firstProblem: string
}

/** Registers COUNT contents, in batches from four accounts, and returns their content hashes. */
async function registerContents(): Promise<Hex[]> {
  const client = (account: number) =>
    createClient({ chain: hardhat, transport: http(chain.rpcUrl), account: localAccount(account), pollingInterval: 50 })
  const { datanetId } = await createDatanetAndWait(client(3), { metadataURI: 'data:,badges' })
  const hashes = Array.from({ length: COUNT }, (_, i) => sha256(toBytes(`badge content ${i}`)))
  for (let start = 0; start < COUNT; start += BATCH) {
    const registrations = hashes.slice(start, start + BATCH).map((contentHash) => ({
      datanetId,
      contentHash,
      metadataHash: keccak256(contentHash),
      metadataURI: 'data:,bench',
    }))
    await registerContributionsAndWait(client(3 + start / BATCH), { registrations })
  }
  return hashes
}

/** Hardhat's EDR runs a call several times slower the first time; a page's RPC node would have run it warm. */
async function warmUp(contentHashes: Hex[]) {
  await getContributionsByHash(createClient({ chain: hardhat, transport: http(chain.rpcUrl) }), { contentHashes })
}

/**
 * The badges go in only once the CDN module has run, so the clock starts as the first one connects. A badge counts as
 * verified when it shows the ✓ state; the check runs once a frame, as what matters is what the page shows.
 */
function pageHtml(hashes: Hex[]) {
  return `<!doctype html>
<meta charset="utf-8">
<title>${COUNT} badges</title>
<main></main>
<script type="module">
  import '/attribution-ledger.js'
  const hashes = ${JSON.stringify(hashes)}
  const main = document.querySelector('main')
  const started = performance.now()
  main.innerHTML = hashes
    .map((hash) => '<ledger-badge content-hash="' + hash + '" rpc-url="' + location.origin + '/rpc" chain-id="31337"></ledger-badge>')
    .join('')
  const badges = [...main.children]
  const box = (badge) => badge.shadowRoot?.querySelector('[part=badge]')
  window.result = new Promise((resolve) => {
    const check = () => {
      const boxes = badges.map(box)
      const problems = boxes.filter((b) => b?.classList.contains('problem'))
      const verified = boxes.filter((b) => b && !b.classList.contains('problem') && b.querySelector('[part=icon]'))
      if (verified.length + problems.length < badges.length) return requestAnimationFrame(check)
      const now = performance.now()
      const rpc = performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('/rpc'))
      resolve({
        rpcSent: Math.min(...rpc.map((entry) => entry.startTime)) - started,
        rpcAnswered: Math.max(...rpc.map((entry) => entry.responseEnd)) - started,
        ms: now - started,
        sinceNavigation: now,
        verified: verified.length,
        problems: problems.length,
        firstProblem: problems[0]?.textContent.replace(/\\s+/g, ' ').trim() ?? '',
      })
    }
    requestAnimationFrame(check)
  })
</script>`
}

function report(runs: Run[]) {
  const sorted = [...runs].sort((x, y) => x.ms - y.ms)
  const median = sorted[Math.floor(sorted.length / 2)] as Run
  const { ms, sinceNavigation, rpcSent, rpcAnswered, verified, problems, firstProblem, requests, calls } = median
  const ok = runs.every((run) => run.verified === COUNT && run.requests <= BUDGET.requests)
  console.log(`\n${COUNT} <ledger-badge> from the CDN build (rpc-url + chain-id attributes), headless Chromium`)
  console.log(`median of ${RUNS} page loads (${sorted.map((run) => run.ms.toFixed(0)).join(', ')} ms)\n`)
  console.log(`  first connected → all verified  ${ms.toFixed(0)} ms (budget ${BUDGET.ms})`)
  console.log(`    until the read is sent        ${rpcSent.toFixed(0)} ms`)
  console.log(`    waiting for the chain         ${(rpcAnswered - rpcSent).toFixed(0)} ms`)
  console.log(`    rendering the answers         ${(ms - rpcAnswered).toFixed(0)} ms`)
  console.log(`  navigation → all verified       ${sinceNavigation.toFixed(0)} ms`)
  console.log(`  JSON-RPC HTTP requests          ${requests} (budget ${BUDGET.requests}), ${calls} calls`)
  console.log(`  verified                        ${verified} of ${COUNT}`)
  if (problems > 0) console.log(`  not verified                    ${problems}, the first saying: ${firstProblem}`)
  if (!ok || ms > BUDGET.ms) process.exitCode = 1
}
