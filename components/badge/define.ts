import { LedgerBadge } from './badge.js'

if (!customElements.get('ledger-badge')) customElements.define('ledger-badge', LedgerBadge)

declare global {
  interface HTMLElementTagNameMap {
    'ledger-badge': LedgerBadge
  }
}
