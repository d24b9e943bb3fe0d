import { expect, fixture, html, waitUntil } from '@open-wc/testing'
import { executeServerCommand, sendKeys } from '@web/test-runner-commands'
import { type Hex, keccak256, sha256, toBytes } from 'viem'
import '../../../components/provider/define.js'
import '../../../components/trace/define.js'
import type { LedgerBadge } from '../../../components/badge/badge.js'
import type { LedgerTrace } from '../../../components/trace/trace.js'
import { createDatanetAndWait } from '../../../src/actions/registry/createDatanet.js'
import { registerContributionAndWait } from '../../../src/actions/registry/registerContribution.js'
import { buildSpanIndex } from '../../../src/attribution/spans/buildSpanIndex.js'
import { createTraceHandler } from '../../../src/attribution/spans/createTraceHandler.js'
import { traceSpans } from '../../../src/attribution/spans/traceSpans.js'
import { actors, clientOf, isolateChain } from '../chain.js'
import { screenshotBothSchemes } from '../screenshots.js'

// A few training documents: two hold the same sentence, one is in French with an emoji (UTF-16 offsets differ from
// UTF-8 ones there), and two overlap in what an answer can quote from them.
const texts = {
  staff: 'The staff were friendly and the room was spotless.',
  delivery: 'Delivery arrived a day early and everything worked.',
  deliveryAgain: 'Delivery arrived a day early and everything worked. Then it broke.',
  ourStaff: 'Our staff were friendly and the room was spotless, said the manager.',
  cafe: 'Café crème, très bon 😀 — à refaire sans hésiter.',
  quick: 'the quick brown fox jumps over',
  lazy: 'fox jumps over the lazy dog',
}
type Name = keyof typeof texts
const bytesOf = (name: Name) => new TextEncoder().encode(texts[name])
const hashOf = (name: Name) => sha256(bytesOf(name))
const index = buildSpanIndex({
  documents: (Object.keys(texts) as Name[]).map((name) => ({ contentHash: hashOf(name), bytes: bytesOf(name) })),
})
const handler = createTraceHandler({ index })

const TRACE_URL = 'https://trace.example/api/trace'
const MALFORMED_URL = 'https://trace.example/not-a-trace'
const hash = `0x${'ab'.repeat(32)}`
/** Answers a server could send that are not a trace of the output: each must read as one, not throw or hang. */
const malformed = [
  { spans: [{ start: 5, end: 2 }] },
  { spans: [{ start: 0, end: { toString: 0 }, occurrences: 1, documentCount: 1, sources: [] }] },
  { spans: [{ start: 0, end: '2', occurrences: 1, documentCount: 1, sources: [] }] },
  { spans: [{ start: 0, end: 2, occurrences: 1, documentCount: 1, sources: [{ contentHash: { toString: 0 } }] }] },
  {
    spans: [
      { start: 0, end: 2, occurrences: 2, documentCount: 1, sources: [{ contentHash: hash }, { contentHash: hash }] },
    ],
  },
  { spans: Array.from({ length: 1_001 }, () => ({ start: 0, end: 1, occurrences: 1, documentCount: 0, sources: [] })) },
]
const explanation = `Positive: it reads like "${texts.staff}" and "${texts.delivery}". Also: Café crème, très bon 😀 — à refaire!`

const part = (trace: LedgerTrace, name: string) => trace.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`)
const highlights = (trace: LedgerTrace) => [
  ...(trace.shadowRoot?.querySelectorAll<HTMLElement>('[part~="span"]') ?? []),
]
const statusOf = (trace: LedgerTrace) => part(trace, 'status')?.textContent?.trim() ?? ''
/** Waits for the trace of the element's current output: an update starts it, and shows it looking until it is done. */
async function traced(trace: LedgerTrace) {
  await trace.updateComplete
  await waitUntil(() => statusOf(trace) !== '' && !/Looking for/.test(statusOf(trace)), 'the trace never settled', {
    timeout: 20_000,
  })
}
const badgeHashes = (trace: LedgerTrace) =>
  [...(part(trace, 'sources')?.querySelectorAll<LedgerBadge>('ledger-badge') ?? [])].map((badge) => badge.contentHash)
const focused = (trace: LedgerTrace) => trace.shadowRoot?.activeElement

describe('<ledger-trace>', () => {
  isolateChain()
  const reader = clientOf()
  const realFetch = window.fetch
  let requests = 0

  // The page's fetch, with the trace endpoint answered by the real handler over the real index (no server between).
  before(() => {
    window.fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input)
      if (url === TRACE_URL) {
        requests++
        return handler(new Request(input, init))
      }
      if (url.startsWith(MALFORMED_URL)) {
        return Promise.resolve(Response.json(malformed[Number(new URL(url).searchParams.get('case') ?? 0)]))
      }
      return realFetch(input, init)
    }
  })
  after(() => {
    window.fetch = realFetch
  })

  it('highlights exactly the spans the index traces, underlined as well as shaded', async () => {
    const trace = await fixture<LedgerTrace>(
      html`<ledger-trace index-url=${TRACE_URL} .output=${explanation} .client=${reader}></ledger-trace>`,
    )
    await traced(trace)
    const spans = traceSpans(index, explanation)
    const inOrder = [...spans].sort((a, b) => a.start - b.start)
    expect(highlights(trace).map((element) => element.textContent)).to.deep.equal(inOrder.map((span) => span.text))
    expect(inOrder.map((span) => span.text)).to.deep.equal([
      texts.staff,
      texts.delivery,
      'Café crème, très bon 😀 — à refaire',
    ])
    // The whole answer is still there, in order, highlights included.
    expect(part(trace, 'output')?.textContent).to.equal(explanation)
    expect(statusOf(trace)).to.equal(
      '3 passages of this answer appear verbatim in the training data. Select one to see where it comes from.',
    )
    for (const element of highlights(trace)) {
      expect(element.getAttribute('role')).to.equal('button')
      expect(element.tabIndex).to.equal(0)
      expect(getComputedStyle(element).textDecorationLine).to.contain('underline')
      const hint = trace.shadowRoot?.getElementById(element.getAttribute('aria-describedby') ?? '')
      expect(hint?.textContent).to.equal('Found verbatim in the training data')
    }
    await expect(trace).to.be.accessible()
  })

  it('lists a passage’s sources with the keyboard, a badge per contribution, and Escape returns to it', async () => {
    const page = await fixture<HTMLElement>(html`<div>
      <button type="button">before</button>
      <ledger-trace index-url=${TRACE_URL} .output=${explanation} .client=${reader}></ledger-trace>
    </div>`)
    const trace = page.querySelector('ledger-trace') as LedgerTrace
    await traced(trace)
    ;(page.querySelector('button') as HTMLButtonElement).focus()

    await sendKeys({ press: 'Tab' })
    const [staff, delivery] = highlights(trace)
    expect(focused(trace)).to.equal(staff)
    await sendKeys({ press: 'Enter' })
    await trace.updateComplete
    expect(badgeHashes(trace)).to.deep.equal([hashOf('staff')])
    expect(staff?.getAttribute('aria-expanded')).to.equal('true')
    expect(focused(trace)?.tagName).to.equal('H3', 'focus moves to the list it opened')
    await sendKeys({ press: 'Escape' })
    await trace.updateComplete
    expect(part(trace, 'sources')).to.equal(null)
    expect(focused(trace)).to.equal(staff)

    await sendKeys({ press: 'Tab' })
    expect(focused(trace)).to.equal(delivery)
    await sendKeys({ press: 'Space' })
    await trace.updateComplete
    expect(badgeHashes(trace)).to.deep.equal([hashOf('delivery'), hashOf('deliveryAgain')])
    expect(part(trace, 'sources')?.textContent?.replace(/\s+/g, ' ')).to.contain(
      `“${texts.delivery}” occurs 2 times in 2 documents of the training data.`,
    )
    await expect(trace).to.be.accessible()
    await executeServerCommand('screenshot', { colorScheme: 'dark' })
    try {
      await expect(trace).to.be.accessible()
    } finally {
      await executeServerCommand('screenshot', { colorScheme: 'light' })
    }
    // Escape works from anywhere inside, here the list's own Close button.
    await sendKeys({ press: 'Tab' })
    await sendKeys({ press: 'Escape' })
    await trace.updateComplete
    expect(part(trace, 'sources')).to.equal(null)
    expect(focused(trace)).to.equal(delivery)
  })

  it('gives a stretch that two spans cover to the better-ranked one', async () => {
    const output = 'the quick brown fox jumps over the lazy dog'
    const trace = await fixture<LedgerTrace>(
      html`<ledger-trace index-url=${TRACE_URL} output=${output}></ledger-trace>`,
    )
    await traced(trace)
    const [best, second] = traceSpans(index, output)
    expect([best?.text, second?.text]).to.deep.equal([texts.quick, texts.lazy])
    expect(highlights(trace).map((element) => element.textContent)).to.deep.equal([texts.quick, ' the lazy dog'])
    highlights(trace)[1]?.click()
    await trace.updateComplete
    expect(badgeHashes(trace)).to.deep.equal([hashOf('lazy')])
  })

  it('traces the answer written inside it, as the page shows it, and again when that text changes', async () => {
    const trace = await fixture<LedgerTrace>(html`<ledger-trace index-url=${TRACE_URL}>
        Positive: it reads like
        "${texts.staff}"
      </ledger-trace>`)
    await traced(trace)
    const shown = `Positive: it reads like "${texts.staff}"`
    expect(part(trace, 'output')?.textContent).to.equal(shown)
    expect(highlights(trace).map((element) => element.textContent)).to.deep.equal(
      traceSpans(index, shown).map((span) => span.text),
    )
    expect(highlights(trace).map((element) => element.textContent)).to.deep.equal([texts.staff])

    const before = requests
    trace.textContent = `It says "${texts.delivery}"`
    await waitUntil(() => highlights(trace)[0]?.textContent === texts.delivery, 'the new text was never traced')
    expect(requests).to.equal(before + 1)

    // A property set by a script wins over the written text.
    trace.output = texts.quick
    await traced(trace)
    expect(highlights(trace).map((element) => element.textContent)).to.deep.equal([texts.quick])
  })

  it('says so when no passage is in the training data, and sends min-length', async () => {
    const trace = await fixture<LedgerTrace>(
      html`<ledger-trace index-url=${TRACE_URL} output="Nothing here was ever written before, surely."></ledger-trace>`,
    )
    await traced(trace)
    expect(statusOf(trace)).to.equal('No passage of this answer appears verbatim in the training data.')
    expect(highlights(trace)).to.have.length(0)

    // Long enough for the staff sentence (50 bytes), too long for the French one (40).
    trace.minLength = 45
    trace.output = explanation
    await traced(trace)
    expect(highlights(trace).map((element) => element.textContent)).to.deep.equal([texts.staff, texts.delivery])
  })

  it('says why, in words a page can replace, when the index is unreachable, refuses or answers nonsense', async () => {
    const trace = await fixture<LedgerTrace>(
      html`<ledger-trace index-url="http://127.0.0.1:9/trace" output="An answer." .strings=${{
        traceUnreachable: 'Index injoignable.',
      }}></ledger-trace>`,
    )
    await traced(trace)
    expect(statusOf(trace)).to.equal('Index injoignable.')
    expect(part(trace, 'status')?.getAttribute('role')).to.equal('status')
    await expect(trace).to.be.accessible()

    for (const [i] of malformed.entries()) {
      trace.indexUrl = `${MALFORMED_URL}?case=${i}`
      await traced(trace)
      expect(statusOf(trace), `case ${i}`).to.equal(
        'The training-data index sent something that is not a trace: check its address (index-url).',
      )
      expect(highlights(trace), `case ${i}`).to.have.length(0)
    }

    const before = requests
    trace.indexUrl = TRACE_URL
    trace.output = 'x'.repeat(20_001)
    await traced(trace)
    expect(requests).to.equal(before + 1)
    expect(statusOf(trace)).to.match(/^The training-data index could not trace this answer: \S/)
    expect(highlights(trace)).to.have.length(0)

    const retry = [...(trace.shadowRoot?.querySelectorAll('button') ?? [])].find((b) => b.textContent === 'Try again')
    retry?.click()
    await traced(trace)
    expect(requests).to.equal(before + 2, 'a problem offers to try again')
  })

  it('takes its text from a <ledger-provider>', async () => {
    const provider = await fixture<HTMLElement>(
      html`<ledger-provider .strings=${{
        traceFound: (spans: number) => `${spans} passages retrouvés`,
      }}><ledger-trace index-url=${TRACE_URL} .output=${explanation}></ledger-trace></ledger-provider>`,
    )
    const trace = provider.querySelector('ledger-trace') as LedgerTrace
    await traced(trace)
    expect(statusOf(trace)).to.equal('3 passages retrouvés')
  })

  it('looks right traced, with a passage’s sources open, in light and dark (test-artifacts/screenshots)', async () => {
    // One source registered on the chain, so its badge shows verified provenance.
    const { datanetId } = await createDatanetAndWait(clientOf(actors.owner), { metadataURI: 'data:,trace' })
    const metadata = JSON.stringify({ name: 'A hotel review', contentHash: hashOf('staff') })
    await registerContributionAndWait(clientOf(actors.alice), {
      datanetId,
      contentHash: hashOf('staff') as Hex,
      metadataHash: keccak256(toBytes(metadata)),
      metadataURI: `data:application/json,${encodeURIComponent(metadata)}`,
    })
    await fixture(html`<div id="trace-shot" style="padding: 16px; width: 560px">
      <ledger-trace index-url=${TRACE_URL} .output=${explanation} .client=${clientOf()}></ledger-trace>
    </div>`)
    const trace = document.querySelector('#trace-shot ledger-trace') as LedgerTrace
    await traced(trace)
    highlights(trace)[0]?.click()
    await trace.updateComplete
    const badge = part(trace, 'sources')?.querySelector('ledger-badge') as LedgerBadge
    await waitUntil(() => /Verified contribution/.test(badge.shadowRoot?.textContent ?? ''), 'badge never verified', {
      timeout: 20_000,
    })
    await screenshotBothSchemes('trace-open', '#trace-shot')
  })
})
