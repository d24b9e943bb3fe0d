import { encodeFunctionData, type Hex } from 'viem'
import * as accountAbi from '../abis/passkeyAccount.js'
import type { LedgerClient } from '../client.js'
import type { PasskeyOperationGas } from './preparePasskeyOperation.js'
import {
  type SendFromPasskeyAccountErrorType,
  type SendFromPasskeyAccountReturnType,
  sendFromPasskeyAccount,
} from './sendFromPasskeyAccount.js'
import type { PasskeyAccount } from './toPasskeyAccount.js'
import { encodeUserHandle } from './userHandle.js'
import { type WaitForPasskeyOperationErrorType, waitForPasskeyOperation } from './waitForPasskeyOperation.js'
import { createPasskey, type PasskeyCredential } from './webAuthn.js'
import { encodePasskeySigner } from './webAuthnSignature.js'

export type AddPasskeyParameters = {
  /** The account, signing with one of its passkeys. */
  account: PasskeyAccount
  /** The name the person sees for the new passkey in their password manager. */
  name: string
  /** The relay's user-operation route (see `sendFromPasskeyAccount`). */
  relayUrl: string
  rpId?: string | undefined
  rpName?: string | undefined
  gas?: PasskeyOperationGas | undefined
  fetch?: typeof globalThis.fetch | undefined
}

export type AddPasskeyReturnType = SendFromPasskeyAccountReturnType & {
  /** The new passkey: keep it on the device that created it, as after `createPasskeyAccount`. */
  credential: PasskeyCredential
  signer: Hex
  /** True when the new passkey stays on its device (see `createPasskeyAccount`). */
  deviceBound: boolean | undefined
}

export type AddPasskeyErrorType = SendFromPasskeyAccountErrorType | WaitForPasskeyOperationErrorType

/**
 * Adds another passkey to the account, so another device (a phone, a security key, another password manager) can
 * sign for it too: creates the new passkey (one prompt; the browser offers other devices), then has the account
 * add it, signed by its existing passkey (a second prompt), and waits until it is on-chain. The account is created
 * first if it did not exist.
 *
 * @example
 * const { credential } = await addPasskey(client, { account, name: 'ada@example.org (phone)', relayUrl })
 */
export async function addPasskey(
  client: LedgerClient,
  { account, name, relayUrl, rpId, rpName, gas, fetch }: AddPasskeyParameters,
): Promise<AddPasskeyReturnType> {
  const { deviceBound, ...credential } = await createPasskey({
    name,
    rpId,
    rpName,
    userHandle: encodeUserHandle({ kind: 'added', account: account.address }),
  })
  const verifier = `0x${account.signer.slice(2, 42)}` as const
  const signer = encodePasskeySigner({ verifier, publicKey: credential.publicKey })
  const sent = await sendFromPasskeyAccount(client, {
    account,
    calls: [
      {
        to: account.address,
        data: encodeFunctionData({ abi: [accountAbi.addSigner], functionName: 'addSigner', args: [signer] }),
      },
    ],
    relayUrl,
    gas,
    fetch,
  })
  await waitForPasskeyOperation(client, sent)
  return { ...sent, credential, signer, deviceBound }
}
