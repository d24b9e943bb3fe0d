import { decodeEventLog, type Hex, type WaitForTransactionReceiptErrorType } from 'viem'
import { waitForTransactionReceipt } from 'viem/actions'
import type { LedgerClient } from '../client.js'
import { UserOperationEvent, UserOperationRevertReason } from '../relay/entryPoint.js'
import { PasskeyOperationFailedError } from './errors.js'

export type WaitForPasskeyOperationParameters = {
  transactionHash: Hex
  userOperationHash: Hex
}

export type WaitForPasskeyOperationReturnType = {
  transactionHash: Hex
  blockNumber: bigint
}

export type WaitForPasskeyOperationErrorType = PasskeyOperationFailedError | WaitForTransactionReceiptErrorType

/**
 * Waits for the relay's transaction and checks that the account's operation in it went through: the transaction
 * succeeds even when the account's calls fail, so its receipt alone does not tell.
 *
 * @example
 * const sent = await sendFromPasskeyAccount(client, { account, calls, relayUrl })
 * await waitForPasskeyOperation(client, sent)
 */
export async function waitForPasskeyOperation(
  client: LedgerClient,
  { transactionHash, userOperationHash }: WaitForPasskeyOperationParameters,
): Promise<WaitForPasskeyOperationReturnType> {
  const receipt = await waitForTransactionReceipt(client, { hash: transactionHash })
  let success: boolean | undefined
  let reason: Hex | undefined
  for (const log of receipt.logs) {
    if (log.topics[1]?.toLowerCase() !== userOperationHash.toLowerCase()) continue
    try {
      const event = decodeEventLog({ abi: [UserOperationEvent, UserOperationRevertReason], ...log })
      if (event.eventName === 'UserOperationEvent') success = event.args.success
      else reason = event.args.revertReason
    } catch {
      // Another contract's event with the same second topic.
    }
  }
  if (receipt.status !== 'success' || !success) {
    throw new PasskeyOperationFailedError(
      transactionHash,
      success === undefined
        ? `Transaction ${transactionHash} did not run operation ${userOperationHash}.`
        : `The account's calls reverted${reason && reason !== '0x' ? ` with ${reason}` : ''}.`,
    )
  }
  return { transactionHash, blockNumber: receipt.blockNumber }
}
