import { Task, TaskStatus } from '@lit/task'
import { html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import type { Hex } from 'viem'
import type { LedgerDeployment } from '../../src/chains.js'
import type { LedgerClient } from '../../src/client.js'
import { hashContent } from '../../src/content/hashContent.js'
import { shortHash } from '../../src/format.js'
import type { Contribution } from '../../src/registry/contribution.js'
import { type DeploymentRefusedError, LedgerConfigController } from '../shared/configController.js'
import { LedgerConfigElement } from '../shared/configElement.js'
import { lookUpContribution } from '../shared/contributionLookups.js'
import { displayText } from '../shared/displayText.js'
import { type BadgeStrings, badgeStrings } from './badge.strings.js'
import { badgeStyles } from './badge.styles.js'

type BadgeState =
  | { kind: 'idle' }
  | { kind: 'verified'; contentHash: Hex; contribution: Contribution }
  | { kind: 'not-registered'; contentHash: Hex }
  | { kind: 'mismatch'; expected: Hex; actual: Hex }
  | { kind: 'error'; message: keyof BadgeStrings }

const HASH = /^0x[0-9a-fA-F]{64}$/

// Only expanded badges list models, and checking a training set needs the Merkle code: loaded when first needed.
const loadModelLookups = () => import('../shared/modelLookups.js')
/**
 * @summary Shows who contributed some content and when, verified against the chain.
 *
 * @csspart badge - The badge's box.
 * @csspart icon - The state symbol (✓, ✕ or !), never the only signal: every state is also in words.
 * @csspart label - The state in words.
 * @cssproperty --ledger-accent - Accent colour: the border, the ✓ and the copy button.
 * @cssproperty --ledger-radius - Corner radius (at most 12px in the `expanded` variant).
 * @cssproperty --ledger-font - Font family.
 * @cssproperty --ledger-surface - Background.
 * @cssproperty --ledger-text - Text colour.
 * @cssproperty --ledger-muted - Colour of the details (date, datanet, status, models).
 * @cssproperty --ledger-danger - Colour of the ✕ and ! when nothing could be verified.
 */
export class LedgerBadge extends LedgerConfigElement {
  static override styles = badgeStyles

  /** The SHA-256 of the content (`sha256sum`), 0x-prefixed; also the contribution's id. */
  @property({ attribute: 'content-hash' }) contentHash = ''
  /** The contribution's id: the same value as its content hash, for pages that think in ids. */
  @property({ attribute: 'contribution-id' }) contributionId = ''
  /** Content to fetch and hash in the page; with `content-hash` too, the badge says whether they match. */
  @property() src = ''
  /** `compact` (one line) or `expanded` (with datanet, status and the models that used it). */
  @property({ reflect: true }) variant: 'compact' | 'expanded' = 'compact'

  @state() private copied = false

  // Before the tasks: they read what it resolves.
  readonly #settings = new LedgerConfigController(this)

  // Reads go through tasks, so a late answer for an earlier content hash never overwrites a newer one.
  readonly #lookup = new Task(this, {
    args: () => {
      const { client, deployment, deploymentError } = this.#settings
      const given = (this.contentHash || this.contributionId).toLowerCase()
      return [given, this.src, client, deployment, deploymentError] as const
    },
    task: ([given, src, client, deployment, deploymentError]) =>
      this.#look(given, src, client, deployment, deploymentError),
  })

  readonly #models = new Task(this, {
    args: () => {
      const view = this.#lookup.value
      const verified = this.variant === 'expanded' && view?.kind === 'verified' ? view.contentHash : undefined
      return [verified, this.#settings.client, this.#settings.deployment] as const
    },
    task: async ([contentHash, client, deployment]) => {
      if (!contentHash || !client || !deployment) return undefined
      const { modelsUsing } = await loadModelLookups()
      const models = await modelsUsing(client, contentHash, deployment)
      return models.map((model) => displayText(model.name, 60))
    },
  })

  protected override willUpdate() {
    // Compact badges never show models, so they never read them (nor re-render for them).
    this.#models.autoRun = this.variant === 'expanded'
  }

  async #look(
    given: string,
    src: string,
    client: LedgerClient | undefined,
    deployment: LedgerDeployment | undefined,
    refused: DeploymentRefusedError | undefined,
  ): Promise<BadgeState> {
    if (!client || (!given && !src)) return { kind: 'idle' }
    if (given && !HASH.test(given)) return { kind: 'error', message: 'badgeMalformed' }
    if (refused || !deployment) return { kind: 'error', message: 'badgeUntrustedDeployment' }
    try {
      let contentHash = given as Hex
      if (src) {
        const response = await fetch(src)
        if (!response.ok) throw new Error(`HTTP ${response.status}`)
        const actual = await hashContent(await response.blob())
        if (contentHash && actual !== contentHash) return { kind: 'mismatch', expected: contentHash, actual }
        contentHash = actual
      }
      const contribution = await lookUpContribution(client, contentHash, deployment)
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
    const strings = { ...badgeStrings, ...this.#settings.config.strings }
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
