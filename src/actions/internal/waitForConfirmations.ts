import type { Hex, TransactionReceipt, WaitForTransactionReceiptParameters } from 'viem'
import { getBlockNumber, waitForTransactionReceipt } from 'viem/actions'
import type { ConfirmationProgress, LedgerClient } from '../../client.js'
import { TransactionDroppedError } from '../../errors/transaction.js'
import { isTransactionKnown, receiptOrNull } from './transactionLookups.js'

export type WaitForConfirmationsParameters = {
  hash: Hex
  /** Blocks, the transaction's own included, before it counts as confirmed. @default 1 */
  confirmations?: number | undefined
  onProgress?: ((progress: ConfirmationProgress) => void) | undefined
  onReplaced?: WaitForTransactionReceiptParameters['onReplaced']
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The head once it differs from `head`: a longer chain, or a shorter one after a reorganisation. */
async function nextHead(client: LedgerClient, head: bigint) {
  for (;;) {
    await sleep(client.pollingInterval)
    const now = await getBlockNumber(client, { cacheTime: 0 })
    if (now !== head) return now
  }
}

/**
 * Waits until `hash` is `confirmations` blocks deep and still in the chain. viem's wait counts blocks from the receipt
 * it saw first; this one reads the receipt again at every new block, so a reorganisation that removes the block is
 * seen at once (`onProgress` says `reorged`) and the count starts over when the transaction is included again. A
 * transaction the network dropped in the reorganisation throws `TransactionDroppedError` rather than waiting forever.
 */
export async function waitForConfirmations(
  client: LedgerClient,
  { hash, confirmations = 1, onProgress, onReplaced }: WaitForConfirmationsParameters,
): Promise<TransactionReceipt> {
  const required = Math.max(1, Math.floor(confirmations))
  for (;;) {
    let receipt: TransactionReceipt | null = await waitForTransactionReceipt(client, {
      hash,
      ...(onReplaced ? { onReplaced } : {}),
    })
    // A replacement's receipt is followed from here on, under its own hash.
    const followed = receipt.transactionHash
    let head = await getBlockNumber(client, { cacheTime: 0 })
    while (receipt) {
      const depth = Number(head - receipt.blockNumber + 1n)
      onProgress?.({
        status: 'included',
        blockNumber: receipt.blockNumber,
        confirmations: Math.max(0, depth),
        required,
      })
      if (depth >= required) return receipt
      head = await nextHead(client, head)
      const current: TransactionReceipt | null = await receiptOrNull(client, followed)
      if (!current || current.blockHash !== receipt.blockHash) onProgress?.({ status: 'reorged' })
      receipt = current
    }
    if (!(await isTransactionKnown(client, followed))) throw new TransactionDroppedError({ hash: followed })
  }
}
