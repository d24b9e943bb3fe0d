import { Task, TaskStatus } from '@lit/task'
import { html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import type { TracedSpan } from '../../src/attribution/spans/traceSpans.js'
import '../badge/define.js'
import { LedgerConfigController } from '../shared/configController.js'
import { LedgerConfigElement } from '../shared/configElement.js'
import { displayText } from '../shared/displayText.js'
import { type TraceStrings, traceStrings } from './trace.strings.js'
import { traceStyles } from './trace.styles.js'

/** What the widget reads of each span the trace endpoint returns. */
type Span = Pick<TracedSpan, 'start' | 'end' | 'occurrences' | 'documentCount' | 'sources'>

type TraceState =
  | { kind: 'idle' }
  | { kind: 'traced'; spans: Span[] }
  | { kind: 'error'; message: Exclude<keyof TraceStrings, 'traceRefused'> }
  | { kind: 'refused'; reason: string }

/** A stretch of the output: plain text (`span` -1), or part of the span at that rank. */
type Segment = { start: number; end: number; span: number }

const HASH = /^0x[0-9a-fA-F]{64}$/
const count = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0
/** More than a page can show or a person read: an answer past these is not a trace. */
const MAX_SPANS = 1_000
const MAX_SOURCES = 100

/**
 * The spans, if `body` is a trace of an output of `length` UTF-16 units; else undefined. Every field is checked for
 * its type before it is compared, so no answer, however odd, can make the widget throw.
 */
function spansOf(body: unknown, length: number): Span[] | undefined {
  const spans = (body as { spans?: unknown } | null)?.spans
  const valid =
    Array.isArray(spans) &&
    spans.length <= MAX_SPANS &&
    spans.every((span: Partial<Record<keyof Span, unknown>> | null) => {
      const sources = span?.sources
      return (
        count(span?.start) &&
        count(span.end) &&
        span.start < span.end &&
        span.end <= length &&
        count(span.occurrences) &&
        count(span.documentCount) &&
        Array.isArray(sources) &&
        sources.length <= Math.min(span.documentCount, MAX_SOURCES) &&
        sources.every((source) => typeof source?.contentHash === 'string' && HASH.test(source.contentHash))
      )
    })
  return valid ? (spans as Span[]) : undefined
}

/**
 * The output cut at every span boundary. A piece covered by several (overlapping) spans belongs to the best-ranked
 * one, the first in the endpoint's order: it is the longest and rarest, so its sources say most about where those
 * words came from. Neighbouring pieces of one span are joined, so each span is one highlight.
 */
function traceSegments(length: number, spans: readonly Pick<Span, 'start' | 'end'>[]): Segment[] {
  const cuts = [...new Set([0, length, ...spans.flatMap(({ start, end }) => [start, end])])].sort((a, b) => a - b)
  const segments: Segment[] = []
  for (let i = 1; i < cuts.length; i++) {
    const start = cuts[i - 1] as number
    const end = cuts[i] as number
    const span = spans.findIndex((covering) => covering.start <= start && end <= covering.end)
    const last = segments.at(-1)
    if (last?.span === span) last.end = end
    else segments.push({ start, end, span })
  }
  return segments
}

/**
 * @summary Shows a model's answer with the passages that occur verbatim in its training data highlighted, and, for
 * each, the training contributions it comes from as `<ledger-badge>`s.
 *
 * It posts the answer to a trace endpoint (`createTraceHandler` from `attribution-ledger/attribution`, over the model's
 * span index) and highlights the spans it returns. Select a highlight (click, Enter or Space) to list its sources;
 * Escape closes the list and returns to the highlight.
 *
 * @csspart output - The answer's text.
 * @csspart span - A traced passage in it: underlined and shaded, and a button.
 * @csspart status - What the trace found, or why there is none, in words.
 * @csspart sources - The list of the selected passage's training contributions.
 * @cssproperty --ledger-accent - Accent colour: the highlights, their underline, the borders and buttons.
 * @cssproperty --ledger-radius - Corner radius of the element and of the sources list.
 * @cssproperty --ledger-font - Font family.
 * @cssproperty --ledger-surface - Background.
 * @cssproperty --ledger-text - Text colour.
 * @cssproperty --ledger-muted - Colour of the status and the counts.
 * @cssproperty --ledger-danger - Colour of the status when the answer could not be traced.
 */
export class LedgerTrace extends LedgerConfigElement {
  static override styles = traceStyles

  /**
   * The model's answer to trace. Unset, the text written inside the element is traced, its white space collapsed as
   * the page shows it; so `<ledger-trace index-url="…">The answer</ledger-trace>` reads well before the script loads.
   */
  @property() output = ''
  /** The trace endpoint: it answers POST `{ output, minLength? }` with `{ indexHash, spans }`. */
  @property({ attribute: 'index-url' }) indexUrl = ''
  /** The shortest passage to highlight, in UTF-8 bytes; unset, the endpoint's default (24). */
  @property({ attribute: 'min-length', type: Number }) minLength = 0

  /** The rank of the span whose sources are listed. */
  @state() private selected: number | undefined
  /** The text written inside the element, kept up to date; traced when `output` is unset. */
  @state() private writtenOutput = ''

  readonly #written = new MutationObserver(() => this.#readWritten())

  // Before the task: the badges it lists read what it resolves.
  readonly #settings = new LedgerConfigController(this)

  // A task, so a late answer for an earlier output never overwrites a newer one.
  readonly #trace = new Task(this, {
    args: () => [this.#answer, this.indexUrl, this.minLength] as const,
    task: ([output, indexUrl, minLength], { signal }) => {
      this.selected = undefined
      return this.#look(output, indexUrl, minLength, signal)
    },
  })

  async #look(output: string, indexUrl: string, minLength: number, signal: AbortSignal): Promise<TraceState> {
    if (!output || !indexUrl) return { kind: 'idle' }
    let response: Response
    let body: unknown
    try {
      response = await fetch(indexUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(minLength ? { output, minLength } : { output }),
        signal,
      })
      body = await response.json().catch(() => undefined)
    } catch (error) {
      if (signal.aborted) throw error
      return { kind: 'error', message: 'traceUnreachable' }
    }
    // The trace handler says why as `{ error: { name, message } }`; other servers often as `{ error: message }`.
    const said = (body as { error?: unknown } | undefined)?.error
    const reason = typeof said === 'string' ? said : (said as { message?: unknown } | undefined)?.message
    if (!response.ok) {
      return typeof reason === 'string'
        ? { kind: 'refused', reason: displayText(reason, 200) }
        : { kind: 'error', message: 'traceUnreachable' }
    }
    const spans = spansOf(body, output.length)
    return spans ? { kind: 'traced', spans } : { kind: 'error', message: 'traceMalformed' }
  }

  async #open(rank: number) {
    this.selected = rank
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>('h3')?.focus()
  }

  #close() {
    const rank = this.selected
    this.selected = undefined
    this.renderRoot.querySelector<HTMLElement>(`[data-rank="${rank}"]`)?.focus()
  }

  constructor() {
    super()
    // On the host, so Escape works wherever focus is inside: a highlight, the list, or a badge's copy button.
    this.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.selected !== undefined) this.#close()
    })
  }

  override connectedCallback() {
    super.connectedCallback()
    this.#readWritten()
    this.#written.observe(this, { childList: true, characterData: true, subtree: true })
  }

  override disconnectedCallback() {
    super.disconnectedCallback()
    this.#written.disconnect()
  }

  #readWritten() {
    this.writtenOutput = (this.textContent ?? '').replace(/\s+/g, ' ').trim()
  }

  get #answer() {
    return this.output || this.writtenOutput
  }

  #press(event: KeyboardEvent, rank: number) {
    if (event.key !== 'Enter' && event.key !== ' ') return
    // Space would scroll the page, as it does on any element but a native button.
    event.preventDefault()
    void this.#open(rank)
  }

  #sources(span: Span, strings: TraceStrings, text: string) {
    const { client, config } = this.#settings
    const more = span.documentCount - span.sources.length
    return html`<div part="sources" id="sources" role="group" aria-labelledby="sources-heading">
      <h3 id="sources-heading" tabindex="-1">${strings.traceSourcesHeading(span.documentCount)}</h3>
      <p class="detail">“${text}” ${strings.traceOccurrences(span.occurrences, span.documentCount)}</p>
      <ul>
        ${span.sources.map(
          ({ contentHash }) => html`<li><ledger-badge content-hash=${contentHash} .client=${client}
            .deployment=${config.deployment} .deployments=${config.deployments} .strings=${config.strings}></ledger-badge></li>`,
        )}
      </ul>
      ${more > 0 ? html`<p class="detail">${strings.traceMoreSources(more)}</p>` : nothing}
      <button type="button" @click=${() => this.#close()}>${strings.traceClose}</button>
    </div>`
  }

  protected override render() {
    const view: TraceState | undefined =
      this.#trace.status === TaskStatus.PENDING
        ? undefined
        : this.#trace.status === TaskStatus.ERROR
          ? { kind: 'error', message: 'traceMalformed' }
          : this.#trace.value
    const strings = { ...traceStrings, ...this.#settings.config.strings }
    const spans = view?.kind === 'traced' ? view.spans : []
    const selected = this.selected === undefined ? undefined : spans[this.selected]
    const answer = this.#answer
    const text = (start: number, end: number) => answer.slice(start, end)
    const status =
      view === undefined
        ? strings.traceLoading
        : view.kind === 'idle'
          ? strings.traceIdle
          : view.kind === 'traced'
            ? spans.length
              ? strings.traceFound(spans.length)
              : strings.traceNone
            : view.kind === 'refused'
              ? strings.traceRefused(view.reason)
              : (strings[view.message] as string)
    const problem = view?.kind === 'error' || view?.kind === 'refused'
    return html`<p part="output">${traceSegments(answer.length, spans).map(({ start, end, span }) =>
      span < 0
        ? text(start, end)
        : html`<span part="span" role="button" tabindex="0" data-rank=${span} aria-describedby="hint"
            aria-expanded=${this.selected === span} aria-controls=${this.selected === span ? 'sources' : nothing}
            @click=${() => this.#open(span)} @keydown=${(event: KeyboardEvent) => this.#press(event, span)}
            >${text(start, end)}</span>`,
    )}</p>
      <span id="hint" hidden>${strings.traceSpanHint}</span>
      <p part="status" class=${problem ? 'problem' : ''} role="status" aria-busy=${view === undefined}>${status}</p>
      ${problem ? html`<button type="button" @click=${() => this.#trace.run()}>${strings.traceRetry}</button>` : nothing}
      ${selected ? this.#sources(selected, strings, text(selected.start, selected.end)) : nothing}`
  }
}
