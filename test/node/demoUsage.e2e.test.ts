/**
 * The demo's model in use, as a visitor sees it in the system Chromium: ask the model about reviews on the Attribution
 * page → each answer shows where its fee went, to the token unit → run a usage epoch → it pays exactly those fees out,
 * is on-chain, and verifies in the browser. Checked on-chain and against the library, not only on screen;
 * screenshots (desktop and 390×844) go to test-artifacts/e2e/.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, it } from 'node:test'
import type { Browser, Locator, Page } from 'playwright-core'
import { type Hex, parseUnits } from 'viem'
import { chromiumPath } from '../../scripts/lib/cdnHarness.js'
import { askModel, QUERY_FEE, runUsageEpochs } from '../../scripts/lib/demo/demoUsage.js'
import { getCurrentEpochId, getEpoch } from '../../src/actions/rewards/getEpoch.js'
import { type DatasetFile, epochDataFromDataset } from '../../src/attribution/epochDataset.js'
import { epochManifestHash } from '../../src/attribution/epochManifest.js'
import { featurizeText } from '../../src/attribution/featurizeText.js'
import { knnQueryValues, splitQueryFee } from '../../src/attribution/knnUsage.js'
import { screenshotDesktopAndPhone, startDemoInChromium } from '../support/demoInChromium.js'

const executablePath = chromiumPath()
const K = 3

type Demo = Awaited<ReturnType<typeof startDemoInChromium>>
let demo: Demo['demo']
let close: Demo['close'] | undefined
let browser: Browser
let page: Page

before(async () => {
  if (!executablePath) return
  ;({ demo, browser, close } = await startDemoInChromium(executablePath, 'usage'))
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
})

after(() => close?.())

const shot = (name: string) => screenshotDesktopAndPhone(page, name)
const askCard = () => page.getByRole('region', { name: 'Ask the model' })
const verification = () => {
  const card = page.getByRole('region', { name: 'Verify this epoch' })
  return { button: card.getByRole('button', { name: 'Verify this epoch' }), result: card.getByRole('status') }
}
/** An amount as the page shows it (`1,500.25 LEDGER`), in token units. */
const unitsOf = (text: string) => {
  const shown = /([\d,]+(?:\.\d+)?) LEDGER/.exec(text)?.[1]
  assert.ok(shown, `an amount in "${text}"`)
  return parseUnits(shown.replaceAll(',', ''), 18)
}

/** The fee's split the card shows: each contribution (by its content hash) and its amount; then the total row. */
async function shownShares(card: Locator) {
  const shares = new Map<Hex, bigint>()
  for (const row of await card.locator('tbody tr').all()) {
    const contentHash = (await row.locator('th').getAttribute('title')) as Hex
    shares.set(contentHash, unitsOf(String(await row.locator('td').textContent())))
  }
  return { shares, total: unitsOf(String(await card.locator('tfoot td').textContent())) }
}

/** Where the library says a query's fee goes, against the training rows epoch #1 published for the model. */
function expectedShares(text: string, answer: number) {
  const dataset = JSON.parse(readFileSync(join(demo.ledger.epochsDir, '1', 'dataset.json'), 'utf8')) as DatasetFile
  const { train } = epochDataFromDataset(dataset)
  const values = knnQueryValues({
    train,
    query: { x: featurizeText(text, { dimension: train.dimension }), y: answer },
    k: K,
  })
  const shares = new Map<Hex, bigint>()
  splitQueryFee(values, QUERY_FEE).forEach((amount, row) => {
    const contentHash = train.rowContentHashes[row] as Hex
    if (amount > 0n) shares.set(contentHash, (shares.get(contentHash) ?? 0n) + amount)
  })
  return shares
}

it('answers queries, shows where each fee went, and pays the fees out in a usage epoch that verifies', {
  skip: !executablePath && 'no Chromium',
}, async () => {
  await page.goto(`${demo.url}/attribution.html`)
  const card = askCard()
  const status = card.getByRole('status')
  await card.getByText('Each answer costs 1.5 LEDGER').waitFor()
  assert.equal(demo.ledger.manifests[0]?.duplicates.length, 0, 'the seeded model copies nothing, so every row counts')

  const asked: { text: string; answer: 'Positive' | 'Negative'; how: 'example' | 'typed' }[] = [
    { text: 'Lovely staff and a spotless room.', answer: 'Positive', how: 'example' },
    { text: 'Rude staff, a dirty room and I barely slept.', answer: 'Negative', how: 'typed' },
    { text: 'The parcel arrived broken and support never answered.', answer: 'Negative', how: 'example' },
  ]
  for (const [i, { text, answer, how }] of asked.entries()) {
    if (how === 'example') await card.getByRole('button', { name: text }).click()
    else {
      await card.getByLabel('A short review').fill(text)
      await card.getByRole('button', { name: 'Ask the model' }).click()
    }
    await status.getByText(text).waitFor()
    assert.match(String(await status.textContent()), new RegExp(`says ${answer}\\.`), text)
    const logged = demo.ledger.queries[i]?.query
    assert.equal(logged?.text, text, 'the platform logged the query')
    assert.equal(logged?.answer, answer === 'Positive' ? 1 : 0, 'and the answer it showed')
    assert.equal(logged?.fee, QUERY_FEE.toString(), 'with the fee the card states')

    const { shares, total } = await shownShares(card)
    assert.equal(total, QUERY_FEE, 'the card totals the fee')
    assert.equal(
      [...shares.values()].reduce((sum, amount) => sum + amount, 0n),
      QUERY_FEE,
      'the shares add up to the fee exactly',
    )
    assert.deepEqual(shares, expectedShares(text, logged.answer), 'each share is what the library splits the fee into')
    if (i === 0) await shot('usage-1-answered')
  }
  await card.getByText('3 queries (4.5 LEDGER in fees) wait for the next usage epoch.').waitFor()

  const first = card.locator('tbody tr').first()
  const paid = String(await first.locator('th').getAttribute('title'))
  await first.getByRole('link').click()
  await page.waitForURL(`**/gallery.html#${paid}`)
  await page.locator(`article[id="${paid}"] ledger-badge`).getByText('Verified contribution').waitFor()
  await page.goBack()

  await page.getByRole('button', { name: 'Run a usage epoch' }).click()
  await page.getByText('Epoch #2 is claimable.').waitFor({ timeout: 60_000 })
  const { deployment, reader } = demo.ledger
  assert.equal(await getCurrentEpochId(reader, { deployment }), 2)
  const manifest = demo.ledger.manifests.at(-1)
  assert.ok(manifest, 'the demo published the usage epoch')
  const onChain = await getEpoch(reader, { epochId: 2, deployment })
  assert.equal(onChain?.manifestHash, epochManifestHash(manifest), 'the chain holds the published manifest')
  assert.equal(manifest.method.name, 'knn-shapley-usage')
  assert.equal(manifest.inputs.test, null)
  assert.equal(manifest.inputs.usage?.queries, asked.length, 'the epoch paid out every query asked')
  assert.equal(manifest.inputs.usage?.unattributedFee, '0', 'every answer had supporting rows')
  assert.equal(BigInt(manifest.budget), QUERY_FEE * BigInt(asked.length), "the budget is the queries' fees")
  assert.equal(demo.ledger.queries.length, 0, 'the paid-out queries left the log')
  const stats = page.locator('dl.stats')
  await stats.getByText('Sentiment classifier v1').waitFor()
  assert.match(String(await stats.textContent()), /Queries paid for\s*3/)
  assert.match(String(await stats.textContent()), /Fees paid out\s*4\.5 LEDGER/)
  await card.getByText('No queries are waiting to be paid out.').waitFor()

  const { button, result } = verification()
  await button.click()
  await result.getByText('Verified', { exact: true }).waitFor()
  const recomputed = /Recomputed manifest hash\s*(0x[0-9a-f]{64})/.exec(String(await result.textContent()))?.[1]
  assert.equal(recomputed, onChain?.manifestHash, 'the browser recomputed the usage epoch from its dataset and log')
  await shot('usage-2-epoch')

  await page.getByRole('button', { name: 'Run a new epoch' }).click()
  await page.getByText('Epoch #3 is claimable.').waitFor({ timeout: 60_000 })
  await stats.getByText('Sentiment classifier v2').waitFor()
  assert.match(String(await stats.textContent()), /Model\s*Sentiment classifier v2\s*Epoch\s*#3/, 'named, not "#2"')
  await card.getByText(/Sentiment classifier v2 reads a short review/).waitFor()
})

it('pays out the queries logged when a usage epoch starts, and keeps the ones asked meanwhile for the next', {
  skip: !executablePath && 'no Chromium',
}, async () => {
  askModel(demo.ledger, 'Great value for money and a kind host.')
  askModel(demo.ledger, 'The battery died in a day.')
  const running = runUsageEpochs(demo.ledger)
  const meanwhile = askModel(demo.ledger, 'Friendly support, fixed in minutes.')
  const [epochId] = await running
  const manifest = demo.ledger.manifests.at(-1)
  assert.equal(manifest?.epochId, epochId)
  assert.equal(manifest?.inputs.usage?.queries, 2, 'the epoch paid out the two queries logged when it started')
  assert.deepEqual(
    demo.ledger.queries.map(({ query }) => query.id),
    [meanwhile.id],
    'the query asked meanwhile waits for the next usage epoch',
  )
})
