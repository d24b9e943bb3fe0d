import { Task, TaskStatus } from '@lit/task'
import { html, LitElement, nothing, type PropertyValues } from 'lit'
import { property, query, state } from 'lit/decorators.js'
import type { Chain } from 'viem'
import { getContributionByHash } from '../../src/actions/registry/getContributionByHash.js'
import type { LedgerDeployment } from '../../src/chains.js'
import type { LedgerClient } from '../../src/client.js'
import { BaseError } from '../../src/errors/base.js'
import { ContributionAlreadyRegisteredError, toLedgerError } from '../../src/errors/contract.js'
import type { Contribution } from '../../src/registry/contribution.js'
import type { LedgerConfig } from '../shared/config.js'
import { LedgerConfigController } from '../shared/configController.js'
import { LedgerConfigElement } from '../shared/configElement.js'
import { LedgerErrorEvent } from '../shared/events.js'
import { passkeyStyles } from '../shared/passkey/passkey.styles.js'
import { PasskeyController } from '../shared/passkey/passkeyController.js'
import { walletStrings } from '../shared/wallet/wallet.strings.js'
import { walletConnectOptions } from '../shared/wallet/walletConnect.js'
import { WalletController } from '../shared/wallet/walletController.js'
import { widgetStyles } from '../shared/widget.styles.js'
import { LedgerContributedEvent } from './contribute.events.js'
import { contributeStrings } from './contribute.strings.js'
import { contributeStyles } from './contribute.styles.js'
import {
  type Content,
  contentLine,
  type Strings,
  signingSection,
  sourcePicker,
  statusLine,
  unconfiguredCard,
} from './contribute.templates.js'
import { fingerprint } from './fingerprint.js'
import { type FieldErrors, licenseFields, type MetadataFields, metadataForm } from './metadataForm.js'
import { RegistrationController } from './registrationController.js'

type Target = { client: LedgerClient; chain: Chain; deployment: LedgerDeployment }

// Loaded when the form is first checked, not with the page: it brings zod.
const loadMetadataCheck = () => import('./metadataCheck.js')

/**
 * @summary Registers a file or a text as the contributor's work: fingerprints it in the browser (SHA-256, in a worker,
 * with progress), checks it was not contributed before, collects its metadata, connects a wallet and registers it,
 * directly or gas-free through a relay.
 *
 * @fires ledger-contributed - {@link LedgerContributedEvent} once the registration is on-chain.
 * @fires ledger-error - {@link LedgerErrorEvent} when a registration fails (the widget also says why, with a retry).
 *
 * @csspart card - The widget's box.
 * @csspart dropzone - Where a file is dropped.
 * @csspart progress - The fingerprinting progress bar.
 * @csspart metadata - The metadata fields.
 * @csspart wallets - The wallet choices.
 * @csspart wallet-button - One wallet choice.
 * @csspart wallet-status - The line shown while a wallet connects or reconnects.
 * @csspart passkey - The passkey choice, its first-use explanation, or the signed-in passkey account.
 * @csspart passkey-button - The button that continues with a passkey, then the one that creates the account.
 * @csspart summary - What is about to be signed: network, contract, datanet, fingerprint and fee.
 * @csspart submit - The button that signs.
 * @csspart status - The live status line.
 *
 * @cssproperty --ledger-accent - Accent colour (buttons, links, focus rings).
 * @cssproperty --ledger-on-accent - Text on the accent colour.
 * @cssproperty --ledger-radius - Corner radius.
 * @cssproperty --ledger-font - Font family.
 * @cssproperty --ledger-surface - Background.
 * @cssproperty --ledger-text - Text colour.
 * @cssproperty --ledger-muted - Secondary text (hints, labels).
 * @cssproperty --ledger-border - Borders.
 * @cssproperty --ledger-field - Background of fields, the drop zone and the status line.
 * @cssproperty --ledger-danger - Errors and failures (always with a symbol or words too).
 * @cssproperty --ledger-success - Confirmation (always with a symbol and words too).
 */
export class LedgerContribute extends LedgerConfigElement {
  static override styles = [widgetStyles, passkeyStyles, contributeStyles]
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true }

  /** The datanet contributions are registered in. Required. */
  @property({ attribute: 'datanet-id', type: Number }) datanetId = 0
  /** Blocks on top of the registration before it is shown as confirmed (more on chains that reorganise). */
  @property({ type: Number }) confirmations = 1
  /** Which on-device queue keeps signed contributions until they are on-chain (one per project, if a page has several). */
  @property({ attribute: 'queue-name' }) queueName = 'default'
  /** The licence preselected in the picker (an SPDX identifier or expression). */
  @property({ attribute: 'default-license' }) defaultLicense = 'CC-BY-4.0'

  @state() private mode: 'file' | 'text' = 'file'
  @state() private text = ''
  @state() private content: Content = { kind: 'none' }
  @state() private fields: MetadataFields = {
    name: '',
    description: '',
    license: 'CC-BY-4.0',
    licenseOther: '',
    tags: '',
  }
  @state() private fieldErrors: FieldErrors = {}
  @state() private dragging = false

  @query('input[type=file]') private fileInput!: HTMLInputElement

  readonly #settings = new LedgerConfigController(this)

  // Checked before anything is signed; the registry refuses a duplicate anyway, so a failed check blocks nothing.
  readonly #duplicateCheck = new Task(this, {
    args: () => {
      const target = this.#target()
      const contentHash = this.content.kind === 'hashed' ? this.content.contentHash : undefined
      return [contentHash, target?.client, target?.deployment] as const
    },
    task: async ([contentHash, client, deployment]): Promise<Contribution | null> => {
      if (!contentHash || !client) return null
      return getContributionByHash(client, { contentHash, ...(deployment ? { deployment } : {}) }).catch(() => null)
    },
  })

  readonly #wallet = new WalletController(this, () => this.#walletConnect)
  readonly #passkey = new PasskeyController(this, {
    wallet: this.#wallet,
    target: () => {
      const target = this.#target()
      return target && { client: target.client, deployment: target.deployment, relayUrl: this.#config.relayUrl ?? '' }
    },
    strings: () => this.#strings,
  })
  readonly #registration = new RegistrationController(this, {
    wallet: this.#wallet,
    target: () => {
      const target = this.#target()
      return target && { ...target, confirmations: this.#confirmations, relayUrl: this.#config.relayUrl ?? '' }
    },
    queueName: () => this.queueName,
    onRegistered: (registered, transactionHash) =>
      this.dispatchEvent(
        new LedgerContributedEvent({ ...registered, transactionHash, content: this.#source ?? new Blob([]) }),
      ),
  })
  #hashing: AbortController | undefined
  /** What was fingerprinted, handed to the page with `ledger-contributed`. */
  #source: Blob | undefined

  /** Who registered the content before, null when nobody did, undefined while that is being checked. */
  get #duplicate(): Contribution | null | undefined {
    return this.#duplicateCheck.status === TaskStatus.PENDING ? undefined : (this.#duplicateCheck.value ?? null)
  }

  override disconnectedCallback() {
    super.disconnectedCallback()
    this.#hashing?.abort()
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('defaultLicense')) this.fields = { ...this.fields, ...licenseFields(this.defaultLicense) }
  }

  get #config(): LedgerConfig {
    return this.#settings.config
  }

  get #walletConnect() {
    return walletConnectOptions(this.#settings.config, this.#settings.chain)
  }

  get #strings(): Strings {
    return { ...contributeStrings, ...walletStrings, ...this.#config.strings }
  }

  get #confirmations() {
    return Math.max(1, Math.floor(this.confirmations) || 1)
  }

  /** The read client and the chain the wallet must be on, or undefined when the widget is not configured. */
  #target(): Target | undefined {
    const target = this.#resolveTarget()
    return target instanceof Error ? undefined : target
  }

  /** Where registrations go, or why the widget refuses to use what it was given (other contracts, another chain). */
  #resolveTarget(): Target | Error | undefined {
    const { client, chain, deployment, deploymentError } = this.#settings
    if (!client || !chain) return undefined
    return deployment ? { client, chain, deployment } : deploymentError
  }

  #fingerprint(input: File | string) {
    // What signing needs is fetched now, so that it works even if the connection is gone by then.
    void loadMetadataCheck().catch(() => undefined)
    this.#registration.prefetch()
    this.#hashing?.abort()
    this.#hashing = new AbortController()
    this.#registration.transaction.reset()
    this.#source = typeof input === 'string' ? new Blob([input], { type: 'text/plain' }) : input
    void fingerprint(input, {
      textLabel: this.#strings.contributeModeText,
      signal: this.#hashing.signal,
      onContent: (content) => {
        this.content = content
        if (content.kind === 'hashed' && !this.fields.name && input instanceof File) {
          this.fields = { ...this.fields, name: input.name }
        }
      },
    })
  }

  /** The metadata, validated and encoded for signing; undefined, with each problem beside its field, when invalid. */
  async #validate() {
    const { content } = this
    if (content.kind !== 'hashed') return undefined
    const { encoded, fieldErrors } = (await loadMetadataCheck()).checkMetadata(this.fields, content, this.datanetId)
    this.fieldErrors = fieldErrors
    return encoded
  }

  async #submit() {
    const connection = this.#wallet.connection
    const encoded = await this.#validate().catch((error: unknown) => {
      this.dispatchEvent(new LedgerErrorEvent(this.#registration.transaction.fail(error)))
    })
    if (!encoded) {
      await this.updateComplete
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
      return
    }
    if (!connection) return
    const registered = await this.#registration.submit(connection.account, encoded)
    const { state } = this.#registration.transaction
    if (registered || state.status !== 'failed') return
    if (state.error instanceof ContributionAlreadyRegisteredError) void this.#duplicateCheck.run()
    this.dispatchEvent(new LedgerErrorEvent(state.error))
  }

  #switchChain(chain: Chain) {
    this.#wallet.ensureChain(chain).catch((error: unknown) => {
      this.#wallet.error = toLedgerError(error)
      this.requestUpdate()
    })
  }

  #reset() {
    this.#hashing?.abort()
    this.#registration.transaction.reset()
    this.content = { kind: 'none' }
    this.text = ''
    this.fieldErrors = {}
    this.fields = { ...this.fields, name: '', description: '', tags: '' }
    if (this.fileInput) this.fileInput.value = ''
  }

  protected override render() {
    const strings = this.#strings
    const target = this.#resolveTarget()
    if (!target || target instanceof Error || !this.datanetId) {
      return unconfiguredCard(target instanceof BaseError ? target.shortMessage : strings.contributeNotConfigured)
    }
    const config = this.#config
    const { content } = this
    const { transaction, queue } = this.#registration
    const locked = transaction.busy || transaction.state.status === 'confirmed'
    const walletConnect = this.#walletConnect
    return html`<form part="card" novalidate @submit=${(event: Event) => {
      event.preventDefault()
      void this.#submit()
    }}>
      <header>
        <h2>${strings.contributeTitle}</h2>
        <p class="hint">${strings.contributeIntro}</p>
      </header>
      ${sourcePicker({
        mode: this.mode,
        text: this.text,
        dragging: this.dragging,
        locked,
        strings,
        onMode: (mode) => (this.mode = mode),
        onText: (text) => (this.text = text),
        onDragging: (dragging) => (this.dragging = dragging),
        onChoose: () => this.fileInput.click(),
        onContent: (input) => this.#fingerprint(input),
      })}
      ${contentLine(content, strings)}
      ${
        content.kind === 'hashed' && this.#duplicate === null
          ? html`${metadataForm({
              fields: this.fields,
              errors: this.fieldErrors,
              disabled: locked,
              strings,
              onInput: (field, value) => {
                this.fields = { ...this.fields, [field]: value }
                if (Object.keys(this.fieldErrors).length) void this.#validate().catch(() => undefined)
              },
            })}
            ${signingSection({
              strings,
              wallet: this.#wallet,
              passkey: this.#passkey,
              onWalletConnect: walletConnect ? () => this.#wallet.connectWalletConnect(walletConnect) : undefined,
              chain: target.chain,
              deployment: target.deployment,
              datanetId: this.datanetId,
              contentHash: content.contentHash,
              relayed: Boolean(config.relayUrl),
              locked,
              onSwitchChain: () => this.#switchChain(target.chain),
            })}`
          : nothing
      }
      ${statusLine({
        strings,
        content,
        duplicate: this.#duplicate,
        transaction: transaction.state,
        explorerUrl: config.explorerUrl,
        persistRefused: queue.persistRefused,
        passkey: Boolean(this.#wallet.connection?.passkey),
        onReset: () => this.#reset(),
        onSendNow: () => queue.sendNow(),
      })}
    </form>`
  }
}
