import { LedgerClaim } from './claim.js'

if (!customElements.get('ledger-claim')) customElements.define('ledger-claim', LedgerClaim)

declare global {
  interface HTMLElementTagNameMap {
    'ledger-claim': LedgerClaim
  }
}
