import { type Address, type Hex, type ReadContractErrorType, zeroHash } from 'viem'
import { readContract } from 'viem/actions'
import * as factory from '../abis/passkeyAccountFactory.js'
import type { DeploymentErrorType } from '../actions/internal/errorTypes.js'
import type { LedgerDeployment } from '../chains.js'
import type { LedgerClient } from '../client.js'
import type { PasskeyCancelledError, PasskeysNotConfiguredError, PasskeyUnsupportedError } from './errors.js'
import { resolvePasskeyDeployment } from './passkeyDeployment.js'
import { encodeUserHandle } from './userHandle.js'
import { createPasskey, type PasskeyCredential } from './webAuthn.js'
import { encodePasskeySigner } from './webAuthnSignature.js'

/** The salt of a person's first account: the factory binds the address to the signer, so one salt serves everyone. */
export const FIRST_ACCOUNT_SALT: Hex = zeroHash

export type CreatePasskeyAccountParameters = {
  /** The name the person sees for this passkey in their password manager, e.g. their e-mail address or name. */
  name: string
  /** The site the passkey is for (the WebAuthn RP id); the page's host name by default. */
  rpId?: string | undefined
  /** The site's name shown in the passkey prompt; the page's title by default. */
  rpName?: string | undefined
  deployment?: LedgerDeployment | undefined
}

export type CreatePasskeyAccountReturnType = {
  /** Keep this (e.g. in localStorage) to sign on this device without asking which passkey again. */
  credential: PasskeyCredential
  /** The account's address. It receives contributions and rewards before it exists on-chain. */
  address: Address
  /** The ERC-7913 signer the account stores for this passkey: verifier address ‖ x ‖ y. */
  signer: Hex
  /**
   * True when the authenticator says this passkey stays on this device (a security key, or a password manager that
   * does not sync): losing the device loses the account unless another passkey is added. `undefined` if not told.
   */
  deviceBound: boolean | undefined
}

export type CreatePasskeyAccountErrorType =
  | PasskeyCancelledError
  | PasskeyUnsupportedError
  | PasskeysNotConfiguredError
  | DeploymentErrorType
  | ReadContractErrorType

/**
 * Creates a passkey (one prompt: "Create a passkey for <site>?") and works out the contributor account it controls.
 * Nothing is sent: the account is created on-chain by the relay the first time it is used, and until then its
 * signatures carry what creating it takes (see `toPasskeyAccount`).
 *
 * @example
 * const { credential, address } = await createPasskeyAccount(client, { name: 'ada@example.org' })
 * localStorage.setItem('passkey', JSON.stringify(credential))
 */
export async function createPasskeyAccount(
  client: LedgerClient,
  { name, rpId, rpName, deployment }: CreatePasskeyAccountParameters,
): Promise<CreatePasskeyAccountReturnType> {
  const contracts = resolvePasskeyDeployment(client, deployment)
  const { deviceBound, ...credential } = await createPasskey({
    name,
    rpId,
    rpName,
    userHandle: encodeUserHandle({ kind: 'first' }),
  })
  const signer = encodePasskeySigner({ verifier: contracts.webAuthnVerifier, publicKey: credential.publicKey })
  const address = await readContract(client, {
    address: contracts.accountFactory,
    abi: [factory.predictAddress],
    functionName: 'predictAddress',
    args: [signer, FIRST_ACCOUNT_SALT],
  })
  return { credential, address, signer, deviceBound }
}
