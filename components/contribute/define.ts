import { LedgerContribute } from './contribute.js'

if (!customElements.get('ledger-contribute')) customElements.define('ledger-contribute', LedgerContribute)

declare global {
  interface HTMLElementTagNameMap {
    'ledger-contribute': LedgerContribute
  }
}
