import { html, nothing } from 'lit'
import type { Chain, Hex } from 'viem'
import type { LedgerDeployment } from '../../src/chains.js'
import { shortHash } from '../../src/format.js'
import { ContributionQueuedError } from '../../src/queue/queueErrors.js'
import type { Contribution } from '../../src/registry/contribution.js'
import { passkeyAccountPanel } from '../shared/passkey/passkey.templates.js'
import type { PasskeyController } from '../shared/passkey/passkeyController.js'
import type { TransactionState } from '../shared/transactionController.js'
import { transactionUrl } from '../shared/transactionUrl.js'
import type { WalletStrings } from '../shared/wallet/wallet.strings.js'
import type { WalletController } from '../shared/wallet/walletController.js'
import { walletErrorText } from '../shared/wallet/walletErrors.js'
import { walletPicker } from '../shared/wallet/walletPicker.js'
import type { ContributeStrings } from './contribute.strings.js'
import type { Registered } from './submitFlow.js'

export type Strings = ContributeStrings & WalletStrings

/** What the person picked, and how far fingerprinting it has got. */
export type Content =
  | { kind: 'none' }
  | { kind: 'hashing'; label: string; bytesHashed: number; totalBytes: number }
  | { kind: 'hashed'; label: string; contentHash: Hex; byteSize: number; mediaType: string }
  | { kind: 'unreadable'; error: Error }

const formatSize = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 ** 2
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1024 ** 2).toFixed(1)} MB`

/** The card a widget with nowhere to register shows, saying why. */
export const unconfiguredCard = (problem: string) =>
  html`<div part="card"><p part="status" role="status" class="failed">${problem}</p></div>`

type SourceOptions = {
  mode: 'file' | 'text'
  text: string
  dragging: boolean
  locked: boolean
  strings: Strings
  onMode: (mode: 'file' | 'text') => void
  onText: (text: string) => void
  onDragging: (dragging: boolean) => void
  /** Opens the file chooser. */
  onChoose: () => void
  /** A file was chosen or dropped, or the typed text is to be used. */
  onContent: (input: File | string) => void
}

/** File or text: the drop zone with its chooser, or the text box. */
export function sourcePicker({ mode, text, dragging, locked, strings, ...on }: SourceOptions) {
  const fileOf = (files: FileList | null | undefined) => {
    const file = files?.[0]
    if (file) on.onContent(file)
  }
  return html`<fieldset class="modes" ?disabled=${locked}>
      <legend class="visually-hidden">${strings.contributeModeLabel}</legend>
      <label class="mode"><input type="radio" name="mode" value="file" .checked=${mode === 'file'} @change=${() => on.onMode('file')} />${strings.contributeModeFile}</label>
      <label class="mode"><input type="radio" name="mode" value="text" .checked=${mode === 'text'} @change=${() => on.onMode('text')} />${strings.contributeModeText}</label>
    </fieldset>
    ${
      mode === 'file'
        ? html`<div part="dropzone" class=${dragging ? 'dropzone dragging' : 'dropzone'}
            @dragover=${(event: DragEvent) => {
              event.preventDefault()
              on.onDragging(true)
            }}
            @dragleave=${() => on.onDragging(false)}
            @drop=${(event: DragEvent) => {
              event.preventDefault()
              on.onDragging(false)
              fileOf(event.dataTransfer?.files)
            }}>
            <span>${strings.contributeDrop}</span>
            <button type="button" ?disabled=${locked} @click=${on.onChoose}>${strings.contributeChoose}</button>
            <input type="file" hidden @change=${(event: Event) => fileOf((event.target as HTMLInputElement).files)} />
          </div>`
        : html`<div class="field">
            <label for="text">${strings.contributeTextLabel}</label>
            <textarea id="text" rows="5" .value=${text} ?disabled=${locked}
              @input=${(event: Event) => on.onText((event.target as HTMLTextAreaElement).value)}></textarea>
            <div class="actions">
              <button type="button" ?disabled=${!text || locked} @click=${() => on.onContent(text)}>
                ${strings.contributeTextUse}
              </button>
            </div>
          </div>`
    }`
}

/** The fingerprinting progress, what was fingerprinted, or why it could not be read. */
export function contentLine(content: Content, strings: Strings) {
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

type SigningOptions = {
  strings: Strings
  wallet: WalletController
  passkey: PasskeyController
  /** Connects through WalletConnect; undefined when the page did not enable it. */
  onWalletConnect: (() => void) | undefined
  chain: Chain
  deployment: LedgerDeployment
  datanetId: number
  contentHash: Hex
  relayed: boolean
  locked: boolean
  onSwitchChain: () => void
}

/** The wallet choices; once connected, what is about to be signed (chain, contract, fee) and the button that signs. */
export function signingSection({ strings, wallet, chain, deployment, relayed, locked, ...options }: SigningOptions) {
  const { connection } = wallet
  if (!connection) {
    return html`${walletPicker(wallet, strings, { onWalletConnect: options.onWalletConnect, passkey: options.passkey })}
      ${wallet.error ? html`<p class="error"><span aria-hidden="true">!</span> ${walletErrorText(wallet.error, strings)}</p>` : nothing}`
  }
  if (connection.passkey) {
    return passkeySigning({ strings, chain, deployment, locked, ...options })
  }
  const wrongChain = connection.chainId !== chain.id
  return html`<p class="connected">
      <span>${strings.walletConnected(connection.name, shortHash(connection.account))}</span>
      <button type="button" class="link" ?disabled=${locked} @click=${() => wallet.disconnect()}>${strings.walletDisconnect}</button>
    </p>
    <section part="summary" aria-labelledby="summary-heading">
      <h3 id="summary-heading">${strings.contributeSummary}</h3>
      <dl class="summary">
        <dt>${strings.contributeNetwork}</dt><dd>${chain.name} (${chain.id})</dd>
        <dt>${strings.contributeContract}</dt><dd class="mono">${deployment.registry}</dd>
        <dt>${strings.contributeDatanet}</dt><dd>#${options.datanetId}</dd>
        <dt>${strings.contributeFingerprint}</dt><dd class="mono">${options.contentHash}</dd>
        <dt>${strings.contributeCost}</dt><dd>${relayed ? strings.contributeCostRelay : strings.contributeCostDirect}</dd>
      </dl>
    </section>
    ${wrongChain ? html`<p class="hint">${strings.walletWrongChain(chain.name)}</p>` : nothing}
    <div class="actions">
      ${
        wrongChain
          ? html`<button type="button" class="primary" ?disabled=${locked} @click=${options.onSwitchChain}>
              ${strings.walletSwitchChain(chain.name)}
            </button>`
          : html`<button type="submit" part="submit" class="primary" ?disabled=${locked}>
              ${relayed ? strings.contributeSubmitRelay : strings.contributeSubmit}
            </button>`
      }
    </div>`
}

/**
 * What registering with a passkey account does, in plain words (whose work it becomes, where, what it costs), the
 * technical facts behind a disclosure, and the button that asks for the one passkey prompt.
 */
function passkeySigning({
  strings,
  passkey,
  chain,
  deployment,
  locked,
  datanetId,
  contentHash,
}: Pick<SigningOptions, 'strings' | 'passkey' | 'chain' | 'deployment' | 'locked' | 'datanetId' | 'contentHash'>) {
  const account = passkey.account?.address ?? ''
  return html`${passkeyAccountPanel(passkey, strings, { locked })}
    <section part="summary" aria-labelledby="summary-heading">
      <h3 id="summary-heading">${strings.contributePasskeySummary}</h3>
      <dl class="summary">
        <dt>${strings.contributePasskeyOwner}</dt><dd>${strings.passkeyYourAccount(account)}</dd>
        <dt>${strings.contributeDatanet}</dt><dd>#${datanetId}</dd>
        <dt>${strings.contributeNetwork}</dt><dd>${chain.name}</dd>
        <dt>${strings.contributePasskeyCost}</dt><dd>${strings.contributePasskeyFree}</dd>
      </dl>
      <details>
        <summary>${strings.passkeyDetails}</summary>
        <dl>
          <dt>${strings.contributeNetwork}</dt><dd>${chain.name} (${chain.id})</dd>
          <dt>${strings.contributeContract}</dt><dd>${deployment.registry}</dd>
          <dt>${strings.contributeFingerprint}</dt><dd>${contentHash}</dd>
        </dl>
      </details>
    </section>
    <div class="actions">
      <button type="submit" part="submit" class="primary" ?disabled=${locked || Boolean(passkey.busy)}>
        ${strings.contributeSubmitPasskey}
      </button>
    </div>`
}

type StatusOptions = {
  strings: Strings
  content: Content
  /** Who registered the content before, null when nobody did, undefined while that is being checked. */
  duplicate: Contribution | null | undefined
  transaction: TransactionState<Registered>
  explorerUrl: string | undefined
  /** The browser would not promise to keep the saved contribution. */
  persistRefused: boolean
  /** Signed with a passkey account: plain words, no transaction hash. */
  passkey: boolean
  onReset: () => void
  onSendNow: () => void
}

/** The live status line: checking, duplicate, each transaction state, saved for later, or failed with a retry. */
export function statusLine({ strings, content, duplicate, transaction: tx, ...options }: StatusOptions) {
  const transactionLink = (hash: Hex | undefined) => {
    if (!hash) return nothing
    const url = transactionUrl(options.explorerUrl, hash)
    if (url)
      return html`<a href=${url} target="_blank" rel="noopener noreferrer">${strings.contributeViewTransaction}</a>`
    return options.passkey ? nothing : html`<code title=${hash}>${strings.contributeTransaction(hash)}</code>`
  }
  const another = html`<button type="button" class="link" @click=${options.onReset}>${strings.contributeAnother}</button>`
  let body: unknown = nothing
  let kind = ''
  if (content.kind === 'hashed' && duplicate === undefined) body = strings.contributeChecking
  else if (content.kind === 'hashed' && duplicate && tx.status !== 'confirmed') {
    kind = 'failed'
    body = html`<span class="symbol" aria-hidden="true">≡</span>
      <span>${strings.contributeDuplicate(duplicate.contributor, duplicate.registeredAt)}</span>
      ${another}`
  } else if (tx.status === 'awaiting-wallet') {
    body = options.passkey ? strings.passkeyAwaiting : strings.contributeAwaitingWallet
  } else if (tx.status === 'pending') {
    const { progress } = tx
    const text =
      progress?.status === 'reorged'
        ? strings.contributeReorged
        : progress && progress.required > 1
          ? strings.contributeConfirming(progress.confirmations, progress.required)
          : options.passkey
            ? strings.contributePasskeyPending
            : strings.contributePending
    body = html`<span>${text}</span> ${transactionLink(tx.hash)}`
  } else if (tx.status === 'confirmed') {
    kind = 'confirmed'
    body = html`<span class="symbol" aria-hidden="true">✓</span>
      <span>${strings.contributeConfirmed} ${strings.contributeId}: <code>${tx.result.contentHash}</code></span>
      ${transactionLink(tx.hash)}
      ${another}`
  } else if (tx.status === 'failed' && tx.error instanceof ContributionQueuedError) {
    kind = 'queued'
    body = html`<span class="symbol" aria-hidden="true">⧗</span>
      <span>${strings.contributeQueued} ${options.persistRefused ? strings.contributePersistRefused : ''}</span>
      <button type="button" class="link" @click=${options.onSendNow}>${strings.contributeSendNow}</button>`
  } else if (tx.status === 'failed') {
    kind = 'failed'
    body = html`<span class="symbol" aria-hidden="true">✕</span>
      <span>${strings.contributeFailed} ${tx.error.shortMessage}</span>
      <button type="submit" class="link">${strings.contributeRetry}</button>`
  }
  return html`<div part="status" role="status" class=${kind}>${body}</div>`
}
