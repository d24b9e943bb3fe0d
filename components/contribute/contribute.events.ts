import type { Address, Hex } from 'viem'

/** Fired once a contribution is registered on-chain. */
export class LedgerContributedEvent extends Event {
  readonly contentHash: Hex
  readonly contributor: Address
  readonly datanetId: number
  /** Undefined only when a relay found the registration already on-chain (a retry of one that had landed). */
  readonly transactionHash: Hex | undefined
  /** The exact bytes registered (the chosen File, or the text as UTF-8), for a platform that keeps its dataset. */
  readonly content: Blob
  constructor(detail: {
    contentHash: Hex
    contributor: Address
    datanetId: number
    transactionHash: Hex | undefined
    content: Blob
  }) {
    super('ledger-contributed', { bubbles: true, composed: true })
    this.contentHash = detail.contentHash
    this.contributor = detail.contributor
    this.datanetId = detail.datanetId
    this.transactionHash = detail.transactionHash
    this.content = detail.content
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ledger-contributed': LedgerContributedEvent
  }
}
