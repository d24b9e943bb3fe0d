/**
 * "Ask the model": a person asks the demo's current model about a short review, the platform logs the query with the
 * fee it charged, and the card shows where that fee goes, contribution by contribution, to the token unit.
 */

import 'attribution-ledger/components/trace/define'
import { displayText, formatAmount, type TokenInfo } from 'attribution-ledger/components'
import { html, nothing, render } from 'lit'
import type { Address, Hex } from 'viem'
import {
  askModel,
  type ContributionEntry,
  type DemoConfig,
  loadContributions,
  type ModelAnswer,
  shortHex,
} from './api.js'
import { messageOf } from './page.js'

/** Reviews the demo's first model answers as a reader would, one click each. */
const EXAMPLES = [
  'Lovely staff and a spotless room.',
  'The parcel arrived broken and support never answered.',
  'A brilliant film with a wonderful cast.',
]
const NAME_LENGTH = 34

const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 })

type Answered = { answer: ModelAnswer; contributions: Map<Hex, ContributionEntry> }

export type AskCardContext = {
  /** The demo's configuration as last loaded: the current model, the fee and the queries waiting to be paid out. */
  config: () => DemoConfig
  token: () => Promise<TokenInfo>
  you: (account: Address) => boolean
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`

/**
 * Each contribution that supported the answer (its name, linked to its badge in the gallery, its hash and its
 * contributor), with its exact share of the fee, and the total. Two columns, so the amounts fit a phone.
 */
function sharesTable({ answer, contributions }: Answered, token: TokenInfo, you: AskCardContext['you']) {
  const fee = BigInt(answer.fee)
  const percentOf = (amount: bigint) => percent.format(Number((amount * 10_000n) / fee) / 10_000)
  return html`<div class="table-wrap">
    <table>
      <thead>
        <tr><th scope="col">Contribution</th><th scope="col">Share of the fee</th></tr>
      </thead>
      <tbody>
        ${answer.shares.map(({ contentHash, contributor, amount }) => {
          const entry = contributions.get(contentHash)
          const name = displayText(entry?.name, NAME_LENGTH, shortHex(contentHash))
          return html`<tr>
            <th scope="row" title=${contentHash}>
              ${entry ? html`<a href="/gallery.html#${contentHash}">${name}</a>` : name}
              <span class="line mono small muted">${shortHex(contentHash)}</span>
              <span class="line small" title=${contributor}>by&nbsp;<span class="mono">${shortHex(contributor)}</span>${
                you(contributor) ? ' (you)' : ''
              }</span>
            </th>
            <td class="number">
              <span class="line">${formatAmount(BigInt(amount), token)}</span>
              <span class="line small muted">${percentOf(BigInt(amount))}</span>
            </td>
          </tr>`
        })}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td class="number"><span class="line">${formatAmount(fee, token)}</span></td>
        </tr>
      </tfoot>
    </table>
  </div>`
}

/** The answer in a sentence, for the live region. */
function verdict({ answer }: Answered, token: TokenInfo) {
  const positive = answer.answer === 1
  const fee = formatAmount(BigInt(answer.fee), token)
  return html`<div class="verdict ${positive ? 'positive' : 'negative'}">
    <p>
      <span class="sign" aria-hidden="true">${positive ? '+' : '−'}</span>
      ${displayText(answer.model, 60)} says <strong>${positive ? 'Positive' : 'Negative'}</strong>.
      ${
        answer.shares.length
          ? `Its ${fee} fee goes to ${plural(answer.shares.length, 'contribution')}.`
          : `Its ${fee} fee is held back.`
      }
    </p>
    <p class="quote">“${displayText(answer.text, 280)}”</p>
  </div>`
}

/** Where the answer's fee went, or why it is held back. */
function feeView(answered: Answered, token: TokenInfo, you: AskCardContext['you']) {
  const { answer } = answered
  return html`${
    answer.shares.length
      ? html`<p class="small">
            Split over the training reviews in proportion to their exact Shapley value for this answer alone (a review
            that argues against it gets nothing), exact to the token unit. A usage epoch pays each contributor these
            shares summed over every query, rounded once, so within a unit per query.
          </p>
          ${sharesTable(answered, token, you)}`
      : html`<p class="notice">
          No training review supports this answer, so nobody can be paid for it. The fee is not lost: the usage epoch
          lists the query as unattributed and keeps its fee out of the budget.
        </p>`
  }
    <p class="small muted">Logged as query <code>${answer.id.slice(0, 8)}</code>; a usage epoch pays it out.</p>`
}

/**
 * The model's explanation, with the passages it quotes from its training data traced back to their contributions.
 * A card of its own beside "Ask the model", so that card's one status stays the answer's.
 */
function traceCard({ answer }: Answered) {
  return html`<section class="card trace-card" aria-labelledby="trace-heading">
    <h2 id="trace-heading">Where the answer’s words come from</h2>
    <p class="small muted">
      The model explains its answer by quoting the training reviews that decided it. Each highlighted passage occurs
      verbatim in its training data: select one to see which contributions hold it, checked on the chain.
    </p>
    <ledger-trace index-url="/api/trace" .output=${answer.explanation}></ledger-trace>
  </section>`
}

/**
 * Renders the card into `root` and answers its form. `refresh` re-renders it from the configuration, e.g. after an
 * epoch trained a new model or paid the waiting queries out.
 */
export function mountAskCard(root: HTMLElement, { config, token, you }: AskCardContext) {
  let text = ''
  let asking = false
  let answered: Answered | undefined
  let problem: string | undefined
  let tokenInfo: TokenInfo | undefined
  // What the latest answer said is waiting, until the configuration is loaded again.
  let pending: ModelAnswer['pending'] | undefined

  const ask = async (question: string) => {
    if (asking || !question.trim()) return
    asking = true
    problem = undefined
    update()
    try {
      const [answer, list, info] = await Promise.all([askModel(question), loadContributions(), token()])
      answered = { answer, contributions: new Map(list.map((entry) => [entry.contentHash, entry])) }
      pending = answer.pending
      tokenInfo = info
    } catch (error) {
      problem = messageOf(error)
    } finally {
      asking = false
      update()
    }
  }

  const update = () => {
    const { models, usage } = config()
    const model = models.at(-1)
    const waiting = pending ?? usage.pending
    const fee = tokenInfo ? formatAmount(BigInt(usage.fee), tokenInfo) : '…'
    render(
      html`<section class="card ask" aria-labelledby="ask-heading">
        <div class="ask-form">
          <h2 id="ask-heading">Ask the model</h2>
          <p class="muted">
            ${model ? displayText(model.name, 60) : 'The model'} reads a short review and answers positive or negative
            from its ${usage.k} nearest training reviews. Each answer costs <strong>${fee}</strong>; a usage epoch pays
            it to the contributions whose reviews supported the answer.
          </p>
          <form @submit=${(event: Event) => {
            event.preventDefault()
            void ask(text)
          }}>
            <label for="review">A short review</label>
            <textarea class="input" id="review" rows="2" maxlength=${usage.maxLength} required
              placeholder="The room was clean and the staff were kind."
              .value=${text} @input=${(event: Event) => {
                text = (event.target as HTMLTextAreaElement).value
              }}></textarea>
            <button class="button primary" type="submit" ?disabled=${!model || asking}>
              Ask the model
            </button>
          </form>
          <p class="small muted" id="examples-label">Or ask one of these:</p>
          <ul class="examples" aria-labelledby="examples-label">
            ${EXAMPLES.map(
              (example) => html`<li>
                <button class="button" type="button" ?disabled=${!model || asking} @click=${() => {
                  text = example
                  void ask(example)
                }}>${example}</button>
              </li>`,
            )}
          </ul>
          <p class="small muted">
            ${
              waiting.queries
                ? `${plural(waiting.queries, 'query', 'queries')} (${
                    tokenInfo ? formatAmount(BigInt(waiting.fees), tokenInfo) : '…'
                  } in fees) ${waiting.queries === 1 ? 'waits' : 'wait'} for the next usage epoch.`
                : 'No queries are waiting to be paid out.'
            }
          </p>
        </div>
        <div class="ask-answer">
          <div role="status">${
            asking
              ? html`<p class="muted">Asking ${model ? displayText(model.name, 60) : 'the model'}…</p>`
              : answered && tokenInfo && !problem
                ? verdict(answered, tokenInfo)
                : problem
                  ? nothing
                  : html`<p class="muted">Its answer appears here, with where the fee went.</p>`
          }</div>
          ${problem ? html`<p class="notice error" role="alert">The model could not answer: ${problem}</p>` : nothing}
          ${answered && tokenInfo && !problem && !asking ? feeView(answered, tokenInfo, you) : nothing}
        </div>
      </section>
      ${answered && !problem && !asking ? traceCard(answered) : nothing}`,
      root,
    )
  }

  token().then(
    (info) => {
      tokenInfo = info
      update()
    },
    () => undefined,
  )
  update()
  return {
    refresh() {
      pending = undefined
      update()
    },
  }
}
