// The browser's passkey API, called directly: creating a passkey, and asking one to sign. Errors become the SDK's.

import { bytesToHex, type Hex, hexToBytes } from 'viem'
import { createWebAuthnCredential } from 'viem/account-abstraction'
import { PasskeyCancelledError, PasskeyUnsupportedError } from './errors.js'

/** A passkey as the SDK keeps it: its credential id (base64url) and P-256 public key (`x ‖ y`, 64 bytes). */
export type PasskeyCredential = { id: string; publicKey: Hex }

/** An assertion: a passkey's signature over a challenge, with what the contract needs to check it. */
export type PasskeyAssertion = {
  credentialId: string
  /** The user handle stored with a discoverable passkey (`undefined` if the authenticator returned none). */
  userHandle: Hex | undefined
  authenticatorData: Uint8Array
  clientDataJSON: Uint8Array
  /** DER-encoded P-256 signature, as the authenticator returned it. */
  signature: Uint8Array
}

/** Bit 3 of the authenticator data flags: the passkey may be backed up (synced to the person's other devices). */
const BACKUP_ELIGIBLE = 0x08

/** The browser's refusals, by DOMException name, as the SDK's errors. Anything else is passed on unchanged. */
function toPasskeyError(error: unknown): unknown {
  let current = error
  while (current) {
    const name = (current as { name?: string }).name
    if (name === 'NotAllowedError' || name === 'AbortError') return new PasskeyCancelledError(current)
    if (name === 'NotSupportedError' || name === 'SecurityError') {
      return new PasskeyUnsupportedError(current, (current as Error).message)
    }
    current = (current as { cause?: unknown }).cause
  }
  return error
}

function assertSupported() {
  if (typeof PublicKeyCredential === 'undefined' || !globalThis.navigator?.credentials) {
    throw new PasskeyUnsupportedError(
      undefined,
      'No WebAuthn in this environment (an insecure page, or not a browser).',
    )
  }
}

const base64UrlToBytes = (value: string) => {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/')
  return Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (char) => char.charCodeAt(0))
}

export type CreatePasskeyParameters = {
  /** The name the person sees for this passkey in their password manager. */
  name: string
  /** The user handle (see `encodeUserHandle`). */
  userHandle: Hex
  /** The site the passkey is for; the page's host name by default. */
  rpId?: string | undefined
  /** The site's name shown in the prompt; the page's title by default. */
  rpName?: string | undefined
}

/**
 * Creates a discoverable passkey (so another device finds it without being told its id), with user verification
 * required. `deviceBound` is true when the authenticator says it will never be synced to another device.
 */
export async function createPasskey({
  name,
  userHandle,
  rpId,
  rpName,
}: CreatePasskeyParameters): Promise<PasskeyCredential & { deviceBound: boolean | undefined }> {
  assertSupported()
  try {
    const credential = await createWebAuthnCredential({
      rp: { id: rpId ?? location.hostname, name: rpName ?? (document.title || location.hostname) },
      user: { id: hexToBytes(userHandle), name, displayName: name },
      authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
    })
    const response = credential.raw.response as AuthenticatorAttestationResponse
    const authenticatorData = response.getAuthenticatorData?.()
    const flags = authenticatorData ? new Uint8Array(authenticatorData)[32] : undefined
    return {
      id: credential.id,
      publicKey: credential.publicKey,
      deviceBound: flags === undefined ? undefined : (flags & BACKUP_ELIGIBLE) === 0,
    }
  } catch (error) {
    throw toPasskeyError(error)
  }
}

export type GetAssertionParameters = {
  /** The passkeys that may answer; none lets the person pick any of the site's discoverable passkeys. */
  credentialIds?: readonly string[] | undefined
  challenge: Hex
  rpId?: string | undefined
}

/** Asks a passkey to sign `challenge`, always with user verification (a fingerprint, face or PIN). */
export async function getAssertion({
  credentialIds,
  challenge,
  rpId,
}: GetAssertionParameters): Promise<PasskeyAssertion> {
  assertSupported()
  let credential: PublicKeyCredential
  try {
    credential = (await navigator.credentials.get({
      publicKey: {
        challenge: Uint8Array.from(hexToBytes(challenge)),
        rpId: rpId ?? location.hostname,
        userVerification: 'required',
        ...(credentialIds
          ? { allowCredentials: credentialIds.map((id) => ({ type: 'public-key', id: base64UrlToBytes(id) })) }
          : {}),
      },
    })) as PublicKeyCredential
  } catch (error) {
    throw toPasskeyError(error)
  }
  if (!credential) throw new PasskeyCancelledError()
  const response = credential.response as AuthenticatorAssertionResponse
  return {
    credentialId: credential.id,
    userHandle: response.userHandle ? bytesToHex(new Uint8Array(response.userHandle)) : undefined,
    authenticatorData: new Uint8Array(response.authenticatorData),
    clientDataJSON: new Uint8Array(response.clientDataJSON),
    signature: new Uint8Array(response.signature),
  }
}
