import { html, LitElement, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { createClient, defineChain, type Hex, http } from 'viem'
import type { LedgerClient } from '../../src/actions/internal/write.js'
import type { LedgerDeployment } from '../../src/chains.js'
import { hashContent } from '../../src/content/hashContent.js'
import type { Contribution } from '../../src/registry/contribution.js'
import { lookUpContribution } from '../shared/contributionLookups.js'
import { badgeStyles } from './badge.styles.js'

type BadgeState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'verified'; contribution: Contribution }
  | { kind: 'not-registered'; contentHash: Hex }
  | { kind: 'mismatch'; expected: Hex; actual: Hex }
  | { kind: 'error'; message: string }

const HASH = /^0x[0-9a-fA-F]{64}$/
const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`

/**
 * @summary Shows who contributed some content and when, verified against the chain.
 *
 * @csspart badge - The badge's box.
 * @csspart icon - The state symbol (✓, ✕ or !), never the only signal: every state is also in words.
 * @csspart label - The state in words.
 * @cssproperty --ledger-accent - Accent colour.
 * @cssproperty --ledger-radius - Corner radius.
 * @cssproperty --ledger-font - Font family.
 * @cssproperty --ledger-surface - Background.
 * @cssproperty --ledger-text - Text colour.
 */
export class LedgerBadge extends LitElement {
  static override styles = badgeStyles

  /** The SHA-256 of the content (`sha256sum`), 0x-prefixed; also the contribution's id. */
  @property({ attribute: 'content-hash' }) contentHash = ''
  /** Content to fetch and hash in the page; with `content-hash` too, the badge says whether they match. */
  @property() src = ''
  /** A JSON-RPC URL, used with `chain-id` when no `client` is set. */
  @property({ attribute: 'rpc-url' }) rpcUrl = ''
  @property({ attribute: 'chain-id', type: Number }) chainId = 0
  /** `compact` (one line) or `expanded` (with datanet and status). */
  @property({ reflect: true }) variant: 'compact' | 'expanded' = 'compact'
  /** A viem client; takes precedence over `rpc-url`. */
  @property({ attribute: false }) client: LedgerClient | undefined
  @property({ attribute: false }) deployment: LedgerDeployment | undefined

  @state() private view: BadgeState = { kind: 'idle' }
  @state() private copied = false
  #request = 0

  protected override willUpdate(changed: Map<PropertyKey, unknown>) {
    const inputs = ['contentHash', 'src', 'rpcUrl', 'chainId', 'client', 'deployment']
    if (inputs.some((name) => changed.has(name))) void this.#load()
  }

  #client(): LedgerClient | undefined {
    if (this.client) return this.client
    if (!this.rpcUrl || !this.chainId) return undefined
    const chain = defineChain({
      id: this.chainId,
      name: `chain ${this.chainId}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [this.rpcUrl] } },
    })
    return createClient({ chain, transport: http(this.rpcUrl) })
  }

  async #load() {
    const request = ++this.#request
    const settle = (view: BadgeState) => {
      if (request === this.#request) this.view = view
    }
    const client = this.#client()
    if (!client || (!this.contentHash && !this.src)) return settle({ kind: 'idle' })
    settle({ kind: 'loading' })
    try {
      let contentHash = this.contentHash.toLowerCase() as Hex
      if (contentHash && !HASH.test(contentHash))
        return settle({ kind: 'error', message: 'The content hash is malformed.' })
      if (this.src) {
        const response = await fetch(this.src)
        if (!response.ok) throw new Error(`HTTP ${response.status}`)
        const actual = await hashContent(await response.blob())
        if (contentHash && actual !== contentHash) return settle({ kind: 'mismatch', expected: contentHash, actual })
        contentHash = actual
      }
      const contribution = await lookUpContribution(client, contentHash, this.deployment)
      settle(contribution ? { kind: 'verified', contribution } : { kind: 'not-registered', contentHash })
    } catch {
      settle({ kind: 'error', message: 'Provenance could not be checked: network error.' })
    }
  }

  async #copy(address: string) {
    await navigator.clipboard?.writeText(address).catch(() => undefined)
    this.copied = true
  }

  protected override render() {
    const view = this.view
    switch (view.kind) {
      case 'idle':
        return html`<span part="badge" role="status"><span part="label">No content to check</span></span>`
      case 'loading':
        return html`<span part="badge" role="status" aria-busy="true"><span part="label">Checking provenance…</span></span>`
      case 'verified': {
        const { contributor, registeredAt, datanetId, status } = view.contribution
        return html`<span part="badge" role="status">
          <span part="icon" aria-hidden="true">✓</span>
          <span part="label">Verified contribution</span>
          <span>by <span title=${contributor}>${short(contributor)}</span></span>
          <button type="button" aria-label="Copy contributor address" @click=${() => this.#copy(contributor)}>
            ${this.copied ? 'Copied' : 'Copy'}
          </button>
          <span class="detail">on <time datetime=${registeredAt.toISOString()}>${registeredAt.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })}</time></span>
          ${
            this.variant === 'expanded'
              ? html`<span class="detail">datanet #${datanetId}</span><span class="detail">status: ${status}</span>`
              : nothing
          }
        </span>`
      }
      case 'not-registered':
        return html`<span part="badge" class="problem" role="status">
          <span part="icon" aria-hidden="true">✕</span><span part="label">Not registered</span>
          <span class="detail">nobody has registered this content</span>
        </span>`
      case 'mismatch':
        return html`<span part="badge" class="problem" role="status">
          <span part="icon" aria-hidden="true">!</span><span part="label">Hash mismatch</span>
          <span class="detail">the file is not the registered content</span>
        </span>`
      case 'error':
        return html`<span part="badge" class="problem" role="status">
          <span part="icon" aria-hidden="true">!</span><span part="label">Network error</span>
          <span class="detail">${view.message}</span>
        </span>`
    }
  }
}
