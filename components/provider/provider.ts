import { ContextProvider } from '@lit/context'
import { css, html } from 'lit'
import { ledgerConfigContext } from '../shared/config.js'
import { LedgerConfigController } from '../shared/configController.js'
import { LedgerConfigElement } from '../shared/configElement.js'

/**
 * @summary Configures every ledger widget inside it: the chain, the contracts, the relay, the indexer, WalletConnect
 * and the text.
 * Elements inside can still override any setting with their own attributes; a provider inside another overrides it
 * the same way.
 *
 * It draws nothing of its own (`display: contents`), so it has no parts and no custom properties; the `--ledger-*`
 * properties set on it are inherited by the widgets inside.
 *
 * @slot - The widgets (and anything else).
 */
export class LedgerProvider extends LedgerConfigElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `

  readonly #settings = new LedgerConfigController(this)
  readonly #context = new ContextProvider(this, { context: ledgerConfigContext, initialValue: {} })

  protected override updated() {
    // The controller merges a new object on each update, so every consumer hears of the change.
    this.#context.setValue(this.#settings.config)
  }

  protected override render() {
    return html`<slot></slot>`
  }
}
