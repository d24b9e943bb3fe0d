import { initialState, Task, TaskStatus } from '@lit/task'
import { html, LitElement, nothing } from 'lit'
import { property } from 'lit/decorators.js'
import { type Address, type Chain, getAddress, type Hash, isAddress } from 'viem'
import type { LedgerDeployment } from '../../src/chains.js'
import type { LedgerClient } from '../../src/client.js'
import { AccountRequiredError } from '../../src/errors/account.js'
import { toLedgerError } from '../../src/errors/contract.js'
import { shortHash } from '../../src/format.js'
import type { LedgerConfig } from '../shared/config.js'
import { LedgerConfigController } from '../shared/configController.js'
import { LedgerConfigElement } from '../shared/configElement.js'
import { LedgerErrorEvent } from '../shared/events.js'
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
  static override styles = [widgetStyles, claimStyles]
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
  #transaction = new TransactionController<Claimed>(this)
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
    const client = this.#setup.client
    if (!client) return
    const claimed = await this.#transaction.run({
      send: async () => {
        const [{ claimRewards }] = await Promise.all([loadClaimActions(), this.#wallet.ensureChain(chain)])
        const walletClient = this.#wallet.walletClient(chain)
        if (!walletClient) throw new AccountRequiredError()
        const { cumulativeAmount, proof } = claim
        return claimRewards(walletClient, { account, cumulativeAmount, proof, deployment })
      },
      confirm: async (hash, progress) => {
        const { waitForClaim } = await loadClaimActions()
        const paid = await waitForClaim(client, hash as Hash, { onProgress: progress })
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
    return {
      content: html`${this.#amounts(rewards)}${this.#historySection(rewards)}
        ${claimable ? html`${this.#summary(rewards)}${this.#walletSection(rewards.chain)}` : nothing}`,
      status: this.#transactionStatus(rewards),
      actions:
        claimable && this.#wallet.connection
          ? failed
            ? this.#button('retry-button', strings.claimRetry, claim)
            : this.#button(
                'claim-button',
                strings.claimSubmit(formatAmount(rewards.claim.claimable, rewards.token)),
                claim,
              )
          : nothing,
    }
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
      })}
        ${this.#wallet.error ? html`<p class="hint">${walletErrorText(this.#wallet.error, strings)}</p>` : nothing}`
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
    const link = (hash: Hash | undefined) => {
      if (!hash) return nothing
      const url = transactionUrl(config.explorerUrl ?? this.#setup.client?.chain.blockExplorers?.default.url, hash)
      return url
        ? html`<a href=${url} target="_blank" rel="noopener noreferrer">${strings.claimViewTransaction}</a>`
        : html`<span class="hash">${strings.claimTransaction(hash)}</span>`
    }
    switch (state.status) {
      case 'awaiting-wallet':
        return { kind: 'busy', text: strings.claimAwaitingWallet, symbol: '⋯' }
      case 'pending':
        return { kind: 'busy', text: strings.claimPending, symbol: '⋯', extra: link(state.hash) }
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
