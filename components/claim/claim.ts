import { initialState, Task, TaskStatus } from '@lit/task'
import { html, LitElement, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { type Address, type Chain, getAddress, type Hash, isAddress, parseUnits } from 'viem'
import type { LedgerDeployment } from '../../src/chains.js'
import type { LedgerClient } from '../../src/client.js'
import { AccountRequiredError } from '../../src/errors/account.js'
import { toLedgerError } from '../../src/errors/contract.js'
import { shortHash } from '../../src/format.js'
import type { LedgerConfig } from '../shared/config.js'
import { LedgerConfigController } from '../shared/configController.js'
import { LedgerConfigElement } from '../shared/configElement.js'
import { LedgerErrorEvent } from '../shared/events.js'
import { passkeyStyles } from '../shared/passkey/passkey.styles.js'
import { passkeyAccountPanel } from '../shared/passkey/passkey.templates.js'
import { PasskeyController } from '../shared/passkey/passkeyController.js'
import { TransactionController } from '../shared/transactionController.js'
import { transactionUrl } from '../shared/transactionUrl.js'
import { type WalletStrings, walletStrings } from '../shared/wallet/wallet.strings.js'
import { type WalletConnectOptions, walletConnectOptions } from '../shared/wallet/walletConnect.js'
import { WalletController } from '../shared/wallet/walletController.js'
import { walletErrorText } from '../shared/wallet/walletErrors.js'
import { walletPicker } from '../shared/wallet/walletPicker.js'
import { widgetStyles } from '../shared/widget.styles.js'
import { LedgerClaimedEvent } from './claim.events.js'
import { type ClaimStrings, claimStrings } from './claim.strings.js'
import { claimStyles } from './claim.styles.js'
import { historyChart } from './historyChart.js'
import type { Rewards } from './readRewards.js'
import { formatAmount } from './tokenAmount.js'

type Strings = ClaimStrings & WalletStrings
type Status = { kind: string; text: string; symbol?: string; extra?: unknown }
type View = { content?: unknown; status: Status; actions?: unknown }
type Claimed = { account: Address; amount: bigint; epochId: number }
type Sent = { to: Address; amount: bigint }
/** The send form: what was typed, what is wrong with it, and, once it is right, what will be sent. */
type SendForm = { to: string; amount: string; errors: { to?: string; amount?: string }; review?: Sent }
type Setup = {
  config: LedgerConfig
  client: (LedgerClient & { chain: Chain }) | undefined
  deployment: LedgerDeployment | undefined
  deploymentError: Error | undefined
  /** The checksummed account, '' when there is none yet, or 'invalid'. */
  account: Address | '' | 'invalid'
  strings: Strings
}

const messageOf = (error: unknown) =>
  (error as { shortMessage?: string } | undefined)?.shortMessage ?? (error as Error | undefined)?.message ?? ''

// Only a press of Claim needs the write path: loaded then, it stays out of what the first paint downloads.
const loadClaimActions = () => import('../../src/actions/rewards/claimRewards.js')
// Checking reward files against the chain needs the Merkle code; fetched alongside the first read.
const loadRewardReads = () => import('./readRewards.js')
// A passkey account's claims and sends, with the passkey SDK: loaded when a passkey account first needs them.
const loadPasskeyWrites = () => import('./passkeyWrites.js')

/**
 * @summary Shows an account's claimable reward, what it earned per epoch, and a claim button anyone may press: a
 * platform can set `account` and pay the gas from its own wallet, and the tokens still go to `account`.
 *
 * Every number is checked against the chain: the claimable amount comes from the current epoch's reward file
 * (`reward-tree` or `reward-shards`) and its proof must lead to the on-chain root; after a claim the widget reads the
 * chain again before it says "Claimed". The history needs `reward-history`, a URL with `{epoch}` in it
 * (`/epochs/{epoch}/shards.json` or `/epochs/{epoch}/tree.json`): each active or superseded epoch's file is loaded and
 * its root checked, and an epoch's earnings are its cumulative amount less the previous epoch's. Without it there is no
 * history: per-epoch earnings exist only in the reward files, and `Claimed` events record claims, not earnings.
 *
 * @fires ledger-claimed - A claim was confirmed and the new state read (`LedgerClaimedEvent`: `account`, `amount`,
 * `transactionHash`, `epochId`).
 * @fires ledger-error - Reading or claiming failed (`LedgerErrorEvent`); the widget says so too.
 *
 * @csspart card - The widget's box.
 * @csspart amounts - The claimable amount, what was claimed so far and the balance.
 * @csspart history - The per-epoch history: a figure with the chart and its caption.
 * @csspart chart - The history's SVG bar chart.
 * @csspart summary - What will be signed: network, contract, amount, recipient and who pays the fee.
 * @csspart wallets - The wallet choices.
 * @csspart wallet-button - Each wallet choice.
 * @csspart wallet-status - What the wallet is doing while it connects or reconnects, in place of the choices.
 * @csspart passkey - The passkey choice, its first-use explanation, or the signed-in passkey account.
 * @csspart passkey-button - The button that continues with a passkey, then the one that creates the account.
 * @csspart send - A passkey account's form to send tokens on, then what will be sent, before the passkey prompt.
 * @csspart send-button - The button that sends (after a review of the amount and the recipient).
 * @csspart claim-button - The claim button.
 * @csspart retry-button - The retry (or reload) button after a failure.
 * @csspart status - The live region with the state in words.
 * @cssproperty --ledger-accent - Accent colour: buttons, links, bars.
 * @cssproperty --ledger-on-accent - Text on the accent colour.
 * @cssproperty --ledger-radius - Corner radius.
 * @cssproperty --ledger-font - Font family.
 * @cssproperty --ledger-surface - Background.
 * @cssproperty --ledger-text - Text colour.
 * @cssproperty --ledger-muted - Secondary text.
 * @cssproperty --ledger-border - Borders.
 * @cssproperty --ledger-field - Status and button backgrounds.
 * @cssproperty --ledger-danger - The failure symbol.
 * @cssproperty --ledger-success - The success symbol.
 */
export class LedgerClaim extends LedgerConfigElement {
  static override styles = [widgetStyles, passkeyStyles, claimStyles]
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true }

  /** Whose rewards to show and claim; the connected wallet's account when unset. */
  @property() account = ''
  /** URL of the current epoch's reward tree (OpenZeppelin `standard-v1` JSON). */
  @property({ attribute: 'reward-tree' }) rewardTree = ''
  /** URL of the current epoch's shard index (`shards.json`); only the account's shard is downloaded. */
  @property({ attribute: 'reward-shards' }) rewardShards = ''
  /** URL template of every epoch's reward file, `{epoch}` standing for the epoch id: enables the history. */
  @property({ attribute: 'reward-history' }) rewardHistory = ''
  readonly #settings = new LedgerConfigController(this)
  #wallet = new WalletController(this, () => this.#walletConnectOptions())
  #passkey = new PasskeyController(this, {
    wallet: this.#wallet,
    target: () => {
      const { client, deployment, config } = this.#setup
      return client && deployment && { client, deployment, relayUrl: config.relayUrl ?? '' }
    },
    strings: () => this.#setup.strings,
  })
  #transaction = new TransactionController<Claimed>(this)
  #sending = new TransactionController<Sent>(this)
  @state() private sendForm: SendForm = { to: '', amount: '', errors: {} }
  /** The checksummed account, '' when there is none yet, or 'invalid'. */
  #account: Address | '' | 'invalid' = ''

  #rewards = new Task(this, {
    // Primitives and stable objects only: a new object on every update would re-run the task on every update.
    args: () => {
      const { client, account, deployment, deploymentError } = this.#setup
      return [client, deployment, deploymentError, account, this.rewardShards, this.rewardTree] as const
    },
    task: ([client, deployment, deploymentError, account, rewardShards, rewardTree]) => {
      const source = rewardShards ? { rewardShards } : rewardTree ? { rewardTree } : undefined
      if (!client || !account || account === 'invalid' || !source) return initialState
      if (!deployment) throw deploymentError
      return loadRewardReads().then(({ readRewards }) => readRewards(client, { account, deployment, source }))
    },
    onError: (error) => this.#report(error),
  })

  #history = new Task(this, {
    args: () => {
      const { client, account, deployment, deploymentError } = this.#setup
      return [client, deployment, deploymentError, account, this.rewardHistory] as const
    },
    task: ([client, deployment, deploymentError, account, template]) => {
      if (!client || !account || account === 'invalid' || !template) return initialState
      if (!deployment) throw deploymentError
      return loadRewardReads().then(({ getRewardHistory }) =>
        getRewardHistory(client, { account, template, deployment }),
      )
    },
    onError: (error) => this.#report(error),
  })

  protected override willUpdate() {
    const wanted = this.account || this.#wallet.connection?.account || ''
    const account = !wanted ? '' : isAddress(wanted, { strict: false }) ? getAddress(wanted) : 'invalid'
    if (account !== this.#account && !this.#transaction.busy) this.#transaction.reset()
    if (account !== this.#account && !this.#sending.busy) {
      this.#sending.reset()
      this.sendForm = { to: '', amount: '', errors: {} }
    }
    this.#account = account
  }

  get #setup(): Setup {
    const { config, client, deployment, deploymentError } = this.#settings
    return {
      config,
      client: client?.chain ? (client as LedgerClient & { chain: Chain }) : undefined,
      deployment,
      deploymentError,
      account: this.#account,
      strings: { ...claimStrings, ...walletStrings, ...config.strings } as Strings,
    }
  }

  #report(error: unknown) {
    // Reads fail with the SDK's or viem's own errors, which already say what went wrong; anything else gets a name.
    this.dispatchEvent(new LedgerErrorEvent(error instanceof Error ? error : toLedgerError(error)))
  }

  async #claim({ account, chain, deployment, claim }: Rewards) {
    const { client, config } = this.#setup
    if (!client) return
    // A passkey account's claim needs no prompt: the relay sends it, and a claim can only pay the account.
    const relayUrl = this.#wallet.connection?.passkey ? config.relayUrl : undefined
    const claimed = await this.#transaction.run({
      send: async () => {
        if (relayUrl) {
          const { claimThroughRelay } = await loadPasskeyWrites()
          const { cumulativeAmount, proof } = claim
          return claimThroughRelay(relayUrl, { account, cumulativeAmount, proof })
        }
        const [{ claimRewards }] = await Promise.all([loadClaimActions(), this.#wallet.ensureChain(chain)])
        const walletClient = this.#wallet.walletClient(chain)
        if (!walletClient) throw new AccountRequiredError()
        const { cumulativeAmount, proof } = claim
        return claimRewards(walletClient, { account, cumulativeAmount, proof, deployment })
      },
      confirm: async (hash, progress) => {
        if (!hash) {
          // The relay found it already paid (sent twice, from two tabs): the chain has it, so show the chain.
          await this.#rewards.run()
          return { account, amount: claim.claimable, epochId: claim.epochId }
        }
        const { waitForClaim } = await loadClaimActions()
        const paid = await waitForClaim(client, hash, { onProgress: progress })
        // "Claimed" is only said once the amounts on screen are the chain's new ones.
        await this.#rewards.run()
        return paid
      },
    })
    const outcome = this.#transaction.state
    if (claimed && outcome.status === 'confirmed' && outcome.hash) {
      this.dispatchEvent(new LedgerClaimedEvent({ ...claimed, transactionHash: outcome.hash }))
    } else if (outcome.status === 'failed') this.#report(outcome.error)
  }

  /** Checks the send form; when it is right, shows what will be sent, for the person to confirm before the prompt. */
  #review(rewards: Rewards) {
    const { strings } = this.#setup
    const { to, amount } = this.sendForm
    const errors: SendForm['errors'] = {}
    const recipient = isAddress(to.trim(), { strict: false }) ? getAddress(to.trim()) : undefined
    if (!recipient) errors.to = strings.claimSendToInvalid
    let value: bigint | undefined
    try {
      value = parseUnits(amount.trim().replace(/,/g, ''), rewards.token.decimals)
    } catch {
      value = undefined
    }
    if (value === undefined || value <= 0n) errors.amount = strings.claimSendAmountInvalid
    else if (value > rewards.balance)
      errors.amount = strings.claimSendAmountTooHigh(formatAmount(rewards.balance, rewards.token))
    const review = recipient && value !== undefined && !errors.amount ? { to: recipient, amount: value } : undefined
    this.sendForm = { ...this.sendForm, errors, ...(review ? { review } : {}) }
    if (!review) {
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>('[part~="send"] [aria-invalid="true"]')?.focus(),
      )
    }
  }

  async #send(rewards: Rewards, { to, amount }: Sent) {
    const { client, config } = this.#setup
    const account = this.#wallet.connection?.passkey
    const relayUrl = config.relayUrl
    if (!client || !account || !relayUrl) return
    let confirmed: (() => Promise<unknown>) | undefined
    const sent = await this.#sending.run({
      send: async () => {
        const { sendTokens } = await loadPasskeyWrites()
        const result = await sendTokens(client, { account, token: rewards.token.address, to, amount, relayUrl })
        confirmed = result.confirmed
        return result.transactionHash
      },
      confirm: async () => {
        await confirmed?.()
        // "Sent" is only said once the balance on screen is the chain's new one.
        await this.#rewards.run()
        return { to, amount }
      },
    })
    if (sent) this.sendForm = { to: '', amount: '', errors: {} }
    else if (this.#sending.state.status === 'failed') this.#report(this.#sending.state.error)
  }

  #reload() {
    this.#transaction.reset()
    void this.#rewards.run()
    if (this.rewardHistory) void this.#history.run()
  }

  protected override render() {
    const { strings, account } = this.#setup
    const { content = nothing, status, actions = nothing } = this.#view()
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

  /** What to show, by state; the status region itself stays one element, so that screen readers announce changes. */
  #view(): View {
    const { client, account, strings } = this.#setup
    if (!client || !(this.rewardShards || this.rewardTree))
      return { status: { kind: '', text: strings.claimNotConfigured } }
    if (account === 'invalid') return { status: { kind: 'failed', text: strings.claimInvalidAccount, symbol: '✕' } }
    if (!account) return { content: this.#walletSection(), status: { kind: '', text: strings.claimConnectToSee } }
    if (this.#rewards.status === TaskStatus.ERROR) {
      return {
        status: { kind: 'failed', text: `${strings.claimLoadFailed} ${messageOf(this.#rewards.error)}`, symbol: '✕' },
        actions: this.#button('retry-button', strings.claimReload, () => this.#reload()),
      }
    }
    const rewards = this.#rewards.value
    if (!rewards || rewards.account !== account) {
      return { content: this.#amounts(undefined), status: { kind: 'busy', text: strings.claimLoading, symbol: '⋯' } }
    }
    const claimable = rewards.claim.claimable > 0n
    const failed = this.#transaction.state.status === 'failed'
    const claim = () => this.#claim(rewards)
    // A passkey account's panel (add a device, sign out) stays whether or not there is something to claim.
    const passkey = Boolean(this.#wallet.connection?.passkey)
    return {
      content: html`${this.#amounts(rewards)}${this.#historySection(rewards)}
        ${claimable ? this.#summary(rewards) : nothing}
        ${claimable || passkey ? this.#walletSection(rewards.chain) : nothing}`,
      status: this.#transactionStatus(rewards),
      actions: html`${
        claimable && this.#wallet.connection
          ? failed
            ? this.#button('retry-button', strings.claimRetry, claim)
            : this.#button(
                'claim-button',
                strings.claimSubmit(formatAmount(rewards.claim.claimable, rewards.token)),
                claim,
              )
          : nothing
      }${this.#sendSection(rewards)}`,
    }
  }

  /**
   * A passkey account's way to send tokens on: the recipient and the amount, then both shown plainly for the person to
   * confirm before the one passkey prompt; then the outcome, once the balance on screen is the chain's new one.
   */
  #sendSection(rewards: Rewards) {
    const { strings } = this.#setup
    // Only the passkey account's own tokens: a page may show another account's rewards beside the signed-in one.
    const connection = this.#wallet.connection
    if (!connection?.passkey || connection.account !== rewards.account) return nothing
    const state = this.#sending.state
    if (rewards.balance === 0n && state.status === 'idle') return nothing
    const { to, amount, errors, review } = this.sendForm
    const busy = this.#sending.busy
    const shown = (value: bigint) => formatAmount(value, rewards.token)
    const edit = (field: 'to' | 'amount') => (event: Event) => {
      this.sendForm = { ...this.sendForm, [field]: (event.target as HTMLInputElement).value }
    }
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
            @click=${() => this.#send(rewards, review)}>
            ${state.status === 'failed' ? strings.claimRetry : strings.claimSendConfirm}
          </button>
          <button type="button" ?disabled=${busy} @click=${() => {
            this.#sending.reset()
            this.sendForm = { to, amount, errors: {} }
          }}>${strings.claimSendChange}</button>
        </div>`
    } else {
      const field = (id: 'to' | 'amount', label: string, value: string, error: string | undefined, mode: string) =>
        html`<div class="field">
          <label for="send-${id}">${label}</label>
          <input id="send-${id}" type="text" inputmode=${mode} autocomplete="off" spellcheck="false" .value=${value}
            aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `send-${id}-error` : nothing}
            @input=${edit(id)} />
          ${error ? html`<p class="error" id="send-${id}-error">${error}</p>` : nothing}
        </div>`
      form = html`<p class="hint">${strings.claimSendHint(shown(rewards.balance))}</p>
        ${field('to', strings.claimSendTo, to, errors.to, 'text')}
        ${field('amount', strings.claimSendAmount(rewards.token.symbol), amount, errors.amount, 'decimal')}
        <div class="actions">
          <button type="button" @click=${() => {
            this.#sending.reset()
            this.#review(rewards)
          }}>${strings.claimSendReview}</button>
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
    const symbol = kind
      ? html`<span class="symbol" aria-hidden="true">${kind === 'failed' ? '✕' : '✓'}</span>`
      : nothing
    const reviewing = review && state.status !== 'confirmed'
    return html`<section part="send" aria-labelledby="send-heading">
      <h3 id="send-heading">${reviewing ? strings.claimSendSummary : strings.claimSendHeading}</h3>
      ${form}
      <div role="status" class=${kind}>${status ? html`${symbol}<span>${status}</span>` : nothing}</div>
    </section>`
  }

  #button(part: string, label: string, onClick: () => void) {
    return html`<div class="actions">
      <button type="button" class="primary" part=${part} ?disabled=${this.#transaction.busy} @click=${onClick}>
        ${label}
      </button>
    </div>`
  }

  #amounts(rewards: Rewards | undefined) {
    const { strings } = this.#setup
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

  #historySection(rewards: Rewards) {
    const { strings } = this.#setup
    if (this.#history.status === TaskStatus.ERROR) {
      return html`<p class="hint">${strings.claimHistoryFailed} ${messageOf(this.#history.error)}</p>`
    }
    // Only a finished read: while another account's history loads, the last one's must not show.
    const history = this.#history.status === TaskStatus.COMPLETE ? this.#history.value : undefined
    return history?.length ? historyChart(history, rewards.token, strings) : nothing
  }

  #summary({ account, chain, deployment, claim, token }: Rewards) {
    const { strings } = this.#setup
    if (this.#wallet.connection?.passkey) {
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
    const payer = this.#wallet.connection?.account
    const you = (address: Address) =>
      address === payer ? html` <span class="you">${strings.claimYou}</span>` : nothing
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

  /** WalletConnect's settings when the page enabled it, on `chain` (the client's chain by default). */
  #walletConnectOptions(chain = this.#settings.client?.chain): WalletConnectOptions | undefined {
    return walletConnectOptions(this.#settings.config, chain)
  }

  #walletSection(chain?: Chain) {
    const { strings } = this.#setup
    const connection = this.#wallet.connection
    const wrongChain = connection && chain && connection.chainId !== chain.id
    if (!connection) {
      const walletConnect = this.#walletConnectOptions(chain)
      return html`${walletPicker(this.#wallet, strings, {
        onWalletConnect: walletConnect ? () => this.#wallet.connectWalletConnect(walletConnect) : undefined,
        passkey: this.#passkey,
      })}
        ${this.#wallet.error ? html`<p class="hint">${walletErrorText(this.#wallet.error, strings)}</p>` : nothing}`
    }
    if (connection.passkey) {
      return passkeyAccountPanel(this.#passkey, strings, { locked: this.#transaction.busy || this.#sending.busy })
    }
    return html`<p class="connected">
        <span>${strings.walletConnected(connection.name, shortHash(connection.account))}</span>
        <button type="button" class="link" ?disabled=${this.#transaction.busy} @click=${() => this.#wallet.disconnect()}>
          ${strings.walletDisconnect}
        </button>
      </p>
      ${wrongChain ? html`<p class="hint">${strings.walletWrongChain(chain.name)}</p>` : nothing}`
  }

  #transactionStatus(rewards: Rewards): Status {
    const { strings, config } = this.#setup
    const state = this.#transaction.state
    const amount = (value: bigint) => formatAmount(value, rewards.token)
    // A passkey account's screens name no transaction hash; an explorer link is fine.
    const passkey = Boolean(this.#wallet.connection?.passkey)
    const link = (hash: Hash | undefined) => {
      if (!hash) return nothing
      const url = transactionUrl(config.explorerUrl ?? this.#setup.client?.chain.blockExplorers?.default.url, hash)
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
}
