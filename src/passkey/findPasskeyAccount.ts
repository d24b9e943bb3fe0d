import * as P256 from 'ox/P256'
import * as PublicKey from 'ox/PublicKey'
import * as Signature from 'ox/Signature'
import {
  type Address,
  bytesToHex,
  concat,
  type GetCodeErrorType,
  type Hex,
  type ReadContractErrorType,
  sha256,
} from 'viem'
import { getCode, readContract } from 'viem/actions'
import * as accountAbi from '../abis/passkeyAccount.js'
import * as factoryAbi from '../abis/passkeyAccountFactory.js'
import type { DeploymentErrorType } from '../actions/internal/errorTypes.js'
import type { LedgerDeployment } from '../chains.js'
import type { LedgerClient } from '../client.js'
import { FIRST_ACCOUNT_SALT } from './createPasskeyAccount.js'
import {
  type PasskeyCancelledError,
  PasskeyNotFoundError,
  type PasskeysNotConfiguredError,
  type PasskeyUnsupportedError,
} from './errors.js'
import { resolvePasskeyDeployment } from './passkeyDeployment.js'
import { decodeUserHandle } from './userHandle.js'
import { getAssertion, type PasskeyAssertion, type PasskeyCredential } from './webAuthn.js'
import { encodePasskeySigner } from './webAuthnSignature.js'

export type FindPasskeyAccountParameters = {
  /** The site the passkeys are for (the WebAuthn RP id); the page's host name by default. */
  rpId?: string | undefined
  deployment?: LedgerDeployment | undefined
}

export type FindPasskeyAccountReturnType = {
  /** Keep this on the device, as after `createPasskeyAccount`, so signing needs no search. */
  credential: PasskeyCredential
  address: Address
  signer: Hex
}

export type FindPasskeyAccountErrorType =
  | PasskeyCancelledError
  | PasskeyUnsupportedError
  | PasskeyNotFoundError
  | PasskeysNotConfiguredError
  | DeploymentErrorType
  | ReadContractErrorType
  | GetCodeErrorType

/** The order of the P-256 group. */
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n

/** What a WebAuthn signature signs: SHA-256 of authenticatorData ‖ SHA-256(clientDataJSON). */
const signedHash = (assertion: PasskeyAssertion) =>
  sha256(concat([bytesToHex(assertion.authenticatorData), sha256(assertion.clientDataJSON)]))

/**
 * The two public keys a P-256 signature can come from. An assertion carries no public key, and ECDSA recovery leaves
 * two candidates, one for each parity of the point's y.
 */
function candidateKeys(assertion: PasskeyAssertion): Hex[] {
  const { r, s } = Signature.fromDerBytes(assertion.signature)
  const payload = signedHash(assertion)
  const keys: Hex[] = []
  for (const yParity of [0, 1]) {
    try {
      const key = P256.recoverPublicKey({ payload, signature: { r, s, yParity } })
      keys.push(PublicKey.toHex(key, { includePrefix: false }))
    } catch {
      // r is not the x of a point for this parity: one candidate fewer.
    }
  }
  return keys
}

const verifies = (assertion: PasskeyAssertion, publicKey: Hex) => {
  const { r, s } = Signature.fromDerBytes(assertion.signature)
  return P256.verify({
    payload: signedHash(assertion),
    publicKey: PublicKey.fromHex(`0x04${publicKey.slice(2)}`),
    signature: { r, s: s > N / 2n ? N - s : s },
  })
}

const randomChallenge = () => bytesToHex(crypto.getRandomValues(new Uint8Array(32)))

/**
 * Finds the account of a passkey on a device that has never used it here: the person picks one of the site's
 * passkeys (a synced passkey, or a phone or security key) and confirms it is them. Nothing is stored anywhere but in
 * the passkey and on-chain.
 *
 * A passkey's public key cannot be read back from the authenticator, so it is recovered from the signature: ECDSA
 * leaves two candidates, and the chain tells which one the account holds. The passkey's user handle says which
 * account to ask (see `encodeUserHandle`): for a passkey added to an account, the account's address; for the passkey
 * that created an account, nothing, since its address follows from its key. Only if that account has never been
 * used on-chain does the chain have nothing to tell, and the passkey is asked to sign a second time.
 *
 * @example
 * const { credential, address } = await findPasskeyAccount(client)
 * const account = await toPasskeyAccount(client, { credential, address })
 */
export async function findPasskeyAccount(
  client: LedgerClient,
  { rpId, deployment }: FindPasskeyAccountParameters = {},
): Promise<FindPasskeyAccountReturnType> {
  const contracts = resolvePasskeyDeployment(client, deployment)
  const assertion = await getAssertion({ challenge: randomChallenge(), rpId })
  const handle = assertion.userHandle ? decodeUserHandle(assertion.userHandle) : undefined
  if (!handle) throw new PasskeyNotFoundError('The passkey was not created for a contributor account.')

  const candidates = candidateKeys(assertion).map((publicKey) => ({
    publicKey,
    signer: encodePasskeySigner({ verifier: contracts.webAuthnVerifier, publicKey }),
  }))
  const exists = async (address: Address) => {
    const code = await getCode(client, { address })
    return code !== undefined && code !== '0x'
  }
  const isSigner = (account: Address, signer: Hex) =>
    readContract(client, { address: account, abi: [accountAbi.isSigner], functionName: 'isSigner', args: [signer] })
  const found = (candidate: { publicKey: Hex; signer: Hex }, address: Address) => ({
    credential: { id: assertion.credentialId, publicKey: candidate.publicKey },
    address,
    signer: candidate.signer,
  })

  if (handle.kind === 'added') {
    if (await exists(handle.account)) {
      for (const candidate of candidates) {
        if (await isSigner(handle.account, candidate.signer)) return found(candidate, handle.account)
      }
    }
    throw new PasskeyNotFoundError(`The passkey is not one of account ${handle.account}'s passkeys any more.`)
  }

  const predicted = await Promise.all(
    candidates.map(async (candidate) => {
      const address = await readContract(client, {
        address: contracts.accountFactory,
        abi: [factoryAbi.predictAddress],
        functionName: 'predictAddress',
        args: [candidate.signer, FIRST_ACCOUNT_SALT],
      })
      return { candidate, address, exists: await exists(address) }
    }),
  )
  const used = predicted.filter((entry) => entry.exists)
  for (const entry of used) {
    if (await isSigner(entry.address, entry.candidate.signer)) return found(entry.candidate, entry.address)
  }
  if (used.length > 0) throw new PasskeyNotFoundError('The passkey was removed from its account.')

  // Never used on-chain: a second signature, with the same passkey, tells the two keys apart.
  const second = await getAssertion({ credentialIds: [assertion.credentialId], challenge: randomChallenge(), rpId })
  const match = predicted.find((entry) => verifies(second, entry.candidate.publicKey))
  if (!match) throw new PasskeyNotFoundError('The passkey answered with signatures of two different keys.')
  return found(match.candidate, match.address)
}
