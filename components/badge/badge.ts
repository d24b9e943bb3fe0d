import { consume } from '@lit/context'
import { Task, TaskStatus } from '@lit/task'
import { html, LitElement, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import type { Hex } from 'viem'
import { type LedgerDeployment, resolveDeployment } from '../../src/chains.js'
import type { LedgerClient } from '../../src/client.js'
import { hashContent } from '../../src/content/hashContent.js'
import { shortHash } from '../../src/format.js'
import type { Contribution } from '../../src/registry/contribution.js'
import { type LedgerConfig, ledgerConfigContext, mergeConfig, readClientFor } from '../shared/config.js'
import { lookUpContribution } from '../shared/contributionLookups.js'
import { displayText } from '../shared/displayText.js'
import { modelsUsing } from '../shared/modelLookups.js'
import type { LedgerStrings } from '../shared/strings.js'
import { type BadgeStrings, badgeStrings } from './badge.strings.js'
import { badgeStyles } from './badge.styles.js'

type BadgeState =
  | { kind: 'idle' }
  | { kind: 'verified'; contentHash: Hex; contribution: Contribution }
  | { kind: 'not-registered'; contentHash: Hex }
  | { kind: 'mismatch'; expected: Hex; actual: Hex }
  | { kind: 'error'; message: keyof BadgeStrings }

const HASH = /^0x[0-9a-fA-F]{64}$/

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
  /** The contribution's id: the same value as its content hash, for pages that think in ids. */
  @property({ attribute: 'contribution-id' }) contributionId = ''
  /** Content to fetch and hash in the page; with `content-hash` too, the badge says whether they match. */
  @property() src = ''
  /** A JSON-RPC URL, used with `chain-id` when no `client` is set. */
  @property({ attribute: 'rpc-url' }) rpcUrl = ''
  @property({ attribute: 'chain-id', type: Number }) chainId = 0
  /** `compact` (one line) or `expanded` (with datanet, status and the models that used it). */
  @property({ reflect: true }) variant: 'compact' | 'expanded' = 'compact'
  /** A viem client; takes precedence over `rpc-url`. */
  @property({ attribute: false }) client: LedgerClient | undefined
  @property({ attribute: false }) deployment: LedgerDeployment | undefined
  /** The only contracts this badge may read (one per chain); any other `deployment`, or chain, is refused. */
  @property({ attribute: false }) deployments: readonly LedgerDeployment[] | undefined
  /** Replacement text (see `badgeStrings` for the keys). */
  @property({ attribute: false }) strings: Partial<LedgerStrings> | undefined

  @consume({ context: ledgerConfigContext, subscribe: true })
  @state()
  private provided: LedgerConfig | undefined

  @state() private copied = false

  // Reads go through tasks, so a late answer for an earlier content hash never overwrites a newer one.
  readonly #lookup = new Task(this, {
    args: () => {
      const config = this.#config
      const given = (this.contentHash || this.contributionId).toLowerCase()
      return [given, this.src, readClientFor(config), config.deployment, config.deployments] as const
    },
    task: ([given, src, client, deployment, deployments]) => this.#look(given, src, client, deployment, deployments),
  })

  readonly #models = new Task(this, {
    args: () => {
      const view = this.#lookup.value
      const verified = this.variant === 'expanded' && view?.kind === 'verified' ? view.contentHash : undefined
      return [verified, readClientFor(this.#config), this.#config.deployment, this.#config.deployments] as const
    },
    task: async ([contentHash, client, deployment, deployments]) => {
      if (!contentHash || !client) return undefined
      const models = await modelsUsing(client, contentHash, resolveDeployment(client, deployment, deployments))
      return models.map((model) => displayText(model.name, 60))
    },
  })

  #config: LedgerConfig = {}

  protected override willUpdate() {
    // Compact badges never show models, so they never read them (nor re-render for them).
    this.#models.autoRun = this.variant === 'expanded'
    // Once per update: the tasks' arguments and the render all read it.
    this.#config = mergeConfig(this.provided, {
      client: this.client,
      rpcUrl: this.rpcUrl,
      chainId: this.chainId,
      deployment: this.deployment,
      deployments: this.deployments,
      strings: this.strings,
    })
  }

  async #look(
    given: string,
    src: string,
    client: LedgerClient | undefined,
    deployment: LedgerDeployment | undefined,
    deployments: readonly LedgerDeployment[] | undefined,
  ): Promise<BadgeState> {
    if (!client || (!given && !src)) return { kind: 'idle' }
    if (given && !HASH.test(given)) return { kind: 'error', message: 'badgeMalformed' }
    let trusted: LedgerDeployment
    try {
      trusted = resolveDeployment(client, deployment, deployments)
    } catch {
      return { kind: 'error', message: 'badgeUntrustedDeployment' }
    }
    try {
      let contentHash = given as Hex
      if (src) {
        const response = await fetch(src)
        if (!response.ok) throw new Error(`HTTP ${response.status}`)
        const actual = await hashContent(await response.blob())
        if (contentHash && actual !== contentHash) return { kind: 'mismatch', expected: contentHash, actual }
        contentHash = actual
      }
      const contribution = await lookUpContribution(client, contentHash, trusted)
      return contribution ? { kind: 'verified', contentHash, contribution } : { kind: 'not-registered', contentHash }
    } catch {
      return { kind: 'error', message: 'badgeNetworkErrorDetail' }
    }
  }

  async #copy(address: string) {
    await navigator.clipboard?.writeText(address).catch(() => undefined)
    this.copied = true
  }

  protected override render() {
    const view = this.#lookup.status === TaskStatus.PENDING ? undefined : this.#lookup.value
    const models = this.#models.value
    const strings = { ...badgeStrings, ...this.#config.strings }
    switch (view?.kind) {
      case undefined:
        return html`<span part="badge" role="status" aria-busy="true"><span part="label">${strings.badgeLoading}</span></span>`
      case 'idle':
        return html`<span part="badge" role="status"><span part="label">${strings.badgeIdle}</span></span>`
      case 'verified': {
        const { contributor, registeredAt, datanetId, status } = view.contribution
        return html`<span part="badge" role="status">
          <span part="icon" aria-hidden="true">✓</span>
          <span part="label">${strings.badgeVerified}</span>
          <span>${strings.badgeBy} <span title=${contributor}>${shortHash(contributor)}</span></span>
          <button type="button" aria-label=${strings.badgeCopyLabel} @click=${() => this.#copy(contributor)}>
            ${this.copied ? strings.badgeCopied : strings.badgeCopy}
          </button>
          <span class="detail"><time datetime=${registeredAt.toISOString()}>${strings.badgeOn(registeredAt)}</time></span>
          ${
            this.variant === 'expanded'
              ? html`<span class="detail">${strings.badgeDatanet(datanetId)}</span>
                <span class="detail">${strings.badgeStatus(status)}</span>
                ${
                  models === undefined
                    ? nothing
                    : html`<span class="detail models">${models.length ? strings.badgeModels(models.join(', ')) : strings.badgeNoModels}</span>`
                }`
              : nothing
          }
        </span>`
      }
      case 'not-registered':
        return html`<span part="badge" class="problem" role="status">
          <span part="icon" aria-hidden="true">✕</span><span part="label">${strings.badgeNotRegistered}</span>
          <span class="detail">${strings.badgeNotRegisteredDetail}</span>
        </span>`
      case 'mismatch':
        return html`<span part="badge" class="problem" role="status">
          <span part="icon" aria-hidden="true">!</span><span part="label">${strings.badgeMismatch}</span>
          <span class="detail">${strings.badgeMismatchDetail}</span>
        </span>`
      case 'error':
        return html`<span part="badge" class="problem" role="status">
          <span part="icon" aria-hidden="true">!</span><span part="label">${strings.badgeNetworkError}</span>
          <span class="detail">${strings[view.message] as string}</span>
        </span>`
    }
  }
}
