/**
 * The model's answers traced to its training data, as a visitor sees them in the system Chromium: ask the model on the
 * Attribution page → its explanation quotes training reviews, highlighted by <ledger-trace> → a highlight opened with
 * the keyboard lists the contributions that hold it, verified on-chain. Checked against the server's own training
 * set and the model's registered metadata; screenshots (desktop and 390×844) go to test-artifacts/e2e/.
 */
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { chromiumPath } from '../../scripts/lib/cdnHarness.js'
import { spanIndexOf } from '../../scripts/lib/demo/demoSpans.js'
import { getModels } from '../../src/actions/registry/getModels.js'
import { spanIndexHash } from '../../src/attribution/spans/spanIndexHash.js'
import { screenshotDesktopAndPhone, startDemoInChromium } from '../support/demoInChromium.js'

const executablePath = chromiumPath()

type Demo = Awaited<ReturnType<typeof startDemoInChromium>>
let demo: Demo['demo']
let close: Demo['close'] | undefined
let browser: Browser
let page: Page

before(async () => {
  if (!executablePath) return
  ;({ demo, browser, close } = await startDemoInChromium(executablePath, 'trace'))
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
})

after(() => close?.())

const shot = (name: string) => screenshotDesktopAndPhone(page, name)

/** The text of the element focused inside the trace's shadow root. */
const focusedInTrace = () =>
  page.evaluate(() => document.querySelector('ledger-trace')?.shadowRoot?.activeElement?.textContent ?? null)

it('traces the answer’s quoted passages to the training contributions that hold them, by keyboard', {
  skip: !executablePath && 'no Chromium',
}, async () => {
  const model = demo.ledger.models.at(-1)
  assert.ok(model, 'the seeded demo trained a model')
  const [registered] = await getModels(demo.ledger.reader, { deployment: demo.ledger.deployment })
  const metadata = JSON.parse(decodeURIComponent(String(registered?.metadataURI).split(',')[1] ?? ''))
  assert.deepEqual(
    metadata.spanIndex,
    {
      hash: spanIndexHash(spanIndexOf(demo.ledger, model.train)),
      format: 'attribution-ledger/span-index@1',
      minLength: 24,
    },
    'the model registered the hash of the span index its answers are traced against',
  )

  await page.goto(`${demo.url}/attribution.html`)
  const ask = page.getByRole('region', { name: 'Ask the model' })
  await ask.getByRole('button', { name: 'Lovely staff and a spotless room.' }).click()
  const card = page.getByRole('region', { name: 'Where the answer’s words come from' })
  const trace = card.locator('ledger-trace')
  const output = String(await trace.locator('[part="output"]').textContent())
  assert.match(output, /^Positive: it reads like "/, 'the model explains its answer')
  const highlights = trace.locator('[part~="span"]')
  await highlights.first().waitFor()
  await trace
    .getByRole('status')
    .getByText(/appears? verbatim in the training data/)
    .waitFor()

  const train = new Map(model.train.map((row) => [row.contentHash, row.text]))
  const count = await highlights.count()
  assert.ok(count >= 1, 'at least one quoted review is traced')
  for (let i = 0; i < count; i++) {
    const highlight = highlights.nth(i)
    const text = String(await highlight.textContent())
    assert.ok(text.length >= 20, `"${text}" is a passage, not a word`)
    await highlight.focus()
    await page.keyboard.press('Enter')
    const sources = trace.locator('[part="sources"]')
    await sources.waitFor()
    const hashes = await sources
      .locator('ledger-badge')
      .evaluateAll((badges) => badges.map((badge) => badge.getAttribute('content-hash')))
    assert.ok(hashes.length >= 1, `"${text}" lists its sources`)
    for (const hash of hashes) {
      const held = train.get(hash as `0x${string}`)
      assert.ok(held !== undefined, `${hash} is one of the current model's training contributions`)
      assert.ok(held.includes(text), `"${text}" occurs verbatim in ${hash}`)
    }
    // The page's provider configures the badges: each source is verified on the chain.
    await sources.locator('ledger-badge').first().getByText('Verified contribution').waitFor()
    if (i === 0) await shot('trace-1-sources')
    await page.keyboard.press('Escape')
    await sources.waitFor({ state: 'detached' })
    assert.equal(await focusedInTrace(), text, 'Escape returns to the passage')
  }
})
