import { type Address, bytesToHex, concat, getAddress, type Hex, size, slice } from 'viem'

/**
 * What a passkey's user handle says about its account. The handle is chosen before the passkey exists, so it cannot
 * hold the passkey's public key; it holds what finding the account needs besides that key:
 * - `first`: the passkey the account was created with; the account is the factory's address for it.
 * - `added`: a passkey added later to `account`.
 * Both end in random bytes, so no two passkeys share a handle: an authenticator replaces a passkey of the same site
 * and handle, and must never replace one that controls an account.
 */
export type PasskeyUserHandle = { kind: 'first' } | { kind: 'added'; account: Address }

const FIRST = '0x01'
const ADDED = '0x02'

const random = (bytes: number) => bytesToHex(crypto.getRandomValues(new Uint8Array(bytes)))

/** A new user handle (32 bytes) for a passkey that creates an account, or that is added to `account`. */
export function encodeUserHandle(handle: PasskeyUserHandle): Hex {
  return handle.kind === 'first' ? concat([FIRST, random(31)]) : concat([ADDED, handle.account, random(11)])
}

/** What a user handle made by `encodeUserHandle` says; `undefined` for any other site's or library's handle. */
export function decodeUserHandle(handle: Hex): PasskeyUserHandle | undefined {
  if (size(handle) !== 32) return undefined
  const tag = slice(handle, 0, 1)
  if (tag === FIRST) return { kind: 'first' }
  if (tag === ADDED) return { kind: 'added', account: getAddress(slice(handle, 1, 21)) }
  return undefined
}
