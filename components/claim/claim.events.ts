import type { Address, Hex } from 'viem'

/** Fired once a claim is confirmed on-chain and the widget has read the new state. */
export class LedgerClaimedEvent extends Event {
  /** Who was paid (whoever paid the gas). */
  readonly account: Address
  /** What this claim paid, in the token's smallest unit. */
  readonly amount: bigint
  readonly transactionHash: Hex
  /** The epoch whose root the claim was proven against. */
  readonly epochId: number
  constructor(detail: { account: Address; amount: bigint; transactionHash: Hex; epochId: number }) {
    super('ledger-claimed', { bubbles: true, composed: true })
    this.account = detail.account
    this.amount = detail.amount
    this.transactionHash = detail.transactionHash
    this.epochId = detail.epochId
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ledger-claimed': LedgerClaimedEvent
  }
}
