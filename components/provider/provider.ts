import { provide } from '@lit/context'
import { css, html, LitElement } from 'lit'
import { property } from 'lit/decorators.js'
import type { LedgerDeployment } from '../../src/chains.js'
import type { LedgerClient } from '../../src/client.js'
import { type LedgerConfig, ledgerConfigContext } from '../shared/config.js'
import type { LedgerStrings } from '../shared/strings.js'

/**
 * @summary Configures every ledger widget inside it: the chain, the contracts, the relay, WalletConnect and the text.
 * Elements inside can still override any setting with their own attributes.
 *
 * @slot - The widgets (and anything else).
 */
export class LedgerProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `

  /** A JSON-RPC URL, used with `chain-id` when no `client` is set. */
  @property({ attribute: 'rpc-url' }) rpcUrl = ''
  @property({ attribute: 'chain-id', type: Number }) chainId = 0
  /** Where `<ledger-contribute>` posts signed registrations, so contributors pay no gas. */
  @property({ attribute: 'relay-url' }) relayUrl = ''
  /** A WalletConnect Cloud project id: adds WalletConnect to the wallet choices. */
  @property({ attribute: 'walletconnect-project-id' }) walletConnectProjectId = ''
  /** Where to load WalletConnect's ethereum-provider module from (default: a pinned esm.sh URL). */
  @property({ attribute: 'walletconnect-module-url' }) walletConnectModuleUrl = ''
  /** A block explorer's base URL, for transaction links. */
  @property({ attribute: 'explorer-url' }) explorerUrl = ''
  @property({ attribute: false }) client: LedgerClient | undefined
  @property({ attribute: false }) deployment: LedgerDeployment | undefined
  /** The only contracts the widgets inside may use (one per chain): any other `deployment`, or chain, is refused. */
  @property({ attribute: false }) deployments: readonly LedgerDeployment[] | undefined
  @property({ attribute: false }) strings: Partial<LedgerStrings> | undefined

  @provide({ context: ledgerConfigContext }) protected config: LedgerConfig = {}

  protected override willUpdate() {
    // A new object each time, so every consumer hears of the change.
    this.config = {
      client: this.client,
      rpcUrl: this.rpcUrl || undefined,
      chainId: this.chainId || undefined,
      deployment: this.deployment,
      deployments: this.deployments,
      relayUrl: this.relayUrl || undefined,
      walletConnectProjectId: this.walletConnectProjectId || undefined,
      walletConnectModuleUrl: this.walletConnectModuleUrl || undefined,
      explorerUrl: this.explorerUrl || undefined,
      strings: this.strings,
    }
  }

  protected override render() {
    return html`<slot></slot>`
  }
}
