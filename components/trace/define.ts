import { LedgerTrace } from './trace.js'

if (!customElements.get('ledger-trace')) customElements.define('ledger-trace', LedgerTrace)

declare global {
  interface HTMLElementTagNameMap {
    'ledger-trace': LedgerTrace
  }
}
