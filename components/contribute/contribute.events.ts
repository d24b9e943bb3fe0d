import type { Address, Hex } from 'viem'

/** Fired once a contribution is registered on-chain. */
export class LedgerContributedEvent extends Event {
  readonly contentHash: Hex
  readonly contributor: Address
  readonly datanetId: number
  /** Undefined only when a relay found the registration already on-chain (a retry of one that had landed). */
  readonly transactionHash: Hex | undefined
  constructor(detail: { contentHash: Hex; contributor: Address; datanetId: number; transactionHash: Hex | undefined }) {
    super('ledger-contributed', { bubbles: true, composed: true })
    this.contentHash = detail.contentHash
    this.contributor = detail.contributor
    this.datanetId = detail.datanetId
    this.transactionHash = detail.transactionHash
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ledger-contributed': LedgerContributedEvent
  }
}
