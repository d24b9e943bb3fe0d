import { type Abi, type ContractEventName, type Hex, parseEventLogs, type TransactionReceipt } from 'viem'
import { waitForTransactionReceipt } from 'viem/actions'
import { EventNotFoundError, TransactionRevertedError } from '../../errors/contract.js'
import type { LedgerClient } from './write.js'

/**
 * Waits for `hash` and returns the receipt with the events named `eventName` that it emitted, decoded.
 * A mined revert throws `TransactionRevertedError`; `required` events that are missing throw `EventNotFoundError`.
 */
export async function waitForEvents<const abi extends Abi, eventName extends ContractEventName<abi>>(
  client: LedgerClient,
  { hash, abi, eventName, required = true }: { hash: Hex; abi: abi; eventName: eventName; required?: boolean },
) {
  const receipt: TransactionReceipt = await waitForTransactionReceipt(client, { hash })
  if (receipt.status !== 'success') throw new TransactionRevertedError(hash)
  const events = parseEventLogs({ abi, eventName, logs: receipt.logs })
  const [first] = events
  if (required && !first) throw new EventNotFoundError(hash, String(eventName))
  return { receipt, events, first: first as NonNullable<typeof first> }
}
