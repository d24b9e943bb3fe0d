/**
 * The whole loop, as a newcomer runs it through `npm start`'s demo in the system Chromium with the development
 * wallet: contribute a file → it shows a verified badge in the gallery → run an epoch → verify it in the browser →
 * the claimable amount appears → claim → the balance rises. Every step is checked on-chain, not only on screen; and an
 * epoch whose published dataset was tampered with does not verify. The gallery, a contributor's page and the reward
 * history read from the indexer, and give the same answers from the chain once it is stopped. Screenshots go to
 * test-artifacts/e2e/.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { type Hex, sha256, toBytes } from 'viem'
import { readContract } from 'viem/actions'
import { formatAmount } from '../../components/claim/tokenAmount.js'
import { chromiumPath } from '../../scripts/lib/cdnHarness.js'
import { localAccount } from '../../scripts/lib/localChain.js'
import * as token from '../../src/abis/ledgerRewardToken.js'
import { getContributionByHash } from '../../src/actions/registry/getContributionByHash.js'
import { getContributions } from '../../src/actions/registry/getContributions.js'
import { getCurrentEpochId, getEpoch } from '../../src/actions/rewards/getEpoch.js'
import { getLeaderboard } from '../../src/actions/rewards/getLeaderboard.js'
import { E2E_ARTIFACTS, startDemoInChromium } from '../support/demoInChromium.js'

const executablePath = chromiumPath()
const you = localAccount(9).address

type Demo = Awaited<ReturnType<typeof startDemoInChromium>>
let demo: Demo['demo']
let close: Demo['close'] | undefined
let browser: Browser
let page: Page
/** What the first test contributed and earned, for the last one. */
let contributed: { contentHash: Hex; earned: bigint } | undefined

before(async () => {
  if (!executablePath) return
  ;({ demo, browser, close } = await startDemoInChromium(executablePath, 'wallet'))
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
})

after(() => close?.())

const shot = (name: string) => page.screenshot({ path: join(E2E_ARTIFACTS, `${name}.png`), fullPage: true })
/** The Attribution page's "Verify this epoch" card: its button, and its result in a live region. */
const verification = () => {
  const card = page.getByRole('region', { name: 'Verify this epoch' })
  return { button: card.getByRole('button', { name: 'Verify this epoch' }), result: card.getByRole('status') }
}
const balanceOfYou = () =>
  readContract(demo.ledger.reader, {
    address: demo.deployment.rewardToken as Hex,
    abi: [token.balanceOf],
    functionName: 'balanceOf',
    args: [you],
  })

it('runs the loop: contribute, verified badge, epoch, verified in the browser, claimable, claim, balance', {
  skip: !executablePath && 'no Chromium',
}, async () => {
  const review = `Fast delivery, friendly support and it works perfectly. (${Date.now()})`
  const contentHash = sha256(toBytes(review))

  await page.goto(demo.url)
  const contribute = page.locator('ledger-contribute')
  await contribute.locator('input[type=file]').setInputFiles({
    name: 'review.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(review),
  })
  await contribute.locator('#name').fill('A happy customer')
  await contribute.locator('#tags').fill('positive')
  await contribute.getByRole('button', { name: /Local dev wallet/ }).click()
  await contribute.getByRole('button', { name: 'Sign (no fee)' }).click()
  await contribute.getByRole('status').getByText('Registered.').waitFor()
  const registered = await getContributionByHash(demo.ledger.reader, {
    contentHash,
    deployment: demo.ledger.deployment,
  })
  assert.equal(registered?.contributor, you, 'registered on-chain under the development wallet’s account')
  await shot('1-contributed')

  // The gallery lists from the indexer, which follows the chain a poll behind.
  await demo.indexer.caughtUp()
  await page.goto(`${demo.url}/gallery.html`)
  const badge = page.locator(`ledger-badge[content-hash="${contentHash}"]`)
  await badge.getByText('Verified contribution').waitFor()
  assert.ok(demo.ledger.content.has(contentHash), 'the platform kept the contributed bytes')
  await shot('2-gallery')

  await page.goto(`${demo.url}/attribution.html`)
  await page.getByRole('button', { name: 'Run a new epoch' }).click()
  await page.getByText('Epoch #2 is claimable.').waitFor({ timeout: 60_000 })
  assert.equal(await getCurrentEpochId(demo.ledger.reader, { deployment: demo.ledger.deployment }), 2)
  const manifest = demo.ledger.manifests.at(-1)
  assert.ok(manifest, 'the demo published the epoch')
  assert.ok(manifest.inputs.train.contentHashes.includes(contentHash), 'the new contribution is in the new epoch')
  const earned = BigInt(manifest.cumulative.find((row) => row.account === you)?.amount ?? 0)
  assert.ok(earned > 0n, 'the development wallet’s account has earned rewards')

  const { button, result } = verification()
  await button.click()
  await result.getByText('Verified', { exact: true }).waitFor()
  const onChain = await getEpoch(demo.ledger.reader, { epochId: 2, deployment: demo.ledger.deployment })
  assert.ok(onChain, 'epoch #2 is on-chain')
  const recomputed = /Recomputed manifest hash\s*(0x[0-9a-f]{64})/.exec(String(await result.textContent()))?.[1]
  assert.equal(recomputed, onChain.manifestHash, 'the browser recomputed the manifest hash the chain holds')
  await shot('3-epoch')

  const before = await balanceOfYou()
  await page.goto(`${demo.url}/rewards.html`)
  const claim = page.locator('ledger-claim')
  await claim.getByRole('button', { name: /Local dev wallet/ }).click()
  const amount = formatAmount(earned, { symbol: 'LEDGER', decimals: 18 })
  await claim.getByRole('button', { name: `Claim ${amount}` }).waitFor()
  await shot('4-claimable')
  await claim.getByRole('button', { name: `Claim ${amount}` }).click()
  await claim
    .getByRole('status')
    .getByText(/Claimed/)
    .waitFor()
  assert.equal((await balanceOfYou()) - before, earned, 'the balance rose by exactly the claimable amount')
  await shot('5-claimed')
  contributed = { contentHash, earned }
})

type DatasetRows = { train: { contentHash: Hex; text: string; label?: number }[] }

it('does not verify an epoch whose published dataset was tampered with', {
  skip: !executablePath && 'no Chromium',
}, async () => {
  const tampers: { what: string; tamper: (dataset: DatasetRows) => void; says: RegExp }[] = [
    {
      what: 'a training label flipped',
      tamper: ({ train: [row] }) => {
        if (row) row.label = 1 - (row.label ?? 0)
      },
      says: /Does not verify: inputs\.train\.labelsHash is not what the manifest says/,
    },
    {
      what: 'a row credited to another contribution',
      tamper: ({ train: [first, second] }) => {
        if (first && second) second.contentHash = first.contentHash
      },
      says: /Does not verify: inputs\.train\.contentHashes is not what the manifest says/,
    },
    {
      what: 'a label removed',
      tamper: ({ train: [row] }) => {
        if (row) delete row.label
      },
      says: /Does not verify: the epoch's dataset cannot be what it was computed from\.\s+.*train entry 1 .*"label"/,
    },
  ]
  for (const [i, { what, tamper, says }] of tampers.entries()) {
    await page.route('**/dataset.json', async (route) => {
      const response = await route.fetch()
      const dataset = (await response.json()) as DatasetRows
      tamper(dataset)
      await route.fulfill({ response, json: dataset })
    })
    try {
      await page.goto(`${demo.url}/attribution.html`)
      const { button, result } = verification()
      await button.click()
      await result.getByText('Does not verify:').waitFor()
      const text = String(await result.textContent())
      assert.match(text, says, what)
      assert.doesNotMatch(text, /Recomputed manifest hash/, what)
      await shot(`6-tampered-${i + 1}`)
    } finally {
      await page.unroute('**/dataset.json')
    }
  }
})

// Last: it stops the indexer.
it('lists from the indexer, and the same from the chain once the indexer is stopped', {
  skip: !executablePath && 'no Chromium',
}, async () => {
  assert.ok(contributed, 'the loop above contributed and claimed')
  const { contentHash, earned } = contributed
  const askedIndexer: string[] = []
  page.on('request', (request) => {
    if (request.url().startsWith(demo.indexer.url)) askedIndexer.push(new URL(request.url()).pathname)
  })
  const ids = () => page.locator('article.item').evaluateAll((items) => items.map((item) => item.id))
  const read = async (when: string) => {
    await page.goto(`${demo.url}/gallery.html`)
    await page.locator('article.item ledger-badge').first().getByText('Verified contribution').waitFor()
    const gallery = await ids()
    await shot(`7-gallery-${when}`)
    await page.goto(`${demo.url}/gallery.html?contributor=${you}`)
    await page.locator(`article[id="${contentHash}"] ledger-badge`).getByText('Verified contribution').waitFor()
    const contributorPage = await ids()
    await page.goto(`${demo.url}/rewards.html?account=${you}`)
    const history = page.locator('ledger-claim table tbody tr')
    await history.first().waitFor({ state: 'attached' })
    const claimers = page.locator('#claimers .mono')
    await claimers.first().waitFor()
    await shot(`8-rewards-${when}`)
    return {
      gallery,
      contributorPage,
      history: await history.allTextContents(),
      claimers: await claimers.evaluateAll((accounts) => accounts.map((account) => account.getAttribute('title'))),
    }
  }

  const withIndexer = await read('indexer')
  for (const path of ['/contributions', '/epochs', '/leaderboard']) {
    assert.ok(askedIndexer.includes(path), `the pages asked the indexer for ${path}`)
  }
  const { items } = await getContributions(demo.ledger.reader, { limit: 24, deployment: demo.ledger.deployment })
  assert.deepEqual(
    withIndexer.gallery,
    items.map((item) => item.contentHash),
    'the gallery’s first page is the chain’s newest 24 contributions',
  )
  const yours = await getContributions(demo.ledger.reader, { contributor: you, deployment: demo.ledger.deployment })
  assert.equal(withIndexer.contributorPage[0], contentHash, 'your page lists your newest contribution first')
  assert.deepEqual(
    withIndexer.contributorPage,
    yours.items.map((item) => item.contentHash),
    'and everything else you contributed, as the chain records it',
  )
  const amount = formatAmount(earned, { symbol: 'LEDGER', decimals: 18 })
  assert.ok(
    withIndexer.history.some((row) => row.startsWith('2') && row.includes(amount)),
    `the history says you earned ${amount} in epoch 2: ${withIndexer.history.join(' | ')}`,
  )

  const leaderboard = await getLeaderboard(demo.ledger.reader, { limit: 5, deployment: demo.ledger.deployment })
  assert.deepEqual(
    withIndexer.claimers,
    leaderboard.items.map((item) => item.account),
    'the rewards page lists the accounts that claimed most, as the chain’s claim logs add up',
  )
  assert.ok(withIndexer.claimers.includes(you), 'and you, who claimed')

  await demo.indexer.close()
  askedIndexer.length = 0
  assert.deepEqual(await read('chain'), withIndexer, 'the same lists, read from the chain')
  assert.ok(askedIndexer.length > 0, 'the pages did try the stopped indexer first')
})
