import { consume } from '@lit/context'
import { Task, TaskStatus } from '@lit/task'
import { html, LitElement, nothing, type PropertyValues } from 'lit'
import { property, query, state } from 'lit/decorators.js'
import { type Address, type Chain, getAddress, type Hex } from 'viem'
import { getContributionByHash } from '../../src/actions/registry/getContributionByHash.js'
import { registerContribution, waitForRegistrations } from '../../src/actions/registry/registerContribution.js'
import { signContribution } from '../../src/actions/registry/signContribution.js'
import { type LedgerDeployment, resolveDeployment } from '../../src/chains.js'
import type { ConfirmationProgress, LedgerClient } from '../../src/client.js'
import { HashWorkerError, hashContent } from '../../src/content/hashContent.js'
import { metadataHash, metadataToDataURI, safeValidateMetadata } from '../../src/content/metadata.js'
import { commonLicenses } from '../../src/content/metadataLicense.js'
import { BaseError } from '../../src/errors/base.js'
import { ContributionAlreadyRegisteredError, toLedgerError } from '../../src/errors/contract.js'
import { TransactionDroppedError } from '../../src/errors/transaction.js'
import { shortHash } from '../../src/format.js'
import { type ContributionQueue, createContributionQueue } from '../../src/queue/contributionQueue.js'
import {
  ContributionNotSentError,
  ContributionQueuedError,
  QueueQuotaError,
  QueueUnavailableError,
} from '../../src/queue/queueErrors.js'
import type { Contribution } from '../../src/registry/contribution.js'
import { chainFor, type LedgerConfig, ledgerConfigContext, mergeConfig, readClientFor } from '../shared/config.js'
import { LedgerErrorEvent } from '../shared/events.js'
import type { LedgerStrings } from '../shared/strings.js'
import { TransactionController } from '../shared/transactionController.js'
import { transactionUrl } from '../shared/transactionUrl.js'
import { type WalletStrings, walletStrings } from '../shared/wallet/wallet.strings.js'
import { WalletController } from '../shared/wallet/walletController.js'
import { walletErrorText } from '../shared/wallet/walletErrors.js'
import { walletPicker } from '../shared/wallet/walletPicker.js'
import { widgetStyles } from '../shared/widget.styles.js'
import { LedgerContributedEvent } from './contribute.events.js'
import { type ContributeStrings, contributeStrings } from './contribute.strings.js'
import { contributeStyles } from './contribute.styles.js'
import { type FieldErrors, type MetadataFields, metadataForm, metadataInput } from './metadataForm.js'

type Content =
  | { kind: 'none' }
  | { kind: 'hashing'; label: string; bytesHashed: number; totalBytes: number }
  | { kind: 'hashed'; label: string; contentHash: Hex; byteSize: number; mediaType: string }
  | { kind: 'unreadable'; error: Error }

type Strings = ContributeStrings & WalletStrings
type Registered = { contentHash: Hex; contributor: Address; datanetId: number }

const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/

const formatSize = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 ** 2
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1024 ** 2).toFixed(1)} MB`

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
 * @csspart summary - What is about to be signed: network, contract, datanet, fingerprint and fee.
 * @csspart submit - The button that signs.
 * @csspart status - The live status line.
 *
 * @cssproperty --ledger-accent - Accent colour (buttons, focus rings).
 * @cssproperty --ledger-radius - Corner radius.
 * @cssproperty --ledger-font - Font family.
 * @cssproperty --ledger-surface - Background.
 * @cssproperty --ledger-text - Text colour.
 */
export class LedgerContribute extends LitElement {
  static override styles = [widgetStyles, contributeStyles]
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true }

  /** The datanet contributions are registered in. Required. */
  @property({ attribute: 'datanet-id', type: Number }) datanetId = 0
  /** A JSON-RPC URL for reads, used with `chain-id` when no `client` is set. */
  @property({ attribute: 'rpc-url' }) rpcUrl = ''
  /** The chain the contracts are on; the wallet is asked to switch to it. */
  @property({ attribute: 'chain-id', type: Number }) chainId = 0
  /** Where to post signed registrations: contributors pay no gas. Without it, the contributor's wallet sends. */
  @property({ attribute: 'relay-url' }) relayUrl = ''
  /** A WalletConnect Cloud project id: adds WalletConnect to the wallet choices (loaded only when chosen). */
  @property({ attribute: 'walletconnect-project-id' }) walletConnectProjectId = ''
  /** Where to load WalletConnect's ethereum-provider module from (default: a pinned esm.sh URL). */
  @property({ attribute: 'walletconnect-module-url' }) walletConnectModuleUrl = ''
  /** A block explorer's base URL, for the transaction link. */
  @property({ attribute: 'explorer-url' }) explorerUrl = ''
  /** Blocks on top of the registration before it is shown as confirmed (more on chains that reorganise). */
  @property({ type: Number }) confirmations = 1
  /** Which on-device queue keeps signed contributions until they are on-chain (one per project, if a page has several). */
  @property({ attribute: 'queue-name' }) queueName = 'default'
  /** The licence preselected in the picker (an SPDX identifier or expression). */
  @property({ attribute: 'default-license' }) defaultLicense = 'CC-BY-4.0'
  /** A viem client for reads; takes precedence over `rpc-url`. */
  @property({ attribute: false }) client: LedgerClient | undefined
  /** The contracts, for a chain the SDK has no deployment for. Refused unless it is among `deployments` (when set). */
  @property({ attribute: false }) deployment: LedgerDeployment | undefined
  /** The only contracts this widget may use (one per chain); any other `deployment`, or chain, is refused. */
  @property({ attribute: false }) deployments: readonly LedgerDeployment[] | undefined
  /** Replacement text (see `contributeStrings` and `walletStrings` for the keys). */
  @property({ attribute: false }) strings: Partial<LedgerStrings> | undefined

  @consume({ context: ledgerConfigContext, subscribe: true })
  @state()
  private provided: LedgerConfig | undefined

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

  readonly #wallet = new WalletController(this, () => {
    const { walletConnectProjectId: projectId, walletConnectModuleUrl: moduleUrl } = this.#config
    const chain = this.#target()?.chain
    return projectId && chain ? { projectId, chain, moduleUrl } : undefined
  })
  readonly #transaction = new TransactionController<Registered>(this)
  #hashing: AbortController | undefined
  /** What was fingerprinted, handed to the page with `ledger-contributed`. */
  #source: Blob | undefined
  #contributionQueue: ContributionQueue | undefined
  #retryTimer: ReturnType<typeof setTimeout> | undefined
  #retryDelay = 1_000
  #queuedKey: string | undefined
  #resumed = false
  /** The browser would not promise to keep site data, so a saved contribution could be evicted under pressure. */
  #persistRefused = false

  /** Who registered the content before, null when nobody did, undefined while that is being checked. */
  get #duplicate(): Contribution | null | undefined {
    return this.#duplicateCheck.status === TaskStatus.PENDING ? undefined : (this.#duplicateCheck.value ?? null)
  }

  override disconnectedCallback() {
    super.disconnectedCallback()
    this.#hashing?.abort()
    clearTimeout(this.#retryTimer)
  }

  protected override updated() {
    // Contributions saved on this device by an earlier visit go out first (reconciled with the chain, never twice).
    if (this.#resumed || !this.#config.relayUrl || !this.#target()) return
    this.#resumed = true
    void this.#queue.list().then(
      (entries) => {
        const waiting = entries.find((entry) => entry.status === 'waiting' || entry.status === 'sent')
        if (waiting && this.#transaction.state.status === 'idle') void this.#resend(waiting.key)
      },
      () => undefined,
    )
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('defaultLicense')) {
      const known = commonLicenses.some((licence) => licence.id === this.defaultLicense)
      this.fields = {
        ...this.fields,
        license: known ? this.defaultLicense : 'other',
        licenseOther: known ? '' : this.defaultLicense,
      }
    }
  }

  get #config(): LedgerConfig {
    return mergeConfig(this.provided, {
      client: this.client,
      rpcUrl: this.rpcUrl,
      chainId: this.chainId,
      deployment: this.deployment,
      deployments: this.deployments,
      relayUrl: this.relayUrl,
      walletConnectProjectId: this.walletConnectProjectId,
      walletConnectModuleUrl: this.walletConnectModuleUrl,
      explorerUrl: this.explorerUrl,
      strings: this.strings,
    })
  }

  get #strings(): Strings {
    return { ...contributeStrings, ...walletStrings, ...this.#config.strings }
  }

  /** The read client and the chain the wallet must be on, or undefined when the widget is not configured. */
  #target(): { client: LedgerClient; chain: Chain; deployment: LedgerDeployment } | undefined {
    const target = this.#resolveTarget()
    return target instanceof Error ? undefined : target
  }

  /** Where registrations go, or why the widget refuses to use what it was given (other contracts, another chain). */
  #resolveTarget(): { client: LedgerClient; chain: Chain; deployment: LedgerDeployment } | Error | undefined {
    const config = this.#config
    const client = readClientFor(config)
    const chain =
      client?.chain ?? (config.chainId && config.rpcUrl ? chainFor(config.chainId, config.rpcUrl) : undefined)
    if (!client || !chain) return undefined
    try {
      return { client, chain, deployment: resolveDeployment(client, config.deployment, config.deployments) }
    } catch (error) {
      return error as Error
    }
  }

  async #fingerprint(input: File | string) {
    this.#hashing?.abort()
    const hashing = new AbortController()
    this.#hashing = hashing
    this.#transaction.reset()
    const isText = typeof input === 'string'
    this.#source = isText ? new Blob([input], { type: 'text/plain' }) : input
    const label = isText ? this.#strings.contributeModeText : input.name
    const totalBytes = isText ? new TextEncoder().encode(input).byteLength : input.size
    const mediaType = isText ? 'text/plain' : MEDIA_TYPE.test(input.type) ? input.type : 'application/octet-stream'
    this.content = { kind: 'hashing', label, bytesHashed: 0, totalBytes }
    const onProgress = ({ bytesHashed }: { bytesHashed: number }) => {
      if (!hashing.signal.aborted) this.content = { kind: 'hashing', label, bytesHashed, totalBytes }
    }
    const hash = (thread: 'worker' | 'inline') => hashContent(input, { onProgress, signal: hashing.signal, thread })
    try {
      // In a worker so a large file never freezes the page; on the page itself only where workers are forbidden.
      const contentHash = await hash('worker').catch((error) => {
        if (error instanceof HashWorkerError) return hash('inline')
        throw error
      })
      if (hashing.signal.aborted) return
      this.content = { kind: 'hashed', label, contentHash, byteSize: totalBytes, mediaType }
      if (!this.fields.name && !isText) this.fields = { ...this.fields, name: input.name }
    } catch (error) {
      if (!hashing.signal.aborted) this.content = { kind: 'unreadable', error: toLedgerError(error) }
    }
  }

  #validate() {
    const { content } = this
    if (content.kind !== 'hashed') return undefined
    const result = safeValidateMetadata({
      ...metadataInput(this.fields),
      mediaType: content.mediaType,
      byteSize: content.byteSize,
      contentHash: content.contentHash,
      datanetId: this.datanetId,
      createdAt: `${new Date().toISOString().slice(0, 19)}Z`,
    })
    this.fieldErrors = result.success ? {} : (result.fieldErrors as FieldErrors)
    return result.success ? result.data : undefined
  }

  async #submit() {
    const target = this.#target()
    const connection = this.#wallet.connection
    const metadata = this.#validate()
    if (!metadata) {
      await this.updateComplete
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
      return
    }
    if (!target || !connection) return
    const { client, chain, deployment } = target
    const relayUrl = this.#config.relayUrl
    const registration = {
      datanetId: metadata.datanetId,
      contentHash: metadata.contentHash,
      metadataHash: metadataHash(metadata),
      metadataURI: metadataToDataURI(metadata),
      deployment,
    }
    let queuedKey: string | undefined
    const registered = await this.#transaction.run({
      send: async () => {
        await this.#wallet.ensureChain(chain)
        const walletClient = this.#wallet.walletClient(chain)
        if (!walletClient) throw new Error('The wallet disconnected.')
        if (!relayUrl) return this.#wallet.guardChain(registerContribution(walletClient, registration))
        const signed = await this.#wallet.guardChain(signContribution(walletClient, registration))
        // Kept on disk before it is sent: a closed tab or a lost connection cannot lose it.
        const entry = await this.#queue.add(signed, relayUrl)
        void navigator.storage?.persist?.().then(
          (granted) => {
            this.#persistRefused = !granted
          },
          () => undefined,
        )
        queuedKey = entry.key
        return this.#sendQueued(client, deployment, entry.key)
      },
      confirm: (hash, progress) =>
        this.#confirmRegistration({
          client,
          hash,
          contentHash: metadata.contentHash,
          contributor: connection.account,
          key: queuedKey,
          progress,
        }),
    })
    const state = this.#transaction.state
    if (registered) {
      this.#announce(registered)
    } else if (state.status === 'failed') {
      if (state.error instanceof ContributionAlreadyRegisteredError) void this.#duplicateCheck.run()
      this.dispatchEvent(new LedgerErrorEvent(state.error))
    }
  }

  async #switchChain(chain: Chain) {
    try {
      await this.#wallet.ensureChain(chain)
    } catch (error) {
      this.#wallet.error = toLedgerError(error)
      this.requestUpdate()
    }
  }

  /**
   * The registration as the chain has it, once its transaction (if the relay named one) is `confirmations` blocks deep.
   * A queued registration whose transaction a reorganisation dropped goes back through the queue, and is waited for
   * again under its new hash.
   */
  async #confirmRegistration({
    client,
    hash,
    contentHash,
    contributor,
    key,
    progress,
  }: {
    client: LedgerClient
    hash: Hex | undefined
    contentHash: Hex
    contributor: Address
    key: string | undefined
    progress: (progress: ConfirmationProgress, hash?: Hex) => void
  }): Promise<Registered> {
    const deployment = this.#target()?.deployment
    const confirmations = this.#confirmations
    let event: Awaited<ReturnType<typeof waitForRegistrations>>[number] | undefined
    while (hash && !event) {
      try {
        ;[event] = await waitForRegistrations(client, hash, { confirmations, onProgress: progress })
      } catch (error) {
        if (!(error instanceof TransactionDroppedError && key && deployment)) throw error
        progress({ status: 'reorged' })
        hash = await this.#sendQueued(client, deployment, key)
        progress({ status: 'reorged' }, hash)
      }
    }
    if (key && deployment) await this.#queue.flush(client, { deployment, confirmations }).catch(() => undefined)
    if (event) return { contentHash: event.contentHash, contributor: event.contributor, datanetId: event.datanetId }
    // A relay that found it on-chain already: a retry of a registration that had landed, or someone else's.
    const onChain = await getContributionByHash(client, { contentHash, ...(deployment ? { deployment } : {}) })
    if (!onChain) throw new Error('The registration is not on-chain.')
    if (onChain.contributor !== contributor) {
      throw new ContributionAlreadyRegisteredError({
        errorName: 'ContributionRegistryAlreadyRegistered',
        args: [contentHash, onChain.contributor, BigInt(Math.floor(onChain.registeredAt.getTime() / 1000))],
      })
    }
    return { contentHash: onChain.contentHash, contributor: onChain.contributor, datanetId: onChain.datanetId }
  }

  get #confirmations() {
    return Math.max(1, Math.floor(this.confirmations) || 1)
  }

  #announce(registered: Registered) {
    const state = this.#transaction.state
    this.#retryDelay = 1_000
    this.dispatchEvent(
      new LedgerContributedEvent({
        ...registered,
        transactionHash: state.status === 'confirmed' ? state.hash : undefined,
        content: this.#source ?? new Blob([]),
      }),
    )
  }

  get #queue() {
    this.#contributionQueue ??= createContributionQueue({ name: this.queueName })
    return this.#contributionQueue
  }

  /** Sends what the queue holds; resolves with this entry's transaction hash, or says why it is not on-chain yet. */
  async #sendQueued(client: LedgerClient, deployment: LedgerDeployment, key: string) {
    const entries = await this.#queue
      .flush(client, { deployment, confirmations: this.#confirmations })
      .catch((error) => {
        // Kept on the device whatever the network did; only a device that cannot keep it is a failure.
        if (error instanceof QueueUnavailableError || error instanceof QueueQuotaError) throw error
        return []
      })
    const entry = entries.find((candidate) => candidate.key === key)
    if (entry?.status === 'confirmed' || (entry?.status === 'sent' && entry.transactionHash)) {
      return entry.transactionHash
    }
    if (entry?.status === 'failed') throw new ContributionNotSentError(entry.failure ?? '')
    this.#queuedKey = key
    this.#retryLater(key)
    throw new ContributionQueuedError()
  }

  /** Tries a queued contribution again when the browser is back online, or after a growing pause. */
  #retryLater(key: string) {
    clearTimeout(this.#retryTimer)
    this.#retryDelay = Math.min(this.#retryDelay * 2, 60_000)
    const retry = () => {
      window.removeEventListener('online', retry)
      clearTimeout(this.#retryTimer)
      void this.#resend(key)
    }
    window.addEventListener('online', retry, { once: true })
    this.#retryTimer = setTimeout(retry, this.#retryDelay)
  }

  #resendNow() {
    clearTimeout(this.#retryTimer)
    if (this.#queuedKey) void this.#resend(this.#queuedKey)
  }

  async #resend(key: string) {
    const target = this.#target()
    if (!target || !this.isConnected) return
    const [contributor, contentHash] = key.split(':') as [Address, Hex]
    const registered = await this.#transaction.run({
      send: () => this.#sendQueued(target.client, target.deployment, key),
      confirm: (hash, progress) =>
        this.#confirmRegistration({
          client: target.client,
          hash,
          contentHash,
          contributor: getAddress(contributor),
          key,
          progress,
        }),
    })
    if (registered) this.#announce(registered)
  }

  #reset() {
    this.#hashing?.abort()
    this.#transaction.reset()
    this.content = { kind: 'none' }
    this.text = ''
    this.fieldErrors = {}
    this.fields = { ...this.fields, name: '', description: '', tags: '' }
    if (this.fileInput) this.fileInput.value = ''
  }

  #onDrop(event: DragEvent) {
    event.preventDefault()
    this.dragging = false
    const file = event.dataTransfer?.files[0]
    if (file) void this.#fingerprint(file)
  }

  protected override render() {
    const strings = this.#strings
    const target = this.#resolveTarget()
    if (!target || target instanceof Error || !this.datanetId) {
      const problem = target instanceof BaseError ? target.shortMessage : strings.contributeNotConfigured
      return html`<div part="card"><p part="status" role="status" class="failed">${problem}</p></div>`
    }
    const tx = this.#transaction.state
    const locked = this.#transaction.busy || tx.status === 'confirmed'
    return html`<form part="card" novalidate @submit=${(event: Event) => {
      event.preventDefault()
      void this.#submit()
    }}>
      <header>
        <h2>${strings.contributeTitle}</h2>
        <p class="hint">${strings.contributeIntro}</p>
      </header>
      ${this.#renderSource(strings, locked)}
      ${this.#renderContent(strings)}
      ${
        this.content.kind === 'hashed' && this.#duplicate === null
          ? html`${metadataForm({
              fields: this.fields,
              errors: this.fieldErrors,
              disabled: locked,
              strings,
              onInput: (field, value) => {
                this.fields = { ...this.fields, [field]: value }
                if (Object.keys(this.fieldErrors).length) this.#validate()
              },
            })}
            ${this.#renderSigning(strings, target, locked)}`
          : nothing
      }
      ${this.#renderStatus(strings)}
    </form>`
  }

  #renderSource(strings: Strings, locked: boolean) {
    const setMode = (mode: 'file' | 'text') => () => {
      this.mode = mode
    }
    return html`<fieldset class="modes" ?disabled=${locked}>
        <legend class="visually-hidden">${strings.contributeModeLabel}</legend>
        <label class="mode"><input type="radio" name="mode" value="file" .checked=${this.mode === 'file'} @change=${setMode('file')} />${strings.contributeModeFile}</label>
        <label class="mode"><input type="radio" name="mode" value="text" .checked=${this.mode === 'text'} @change=${setMode('text')} />${strings.contributeModeText}</label>
      </fieldset>
      ${
        this.mode === 'file'
          ? html`<div part="dropzone" class=${this.dragging ? 'dropzone dragging' : 'dropzone'}
              @dragover=${(event: DragEvent) => {
                event.preventDefault()
                this.dragging = true
              }}
              @dragleave=${() => {
                this.dragging = false
              }}
              @drop=${this.#onDrop}>
              <span>${strings.contributeDrop}</span>
              <button type="button" ?disabled=${locked} @click=${() => this.fileInput.click()}>${strings.contributeChoose}</button>
              <input type="file" hidden @change=${(event: Event) => {
                const file = (event.target as HTMLInputElement).files?.[0]
                if (file) void this.#fingerprint(file)
              }} />
            </div>`
          : html`<div class="field">
              <label for="text">${strings.contributeTextLabel}</label>
              <textarea id="text" rows="5" .value=${this.text} ?disabled=${locked} @input=${(event: Event) => {
                this.text = (event.target as HTMLTextAreaElement).value
              }}></textarea>
              <div class="actions">
                <button type="button" ?disabled=${!this.text || locked} @click=${() => this.#fingerprint(this.text)}>
                  ${strings.contributeTextUse}
                </button>
              </div>
            </div>`
      }`
  }

  #renderContent(strings: Strings) {
    const { content } = this
    switch (content.kind) {
      case 'none':
        return nothing
      case 'hashing': {
        const percent = content.totalBytes ? Math.floor((content.bytesHashed / content.totalBytes) * 100) : 0
        return html`<div class="progress">
          <label for="progress">${strings.contributeHashing(percent)}</label>
          <progress id="progress" part="progress" max=${content.totalBytes || 1} .value=${content.bytesHashed}></progress>
        </div>`
      }
      case 'unreadable':
        return html`<p class="error"><span aria-hidden="true">!</span> ${content.error.message}</p>`
      case 'hashed':
        return html`<p class="file">
          <span class="name">${strings.contributeHashed(content.label, formatSize(content.byteSize))}</span>
          <code title=${content.contentHash}>${shortHash(content.contentHash)}</code>
        </p>`
    }
  }

  #renderSigning(strings: Strings, target: { chain: Chain; deployment: LedgerDeployment }, locked: boolean) {
    const { connection } = this.#wallet
    const projectId = this.#config.walletConnectProjectId
    if (!connection) {
      return html`${walletPicker(this.#wallet, strings, {
        onWalletConnect: projectId
          ? () =>
              this.#wallet.connectWalletConnect({
                projectId,
                chain: target.chain,
                moduleUrl: this.#config.walletConnectModuleUrl,
              })
          : undefined,
      })}
      ${this.#wallet.error ? html`<p class="error"><span aria-hidden="true">!</span> ${walletErrorText(this.#wallet.error, strings)}</p>` : nothing}`
    }
    const content = this.content as Extract<Content, { kind: 'hashed' }>
    const relayed = Boolean(this.#config.relayUrl)
    const wrongChain = connection.chainId !== target.chain.id
    return html`<p class="connected">
        <span>${strings.walletConnected(connection.name, shortHash(connection.account))}</span>
        <button type="button" class="link" ?disabled=${locked} @click=${() => this.#wallet.disconnect()}>${strings.walletDisconnect}</button>
      </p>
      <section part="summary" aria-labelledby="summary-heading">
        <h3 id="summary-heading">${strings.contributeSummary}</h3>
        <dl class="summary">
          <dt>${strings.contributeNetwork}</dt><dd>${target.chain.name} (${target.chain.id})</dd>
          <dt>${strings.contributeContract}</dt><dd class="mono">${target.deployment.registry}</dd>
          <dt>${strings.contributeDatanet}</dt><dd>#${this.datanetId}</dd>
          <dt>${strings.contributeFingerprint}</dt><dd class="mono">${content.contentHash}</dd>
          <dt>${strings.contributeCost}</dt><dd>${relayed ? strings.contributeCostRelay : strings.contributeCostDirect}</dd>
        </dl>
      </section>
      ${wrongChain ? html`<p class="hint">${strings.walletWrongChain(target.chain.name)}</p>` : nothing}
      <div class="actions">
        ${
          wrongChain
            ? html`<button type="button" class="primary" ?disabled=${locked} @click=${() => this.#switchChain(target.chain)}>
                ${strings.walletSwitchChain(target.chain.name)}
              </button>`
            : html`<button type="submit" part="submit" class="primary" ?disabled=${locked}>
                ${relayed ? strings.contributeSubmitRelay : strings.contributeSubmit}
              </button>`
        }
      </div>`
  }

  #renderStatus(strings: Strings) {
    const tx = this.#transaction.state
    const transactionLink = (hash: Hex | undefined) => {
      if (!hash) return nothing
      const url = transactionUrl(this.#config.explorerUrl, hash)
      return url
        ? html`<a href=${url} target="_blank" rel="noopener noreferrer">${strings.contributeViewTransaction}</a>`
        : html`<code title=${hash}>${strings.contributeTransaction(hash)}</code>`
    }
    let body: unknown = nothing
    let kind = ''
    if (this.content.kind === 'hashed' && this.#duplicate === undefined) body = strings.contributeChecking
    else if (this.content.kind === 'hashed' && this.#duplicate && tx.status !== 'confirmed') {
      kind = 'failed'
      body = html`<span class="symbol" aria-hidden="true">≡</span>
        <span>${strings.contributeDuplicate(this.#duplicate.contributor, this.#duplicate.registeredAt)}</span>
        <button type="button" class="link" @click=${() => this.#reset()}>${strings.contributeAnother}</button>`
    } else if (tx.status === 'awaiting-wallet') body = strings.contributeAwaitingWallet
    else if (tx.status === 'pending') {
      const { progress } = tx
      const text =
        progress?.status === 'reorged'
          ? strings.contributeReorged
          : progress && progress.required > 1
            ? strings.contributeConfirming(progress.confirmations, progress.required)
            : strings.contributePending
      body = html`<span>${text}</span> ${transactionLink(tx.hash)}`
    } else if (tx.status === 'confirmed') {
      kind = 'confirmed'
      body = html`<span class="symbol" aria-hidden="true">✓</span>
        <span>${strings.contributeConfirmed} ${strings.contributeId}: <code>${tx.result.contentHash}</code></span>
        ${transactionLink(tx.hash)}
        <button type="button" class="link" @click=${() => this.#reset()}>${strings.contributeAnother}</button>`
    } else if (tx.status === 'failed' && tx.error instanceof ContributionQueuedError) {
      kind = 'queued'
      body = html`<span class="symbol" aria-hidden="true">⧗</span>
        <span>${strings.contributeQueued} ${this.#persistRefused ? strings.contributePersistRefused : ''}</span>
        <button type="button" class="link" @click=${() => this.#resendNow()}>${strings.contributeSendNow}</button>`
    } else if (tx.status === 'failed') {
      kind = 'failed'
      const message = (tx.error as { shortMessage?: string }).shortMessage ?? tx.error.message
      body = html`<span class="symbol" aria-hidden="true">✕</span>
        <span>${strings.contributeFailed} ${message}</span>
        <button type="submit" class="link">${strings.contributeRetry}</button>`
    }
    return html`<div part="status" role="status" class=${kind}>${body}</div>`
  }
}
