import { type Hex, TransactionNotFoundError, TransactionReceiptNotFoundError } from 'viem'
import { getTransaction, getTransactionReceipt } from 'viem/actions'
import type { LedgerClient } from '../../client.js'

/** The transaction's receipt, or null while it is not mined (or not any more, after a reorganisation). */
export const receiptOrNull = (client: LedgerClient, hash: Hex) =>
  getTransactionReceipt(client, { hash }).catch((error: unknown) => {
    if (error instanceof TransactionReceiptNotFoundError) return null
    throw error
  })

/** Whether the node has the transaction, mined or waiting to be: false once the network has dropped it. */
export const isTransactionKnown = (client: LedgerClient, hash: Hex) =>
  getTransaction(client, { hash }).then(
    () => true,
    (error: unknown) => {
      if (error instanceof TransactionNotFoundError) return false
      throw error
    },
  )
