import { initialState, Task, TaskStatus } from '@lit/task'
import { html, LitElement, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { type Address, type Chain, getAddress, isAddress, parseUnits } from 'viem'
import type { LedgerDeployment } from '../../src/chains.js'
import type { LedgerClient } from '../../src/client.js'
import { AccountRequiredError } from '../../src/errors/account.js'
import { toLedgerError } from '../../src/errors/contract.js'
import type { LedgerConfig } from '../shared/config.js'
import { LedgerConfigController } from '../shared/configController.js'
import { LedgerConfigElement } from '../shared/configElement.js'
import { LedgerErrorEvent } from '../shared/events.js'
import { passkeyStyles } from '../shared/passkey/passkey.styles.js'
import { PasskeyController } from '../shared/passkey/passkeyController.js'
import { TransactionController } from '../shared/transactionController.js'
import { walletStrings } from '../shared/wallet/wallet.strings.js'
import { type WalletConnectOptions, walletConnectOptions } from '../shared/wallet/walletConnect.js'
import { WalletController } from '../shared/wallet/walletController.js'
import { widgetStyles } from '../shared/widget.styles.js'
import { LedgerClaimedEvent } from './claim.events.js'
import { claimStrings } from './claim.strings.js'
import { claimStyles } from './claim.styles.js'
import {
  actionButton,
  amountList,
  type Claimed,
  claimCard,
  claimStatus,
  claimSummary,
  historySection,
  messageOf,
  type SendForm,
  type Sent,
  type Strings,
  sendSection,
  type View,
  walletSection,
} from './claim.templates.js'
import type { Rewards } from './readRewards.js'
import { formatAmount } from './tokenAmount.js'

type Setup = {
  config: LedgerConfig
  client: (LedgerClient & { chain: Chain }) | undefined
  deployment: LedgerDeployment | undefined
  deploymentError: Error | undefined
  /** The checksummed account, '' when there is none yet, or 'invalid'. */
  account: Address | '' | 'invalid'
  strings: Strings
}

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
      const { client, account, deployment, deploymentError, config } = this.#setup
      return [client, deployment, deploymentError, account, this.rewardHistory, config.indexerUrl] as const
    },
    task: ([client, deployment, deploymentError, account, template, indexerUrl]) => {
      if (!client || !account || account === 'invalid' || !template) return initialState
      if (!deployment) throw deploymentError
      return loadRewardReads().then(({ getRewardHistory }) =>
        getRewardHistory(client, { account, template, deployment, indexerUrl }),
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
    return claimCard(strings, account, this.#view())
  }

  /** What to show, by state; the status region itself stays one element, so that screen readers announce changes. */
  #view(): View {
    const { client, account, strings, config } = this.#setup
    if (!client || !(this.rewardShards || this.rewardTree))
      return { status: { kind: '', text: strings.claimNotConfigured } }
    if (account === 'invalid') return { status: { kind: 'failed', text: strings.claimInvalidAccount, symbol: '✕' } }
    if (!account) return { content: this.#walletSection(), status: { kind: '', text: strings.claimConnectToSee } }
    if (this.#rewards.status === TaskStatus.ERROR) {
      return {
        status: { kind: 'failed', text: `${strings.claimLoadFailed} ${messageOf(this.#rewards.error)}`, symbol: '✕' },
        actions: actionButton('retry-button', strings.claimReload, this.#transaction.busy, () => this.#reload()),
      }
    }
    const rewards = this.#rewards.value
    if (!rewards || rewards.account !== account) {
      return {
        content: amountList(undefined, strings),
        status: { kind: 'busy', text: strings.claimLoading, symbol: '⋯' },
      }
    }
    const claimable = rewards.claim.claimable > 0n
    const failed = this.#transaction.state.status === 'failed'
    const claim = () => this.#claim(rewards)
    // A passkey account's panel (add a device, sign out) stays whether or not there is something to claim.
    const passkey = Boolean(this.#wallet.connection?.passkey)
    const busy = this.#transaction.busy
    // Only a finished read: while another account's history loads, the last one's must not show.
    const history = this.#history.status === TaskStatus.COMPLETE ? this.#history.value : undefined
    return {
      content: html`${amountList(rewards, strings)}${historySection({
        strings,
        rewards,
        failed: this.#history.status === TaskStatus.ERROR,
        error: this.#history.error,
        history,
      })}
        ${claimable ? claimSummary(rewards, { strings, passkey, payer: this.#wallet.connection?.account }) : nothing}
        ${claimable || passkey ? this.#walletSection(rewards.chain) : nothing}`,
      status: claimStatus({
        strings,
        state: this.#transaction.state,
        rewards,
        passkey,
        explorerUrl: config.explorerUrl ?? client.chain.blockExplorers?.default.url,
      }),
      actions: html`${
        claimable && this.#wallet.connection
          ? failed
            ? actionButton('retry-button', strings.claimRetry, busy, claim)
            : actionButton(
                'claim-button',
                strings.claimSubmit(formatAmount(rewards.claim.claimable, rewards.token)),
                busy,
                claim,
              )
          : nothing
      }${this.#sendSection(rewards)}`,
    }
  }

  /** The send form, for a passkey account's own tokens only (a page may show another account's rewards beside it). */
  #sendSection(rewards: Rewards) {
    const connection = this.#wallet.connection
    if (!connection?.passkey || connection.account !== rewards.account) return nothing
    const state = this.#sending.state
    if (rewards.balance === 0n && state.status === 'idle') return nothing
    return sendSection({
      strings: this.#setup.strings,
      rewards,
      form: this.sendForm,
      state,
      busy: this.#sending.busy,
      onEdit: (field, value) => {
        this.sendForm = { ...this.sendForm, [field]: value }
      },
      onReview: () => {
        this.#sending.reset()
        this.#review(rewards)
      },
      onChange: () => {
        this.#sending.reset()
        this.sendForm = { to: this.sendForm.to, amount: this.sendForm.amount, errors: {} }
      },
      onSend: (review) => this.#send(rewards, review),
    })
  }

  /** WalletConnect's settings when the page enabled it, on `chain` (the client's chain by default). */
  #walletConnectOptions(chain = this.#settings.client?.chain): WalletConnectOptions | undefined {
    return walletConnectOptions(this.#settings.config, chain)
  }

  #walletSection(chain?: Chain) {
    const walletConnect = this.#walletConnectOptions(chain)
    return walletSection({
      strings: this.#setup.strings,
      wallet: this.#wallet,
      passkey: this.#passkey,
      chain,
      onWalletConnect: walletConnect ? () => this.#wallet.connectWalletConnect(walletConnect) : undefined,
      claiming: this.#transaction.busy,
      sending: this.#sending.busy,
    })
  }
}
