import { LitElement } from 'lit'
import { property } from 'lit/decorators.js'
import type { LedgerDeployment } from '../../src/chains.js'
import type { LedgerClient } from '../../src/client.js'
import type { LedgerConfig } from './config.js'
import type { LedgerStrings } from './strings.js'

/** The settings an element holds itself: its attributes and properties, before its provider's fill the gaps. */
export type LedgerSettings = { [Key in keyof LedgerConfig]-?: LedgerConfig[Key] }

/**
 * The configuration every ledger element accepts, declared once: `<ledger-provider>` and each widget extend this, so
 * the attribute names, their types and their documentation cannot drift apart between elements.
 *
 * A plain base class holding these properties and nothing else (no lifecycle, no behaviour): merging them with a
 * provider's is LedgerConfigController's, which each element adds itself. Preferred over a `static properties` object
 * spread into each class because the decorators keep every property typed and documented where it is declared, and
 * the custom-elements analyzer follows `extends` into each element's manifest entry, which it cannot do through a spread.
 */
export class LedgerConfigElement extends LitElement implements LedgerSettings {
  /** A JSON-RPC URL (or several, separated by spaces: later ones serve when earlier ones fail), used with `chain-id`. */
  @property({ attribute: 'rpc-url' }) rpcUrl = ''
  /** The chain `rpc-url` serves. */
  @property({ attribute: 'chain-id', type: Number }) chainId = 0
  /** Where `<ledger-contribute>` posts signed registrations, so contributors pay no gas. */
  @property({ attribute: 'relay-url' }) relayUrl = ''
  /** A WalletConnect Cloud project id: adds WalletConnect to the wallet choices. */
  @property({ attribute: 'walletconnect-project-id' }) walletConnectProjectId = ''
  /**
   * Where to load WalletConnect's ethereum-provider module from, pinned and under the page's CSP. Required by the CDN
   * build to offer WalletConnect; from npm, the bundled `@walletconnect/ethereum-provider` is used when unset.
   */
  @property({ attribute: 'walletconnect-module-url' }) walletConnectModuleUrl = ''
  /** A block explorer's base URL, for transaction links (`…/tx/<hash>`). */
  @property({ attribute: 'explorer-url' }) explorerUrl = ''
  /**
   * The ledger's indexer (indexer/ in the repository), for lists such as the reward history: read from it instead of
   * scanning the chain, checked against the chain, and read from the chain when the indexer is down. Single
   * contributions (the badge) are always read from the chain.
   */
  @property({ attribute: 'indexer-url' }) indexerUrl = ''
  /** A viem client for reads; takes precedence over `rpc-url`. */
  @property({ attribute: false }) client: LedgerClient | undefined
  /** The contracts to use; by default the known deployment on the client's chain. */
  @property({ attribute: false }) deployment: LedgerDeployment | undefined
  /** The only contracts the element may use (one per chain): any other `deployment`, or chain, is refused. */
  @property({ attribute: false }) deployments: readonly LedgerDeployment[] | undefined
  /** Replacement text for any of the widgets' strings (`badgeStrings`, `claimStrings`… list the keys). */
  @property({ attribute: false }) strings: Partial<LedgerStrings> | undefined
}
