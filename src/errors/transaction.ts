import type { Hex } from 'viem'
import { BaseError } from './base.js'

/** Why a wallet's transaction will never be confirmed: another one took its place. */
export type TransactionReplacementReason = 'cancelled' | 'replaced'

/**
 * The transaction was cancelled or replaced from the wallet before it was confirmed, so it never will be.
 * `replacementHash` is the transaction that took its place. (A sped-up transaction, one only re-sent with a higher
 * fee, is not an error: the SDK follows it.)
 */
export class TransactionReplacedError extends BaseError {
  override name = 'TransactionReplacedError' as const
  readonly hash: Hex
  readonly replacementHash: Hex
  readonly reason: TransactionReplacementReason

  constructor({
    hash,
    replacementHash,
    reason,
  }: { hash: Hex; replacementHash: Hex; reason: TransactionReplacementReason }) {
    super(
      reason === 'cancelled'
        ? 'This transaction was cancelled in the wallet before it was confirmed, so nothing changed. Send it again if you still want it.'
        : 'The wallet sent a different transaction in place of this one, so this one will never be confirmed. Check the other transaction before sending this one again.',
      { metaMessages: [`Transaction: ${hash}`, `Replaced by: ${replacementHash}`] },
    )
    this.hash = hash
    this.replacementHash = replacementHash
    this.reason = reason
  }
}

/**
 * A reorganisation removed the block that held this transaction and the network no longer has the transaction, so it
 * will not be confirmed. Nothing it did stands; sending it again is safe.
 */
export class TransactionDroppedError extends BaseError {
  override name = 'TransactionDroppedError' as const
  readonly hash: Hex

  constructor({ hash }: { hash: Hex }) {
    super(
      'The network reorganised and dropped this transaction, so it did not go through and nothing changed. Send it again.',
      { metaMessages: [`Transaction: ${hash}`] },
    )
    this.hash = hash
  }
}
