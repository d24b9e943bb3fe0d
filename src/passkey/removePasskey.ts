import { encodeFunctionData, type Hex } from 'viem'
import * as accountAbi from '../abis/passkeyAccount.js'
import type { LedgerClient } from '../client.js'
import { LastPasskeyError } from './errors.js'
import { type GetPasskeySignersErrorType, getPasskeySigners } from './getPasskeySigners.js'
import type { PasskeyOperationGas } from './preparePasskeyOperation.js'
import {
  type SendFromPasskeyAccountErrorType,
  type SendFromPasskeyAccountReturnType,
  sendFromPasskeyAccount,
} from './sendFromPasskeyAccount.js'
import type { PasskeyAccount } from './toPasskeyAccount.js'
import { type WaitForPasskeyOperationErrorType, waitForPasskeyOperation } from './waitForPasskeyOperation.js'

export type RemovePasskeyParameters = {
  /** The account, signing with one of its passkeys (it may be the one removed). */
  account: PasskeyAccount
  /** The ERC-7913 signer of the passkey to remove, as `addPasskey` or `createPasskeyAccount` returned it. */
  signer: Hex
  relayUrl: string
  gas?: PasskeyOperationGas | undefined
  fetch?: typeof globalThis.fetch | undefined
}

export type RemovePasskeyReturnType = SendFromPasskeyAccountReturnType
export type RemovePasskeyErrorType =
  | LastPasskeyError
  | GetPasskeySignersErrorType
  | SendFromPasskeyAccountErrorType
  | WaitForPasskeyOperationErrorType

/**
 * Removes a passkey from the account (a lost phone), signed by one of its passkeys (one prompt), and waits until it
 * is on-chain. Removing the account's last passkey is refused with `LastPasskeyError` before any prompt: the account
 * would be lost for good. (An account not created yet has only the passkey that will create it.)
 *
 * @example
 * await removePasskey(client, { account, signer: lostPhone.signer, relayUrl })
 */
export async function removePasskey(
  client: LedgerClient,
  { account, signer, relayUrl, gas, fetch }: RemovePasskeyParameters,
): Promise<RemovePasskeyReturnType> {
  const signers = await getPasskeySigners(client, { address: account.address })
  if (!signers.some((existing) => existing !== signer.toLowerCase())) throw new LastPasskeyError(account.address)
  const sent = await sendFromPasskeyAccount(client, {
    account,
    calls: [
      {
        to: account.address,
        data: encodeFunctionData({ abi: [accountAbi.removeSigner], functionName: 'removeSigner', args: [signer] }),
      },
    ],
    relayUrl,
    gas,
    fetch,
  })
  await waitForPasskeyOperation(client, sent)
  return sent
}
