/**
 * The README's three embed snippets, each pasted into a blank page served with a strict Content-Security-Policy (no
 * inline script, no eval, Trusted Types enforced) next to the demo's chain, in the system Chromium, with a wallet
 * extension's provider: each widget does its whole job, and the chain shows it.
 */
import assert from 'node:assert/strict'
import { readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { type Hex, sha256, toBytes } from 'viem'
import { readContract } from 'viem/actions'
import { buildCdn, type CdnBuild, chromiumPath, launchChromium } from '../../scripts/lib/cdnHarness.js'
import { startDemo } from '../../scripts/lib/demo/startDemo.js'
import { localAccount } from '../../scripts/lib/localChain.js'
import * as token from '../../src/abis/ledgerRewardToken.js'
import { getContributionByHash } from '../../src/actions/registry/getContributionByHash.js'
import { installPageWallet } from '../support/pageWallet.js'

const CDN = 'https://cdn.jsdelivr.net/npm/attribution-ledger@0.1/dist/cdn/'

/** The html block after each `<!-- embed:name -->` marker in the README, as a reader would copy it. */
function readmeSnippets() {
  const readme = readFileSync('README.md', 'utf8')
  const snippets = new Map<string, string>()
  for (const match of readme.matchAll(/<!-- embed:(\w+) -->\n```html\n([\s\S]*?)```/g)) {
    snippets.set(match[1] as string, match[2] as string)
  }
  return snippets
}

const executablePath = chromiumPath()

describe('README embed snippets on a blank page with a strict CSP', { skip: !executablePath && 'no Chromium' }, () => {
  let demo: Awaited<ReturnType<typeof startDemo>>
  let cdn: CdnBuild
  let browser: Browser
  let origin: string
  let closePages: () => void
  const snippets = readmeSnippets()

  before(async () => {
    demo = await startDemo({
      port: 0,
      chainPort: 0,
      indexerPort: 0,
      deploymentFile: join(tmpdir(), 'ledger-embed-test.json'),
    })
    cdn = buildCdn()
    // The snippets name npm start's ports; this run's chain and demo listen elsewhere.
    const localise = (html: string) =>
      html.replaceAll('http://127.0.0.1:8545', demo.rpcUrl).replaceAll('http://127.0.0.1:8000', demo.url)
    const csp = [
      "default-src 'none'",
      `script-src 'self' ${CDN}`,
      "worker-src 'self'",
      `connect-src ${demo.rpcUrl} ${demo.url}`,
      'img-src data:',
      "require-trusted-types-for 'script'",
      'trusted-types lit-html attribution-ledger',
    ].join('; ')
    const server = createServer((request, response) => {
      const name = /^\/(\w+)\.html$/.exec(request.url ?? '')?.[1]
      const snippet = name && snippets.get(name)
      if (!snippet) return void response.writeHead(404).end()
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp })
        .end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title></head><body>
${localise(snippet)}</body></html>`)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    closePages = () => server.close()
    browser = await launchChromium(executablePath as string)
  })

  after(async () => {
    await browser?.close()
    closePages?.()
    await demo?.close()
    if (cdn) rmSync(cdn.dir, { recursive: true, force: true })
  })

  /** A fresh page with a wallet of Hardhat account `account`, the CDN served from the build, and CSP reports kept. */
  async function open(name: string, account: number): Promise<{ page: Page; violations: () => Promise<string[]> }> {
    const page = await browser.newPage()
    await page.route(`${CDN}**`, (route) =>
      route.fulfill({
        body: readFileSync(join(cdn.dir, new URL(route.request().url()).pathname.slice(new URL(CDN).pathname.length))),
        headers: { 'content-type': 'text/javascript', 'access-control-allow-origin': '*' },
      }),
    )
    await installPageWallet(page, { signer: localAccount(account), rpcUrl: demo.rpcUrl })
    await page.addInitScript({
      content: `(() => {
        const reports = []
        Object.defineProperty(window, '__violations', { value: reports })
        document.addEventListener('securitypolicyviolation', (event) =>
          reports.push(event.effectiveDirective + ' ' + event.blockedURI + ' ' + event.sourceFile + ':' + event.lineNumber))
      })()`,
    })
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(`${origin}/${name}.html`)
    return {
      page,
      violations: async () => [
        ...errors,
        ...(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)),
      ],
    }
  }

  it('has the three snippets', () => {
    assert.deepEqual([...snippets.keys()].sort(), ['badge', 'claim', 'contribute'])
  })

  it('<ledger-contribute> registers a text under the wallet’s account', async () => {
    const { page, violations } = await open('contribute', 4)
    const widget = page.locator('ledger-contribute')
    const text = `Embedded on a strict page ${Date.now()}`
    await widget.getByText('Text', { exact: true }).click()
    await widget.locator('#text').fill(text)
    await widget.getByRole('button', { name: 'Use this text' }).click()
    await widget.locator('#name').fill('From the README snippet')
    await widget.getByRole('button', { name: 'Test Wallet' }).click()
    await widget.getByRole('button', { name: 'Sign and register' }).click()
    await widget.getByRole('status').getByText('Registered.').waitFor()
    const onChain = await getContributionByHash(demo.ledger.reader, {
      contentHash: sha256(toBytes(text)),
      deployment: demo.ledger.deployment,
    })
    assert.equal(onChain?.contributor, localAccount(4).address)
    assert.deepEqual(await violations(), [])
    await page.close()
  })

  it('<ledger-badge> shows the seeded contribution verified, with the model that used it', async () => {
    const { page, violations } = await open('badge', 4)
    const badge = page.locator('ledger-badge')
    await badge.getByText('Verified contribution').waitFor()
    await badge.getByText(/used by Sentiment classifier v1/).waitFor()
    assert.deepEqual(await violations(), [])
    await page.close()
  })

  it('<ledger-claim> claims the connected account’s rewards, and the balance rises by them', async () => {
    const you = localAccount(9).address
    const manifest = demo.ledger.manifests.at(-1)
    const earned = BigInt(manifest?.cumulative.find((row) => row.account === you)?.amount ?? 0)
    assert.ok(earned > 0n, 'the seeded epoch rewards account 9')
    const balance = () =>
      readContract(demo.ledger.reader, {
        address: demo.deployment.rewardToken as Hex,
        abi: [token.balanceOf],
        functionName: 'balanceOf',
        args: [you],
      })
    const before = await balance()
    const { page, violations } = await open('claim', 9)
    const claim = page.locator('ledger-claim')
    await claim.getByRole('button', { name: 'Test Wallet' }).click()
    await claim.getByRole('button', { name: /^Claim / }).click()
    await claim
      .getByRole('status')
      .getByText(/Claimed/)
      .waitFor()
    assert.equal((await balance()) - before, earned)
    assert.deepEqual(await violations(), [])
    await page.close()
  })
})
