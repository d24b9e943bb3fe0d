import { LedgerProvider } from './provider.js'

if (!customElements.get('ledger-provider')) customElements.define('ledger-provider', LedgerProvider)

declare global {
  interface HTMLElementTagNameMap {
    'ledger-provider': LedgerProvider
  }
}
