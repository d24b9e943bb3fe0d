import type { Hex } from 'viem'
import type { LedgerClient } from '../client.js'
import {
  postToRelay,
  type RelayRejectedError,
  type RelayUnavailableError,
  unexpectedRelayAnswer,
} from '../relay/sendToRelay.js'
import {
  type PasskeyCall,
  type PasskeyOperationGas,
  type PreparePasskeyOperationErrorType,
  preparePasskeyOperation,
} from './preparePasskeyOperation.js'
import type { PasskeyAccount } from './toPasskeyAccount.js'

export type SendFromPasskeyAccountParameters = {
  account: PasskeyAccount
  /** What the account does, in order, all or nothing: token transfers, contract calls. */
  calls: readonly PasskeyCall[]
  /** The relay's user-operation route: it receives a `PasskeyOperationRequest` and pays for the transaction. */
  relayUrl: string
  gas?: PasskeyOperationGas | undefined
  /** The `fetch` that posts to the relay; the global one by default. */
  fetch?: typeof globalThis.fetch | undefined
}

export type SendFromPasskeyAccountReturnType = {
  status: 'submitted'
  /** The relay's `handleOps` transaction. */
  transactionHash: Hex
  /** Identifies the operation in that transaction (see `waitForPasskeyOperation`). */
  userOperationHash: Hex
}

export type SendFromPasskeyAccountErrorType =
  | PreparePasskeyOperationErrorType
  | RelayRejectedError
  | RelayUnavailableError

/** What a relay's user-operation route answers. */
export type PasskeyRelayResponse =
  | { status: 'submitted'; transactionHash: Hex }
  | { error: { name: string; message: string } }

/**
 * Has the account make `calls`: prepares them as one user operation, has the passkey sign it (one prompt), and posts
 * it to the relay, which submits it and pays. Returns once the relay has sent it; `waitForPasskeyOperation` tells
 * whether the calls went through.
 *
 * @example
 * const transfer = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] })
 * const sent = await sendFromPasskeyAccount(client, { account, calls: [{ to: token, data: transfer }], relayUrl })
 * await waitForPasskeyOperation(client, sent)
 */
export async function sendFromPasskeyAccount(
  client: LedgerClient,
  { account, calls, relayUrl, gas, fetch: fetchFn = globalThis.fetch }: SendFromPasskeyAccountParameters,
): Promise<SendFromPasskeyAccountReturnType> {
  const { userOperationHash, ...request } = await preparePasskeyOperation(client, { account, calls, gas })
  const body = await postToRelay<Exclude<PasskeyRelayResponse, { error: unknown }>>(relayUrl, request, fetchFn)
  if (body.status === 'submitted')
    return { status: 'submitted', transactionHash: body.transactionHash, userOperationHash }
  throw unexpectedRelayAnswer(relayUrl, body)
}
