import { type Abi, type ContractEventName, type Hex, parseEventLogs } from 'viem'
import type { ConfirmationProgress, LedgerClient } from '../../client.js'
import { EventNotFoundError, TransactionRevertedError } from '../../errors/contract.js'
import { TransactionReplacedError, type TransactionReplacementReason } from '../../errors/transaction.js'
import { waitForConfirmations } from './waitForConfirmations.js'

/**
 * Waits for `hash` to be `confirmations` blocks deep (following it through reorganisations, see
 * `waitForConfirmations`) and returns the receipt with the events named `eventName` that it emitted, decoded.
 * A transaction sped up in the wallet (same call, higher fee) is followed to its replacement's receipt; one cancelled
 * or replaced by a different call throws `TransactionReplacedError`. A mined revert throws `TransactionRevertedError`;
 * `required` events that are missing throw `EventNotFoundError`.
 */
export async function waitForEvents<const abi extends Abi, eventName extends ContractEventName<abi>>(
  client: LedgerClient,
  {
    hash,
    abi,
    eventName,
    required = true,
    confirmations = 1,
    onProgress,
  }: {
    hash: Hex
    abi: abi
    eventName: eventName
    required?: boolean
    confirmations?: number
    onProgress?: ((progress: ConfirmationProgress) => void) | undefined
  },
) {
  let replaced: { reason: TransactionReplacementReason; replacementHash: Hex } | undefined
  const receipt = await waitForConfirmations(client, {
    hash,
    confirmations,
    onProgress,
    onReplaced: ({ reason, transaction }) => {
      if (reason !== 'repriced') replaced = { reason, replacementHash: transaction.hash }
    },
  })
  if (replaced) throw new TransactionReplacedError({ hash, ...replaced })
  if (receipt.status !== 'success') throw new TransactionRevertedError(receipt.transactionHash)
  const events = parseEventLogs({ abi, eventName, logs: receipt.logs })
  const [first] = events
  if (required && !first) throw new EventNotFoundError(receipt.transactionHash, String(eventName))
  return { receipt, events, first: first as NonNullable<typeof first> }
}
