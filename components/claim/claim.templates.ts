import { html, nothing } from 'lit'
import type { Address, Chain, Hash } from 'viem'
import type { EpochEarning } from '../../src/actions/rewards/getRewardHistory.js'
import { shortHash } from '../../src/format.js'
import { passkeyAccountPanel } from '../shared/passkey/passkey.templates.js'
import type { PasskeyController } from '../shared/passkey/passkeyController.js'
import type { TransactionState } from '../shared/transactionController.js'
import { transactionUrl } from '../shared/transactionUrl.js'
import type { WalletStrings } from '../shared/wallet/wallet.strings.js'
import type { WalletController } from '../shared/wallet/walletController.js'
import { walletErrorText } from '../shared/wallet/walletErrors.js'
import { walletPicker } from '../shared/wallet/walletPicker.js'
import type { ClaimStrings } from './claim.strings.js'
import { historyChart } from './historyChart.js'
import type { Rewards } from './readRewards.js'
import { formatAmount } from './tokenAmount.js'

export type Strings = ClaimStrings & WalletStrings
type Status = { kind: string; text: string; symbol?: string; extra?: unknown }
/** What the card shows in a state: its content, the live status line and the actions below it. */
export type View = { content?: unknown; status: Status; actions?: unknown }
export type Claimed = { account: Address; amount: bigint; epochId: number }
export type Sent = { to: Address; amount: bigint }
/** The send form: what was typed, what is wrong with it, and, once it is right, what will be sent. */
export type SendForm = { to: string; amount: string; errors: { to?: string; amount?: string }; review?: Sent }

export const messageOf = (error: unknown) =>
  (error as { shortMessage?: string } | undefined)?.shortMessage ?? (error as Error | undefined)?.message ?? ''

/** The card: title, whose rewards, the state's content, one status region (so screen readers announce changes). */
export function claimCard(strings: Strings, account: Address | '' | 'invalid', view: View) {
  const { content = nothing, status, actions = nothing } = view
  return html`<section part="card" aria-labelledby="title">
      <header>
        <h2 id="title">${strings.claimTitle}</h2>
        ${account && account !== 'invalid' ? html`<span class="for" title=${account}>${strings.claimFor(account)}</span>` : nothing}
      </header>
      ${content}
      <div role="status" part="status" class=${status.kind}>
        ${status.symbol ? html`<span class="symbol" aria-hidden="true">${status.symbol}</span>` : nothing}
        <span>${status.text} ${status.extra ?? nothing}</span>
      </div>
      ${actions}
    </section>`
}

/** The card's one primary action: claim, retry or reload. */
export function actionButton(part: string, label: string, disabled: boolean, onClick: () => void) {
  return html`<div class="actions">
      <button type="button" class="primary" part=${part} ?disabled=${disabled} @click=${onClick}>
        ${label}
      </button>
    </div>`
}

/** Claimable, claimed so far and balance; dashes while they load. */
export function amountList(rewards: Rewards | undefined, strings: Strings) {
  const show = (amount: bigint | undefined) =>
    rewards && amount !== undefined ? formatAmount(amount, rewards.token) : '—'
  return html`<dl part="amounts" class="amounts" aria-busy=${rewards ? 'false' : 'true'}>
      <div class="main">
        <dt>${strings.claimClaimable}</dt>
        <dd>${show(rewards?.claim.claimable)}</dd>
      </div>
      <div>
        <dt>${strings.claimClaimed}</dt>
        <dd>${show(rewards?.claim.claimed)}</dd>
      </div>
      <div>
        <dt>${strings.claimBalance}</dt>
        <dd>${show(rewards?.balance)}</dd>
      </div>
    </dl>`
}

type HistoryOptions = {
  strings: Strings
  rewards: Rewards
  /** Reading the history failed, with `error`. */
  failed: boolean
  error: unknown
  /** The finished read's earnings, undefined while one is running. */
  history: readonly EpochEarning[] | undefined
}

/** The per-epoch chart, why it could not be read, or nothing while there is no history. */
export function historySection({ strings, rewards, failed, error, history }: HistoryOptions) {
  if (failed) return html`<p class="hint">${strings.claimHistoryFailed} ${messageOf(error)}</p>`
  return history?.length ? historyChart(history, rewards.token, strings) : nothing
}

/**
 * What will be signed: network, contract, amount, recipient and who pays the fee; for a passkey account, in plain
 * words (whose account, and that the platform pays), with the technical facts behind a disclosure.
 */
export function claimSummary(
  { account, chain, deployment, claim, token }: Rewards,
  { strings, passkey, payer }: { strings: Strings; passkey: boolean; payer: Address | undefined },
) {
  if (passkey) {
    return html`<section part="summary" aria-labelledby="summary-heading">
        <h3 id="summary-heading">${strings.claimSummary}</h3>
        <dl class="summary">
          <dt>${strings.claimAmount}</dt>
          <dd>${formatAmount(claim.claimable, token)}</dd>
          <dt>${strings.claimRecipient}</dt>
          <dd>${strings.passkeyYourAccount(account)}</dd>
          <dt>${strings.claimPasskeyCost}</dt>
          <dd>${strings.claimPasskeyFree}</dd>
        </dl>
        <details>
          <summary>${strings.passkeyDetails}</summary>
          <dl>
            <dt>${strings.passkeyDetailsAccount}</dt><dd>${account}</dd>
            <dt>${strings.claimNetwork}</dt><dd>${chain.name} (${chain.id})</dd>
            <dt>${strings.claimContract}</dt><dd>${deployment.distributor}</dd>
          </dl>
        </details>
      </section>`
  }
  const you = (address: Address) => (address === payer ? html` <span class="you">${strings.claimYou}</span>` : nothing)
  return html`<section part="summary" aria-labelledby="summary-heading">
      <h3 id="summary-heading">${strings.claimSummary}</h3>
      <dl class="summary">
        <dt>${strings.claimNetwork}</dt>
        <dd>${chain.name} (${chain.id})</dd>
        <dt>${strings.claimContract}</dt>
        <dd class="mono">${deployment.distributor}</dd>
        <dt>${strings.claimAmount}</dt>
        <dd>${formatAmount(claim.claimable, token)}</dd>
        <dt>${strings.claimRecipient}</dt>
        <dd class="mono">${account}${you(account)}</dd>
        ${payer ? html`<dt>${strings.claimFeePayer}</dt><dd class="mono">${payer}${you(payer)}</dd>` : nothing}
      </dl>
    </section>`
}

type WalletOptions = {
  strings: Strings
  wallet: WalletController
  passkey: PasskeyController
  /** The rewards' chain, once they are read: a wallet on another chain is told so. */
  chain: Chain | undefined
  /** Connects through WalletConnect; undefined when the page did not enable it. */
  onWalletConnect: (() => void) | undefined
  claiming: boolean
  sending: boolean
}

/** The wallet choices; once connected, whose wallet (or passkey account) it is and the way out. */
export function walletSection({ strings, wallet, passkey, chain, onWalletConnect, claiming, sending }: WalletOptions) {
  const connection = wallet.connection
  const wrongChain = connection && chain && connection.chainId !== chain.id
  if (!connection) {
    return html`${walletPicker(wallet, strings, { onWalletConnect, passkey })}
        ${wallet.error ? html`<p class="hint">${walletErrorText(wallet.error, strings)}</p>` : nothing}`
  }
  if (connection.passkey) return passkeyAccountPanel(passkey, strings, { locked: claiming || sending })
  return html`<p class="connected">
        <span>${strings.walletConnected(connection.name, shortHash(connection.account))}</span>
        <button type="button" class="link" ?disabled=${claiming} @click=${() => wallet.disconnect()}>
          ${strings.walletDisconnect}
        </button>
      </p>
      ${wrongChain ? html`<p class="hint">${strings.walletWrongChain(chain.name)}</p>` : nothing}`
}

type SendOptions = {
  strings: Strings
  rewards: Rewards
  form: SendForm
  state: TransactionState<Sent>
  busy: boolean
  onEdit: (field: 'to' | 'amount', value: string) => void
  /** Checks the form and, when it is right, shows what will be sent. */
  onReview: () => void
  /** Back from the review to the form. */
  onChange: () => void
  onSend: (review: Sent) => void
}

/**
 * A passkey account's way to send tokens on: the recipient and the amount, then both shown plainly for the person to
 * confirm before the one passkey prompt; then the outcome.
 */
export function sendSection({
  strings,
  rewards,
  form: { to, amount, errors, review },
  state,
  busy,
  ...on
}: SendOptions) {
  const shown = (value: bigint) => formatAmount(value, rewards.token)
  let form: unknown
  if (review && state.status !== 'confirmed') {
    form = html`<dl class="summary">
          <dt>${strings.claimAmount}</dt>
          <dd>${shown(review.amount)}</dd>
          <dt>${strings.claimSendTo}</dt>
          <dd class="mono">${review.to}</dd>
          <dt>${strings.claimPasskeyCost}</dt>
          <dd>${strings.claimPasskeyFree}</dd>
        </dl>
        <div class="actions">
          <button type="button" class="primary" part="send-button" ?disabled=${busy}
            @click=${() => on.onSend(review)}>
            ${state.status === 'failed' ? strings.claimRetry : strings.claimSendConfirm}
          </button>
          <button type="button" ?disabled=${busy} @click=${on.onChange}>${strings.claimSendChange}</button>
        </div>`
  } else {
    const field = (id: 'to' | 'amount', label: string, value: string, error: string | undefined, mode: string) =>
      html`<div class="field">
          <label for="send-${id}">${label}</label>
          <input id="send-${id}" type="text" inputmode=${mode} autocomplete="off" spellcheck="false" .value=${value}
            aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `send-${id}-error` : nothing}
            @input=${(event: Event) => on.onEdit(id, (event.target as HTMLInputElement).value)} />
          ${error ? html`<p class="error" id="send-${id}-error">${error}</p>` : nothing}
        </div>`
    form = html`<p class="hint">${strings.claimSendHint(shown(rewards.balance))}</p>
        ${field('to', strings.claimSendTo, to, errors.to, 'text')}
        ${field('amount', strings.claimSendAmount(rewards.token.symbol), amount, errors.amount, 'decimal')}
        <div class="actions">
          <button type="button" @click=${on.onReview}>${strings.claimSendReview}</button>
        </div>`
  }
  const status =
    state.status === 'awaiting-wallet'
      ? strings.passkeyAwaiting
      : state.status === 'pending'
        ? strings.claimSendPending
        : state.status === 'confirmed'
          ? strings.claimSent(shown(state.result.amount), shortHash(state.result.to))
          : state.status === 'failed'
            ? `${strings.claimSendFailed} ${messageOf(state.error)}`
            : ''
  const kind = state.status === 'failed' ? 'failed' : state.status === 'confirmed' ? 'confirmed' : ''
  const symbol = kind ? html`<span class="symbol" aria-hidden="true">${kind === 'failed' ? '✕' : '✓'}</span>` : nothing
  const reviewing = review && state.status !== 'confirmed'
  return html`<section part="send" aria-labelledby="send-heading">
      <h3 id="send-heading">${reviewing ? strings.claimSendSummary : strings.claimSendHeading}</h3>
      ${form}
      <div role="status" class=${kind}>${status ? html`${symbol}<span>${status}</span>` : nothing}</div>
    </section>`
}

type StatusOptions = {
  strings: Strings
  state: TransactionState<Claimed>
  rewards: Rewards
  /** Signed in with a passkey account: plain words, no transaction hash (an explorer link is fine). */
  passkey: boolean
  explorerUrl: string | undefined
}

/** The claim's state in words, for the card's status region. */
export function claimStatus({ strings, state, rewards, passkey, explorerUrl }: StatusOptions): Status {
  const amount = (value: bigint) => formatAmount(value, rewards.token)
  const link = (hash: Hash | undefined) => {
    if (!hash) return nothing
    const url = transactionUrl(explorerUrl, hash)
    if (url) return html`<a href=${url} target="_blank" rel="noopener noreferrer">${strings.claimViewTransaction}</a>`
    return passkey ? nothing : html`<span class="hash">${strings.claimTransaction(hash)}</span>`
  }
  switch (state.status) {
    case 'awaiting-wallet':
      return { kind: 'busy', text: passkey ? strings.claimPasskeySending : strings.claimAwaitingWallet, symbol: '⋯' }
    case 'pending':
      return {
        kind: 'busy',
        text: passkey ? strings.claimPasskeyPending : strings.claimPending,
        symbol: '⋯',
        extra: link(state.hash),
      }
    case 'confirmed':
      return {
        kind: 'confirmed',
        text: strings.claimConfirmed(amount(state.result.amount)),
        symbol: '✓',
        extra: link(state.hash),
      }
    case 'failed':
      return {
        kind: 'failed',
        text: `${strings.claimFailed} ${messageOf(state.error)}`,
        symbol: '✕',
        extra: link(state.hash),
      }
    case 'idle':
      return rewards.claim.claimable > 0n
        ? { kind: 'ready', text: strings.claimReady(amount(rewards.claim.claimable)), symbol: '●' }
        : { kind: 'nothing', text: strings.claimNothing, symbol: '○' }
  }
}
