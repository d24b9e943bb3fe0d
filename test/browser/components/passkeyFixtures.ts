// What the passkey widget tests share: the account a passkey controls, worked out independently of the widgets from
// the key the virtual authenticator holds, and a count of the passkey prompts a page makes.
import { type Address, concat, type Hex, zeroHash } from 'viem'
import { readContract } from 'viem/actions'
import * as factoryAbi from '../../../src/abis/passkeyAccountFactory.js'
import { clientOf, served } from '../chain.js'
import type { VirtualAuthenticator } from '../passkey/authenticator.js'

const reader = clientOf()

const base64ToBytes = (value: string) =>
  Uint8Array.from(atob(value.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0))
const base64UrlToHex = (value: string) =>
  `0x${[...base64ToBytes(value.padEnd(Math.ceil(value.length / 4) * 4, '='))].map((b) => b.toString(16).padStart(2, '0')).join('')}` as Hex

/** The public key (`x ‖ y`) of a passkey the authenticator holds, from its private key (PKCS #8). */
export async function publicKeyOf(privateKey: string): Promise<Hex> {
  const key = await crypto.subtle.importKey(
    'pkcs8',
    base64ToBytes(privateKey),
    { name: 'ECDSA', namedCurve: 'P-256' },
    true,
    ['sign'],
  )
  const { x, y } = await crypto.subtle.exportKey('jwk', key)
  return concat([base64UrlToHex(x as string), base64UrlToHex(y as string)])
}

/** The account signer (verifier ‖ x ‖ y) of each passkey on `authenticator`, in the order it created them. */
export async function signersOn(authenticator: VirtualAuthenticator): Promise<Hex[]> {
  const credentials = await authenticator.credentials()
  return Promise.all(
    credentials.map(
      async ({ privateKey }) =>
        concat([served.webAuthnVerifier as Address, await publicKeyOf(privateKey)]).toLowerCase() as Hex,
    ),
  )
}

/** The account the factory creates for a passkey's first account: what every registration and claim must name. */
export const predictedAccount = (signer: Hex) =>
  readContract(reader, {
    address: served.accountFactory as Address,
    abi: [factoryAbi.predictAddress],
    functionName: 'predictAddress',
    args: [signer, zeroHash],
  })

/**
 * Counts the passkey prompts the page makes (each `navigator.credentials` call is one prompt: create or sign), and
 * passes every call through to the real authenticator.
 */
export function countPrompts() {
  const { credentials } = navigator
  const create = credentials.create.bind(credentials)
  const get = credentials.get.bind(credentials)
  const counts = { create: 0, get: 0 }
  credentials.create = (options) => {
    counts.create++
    return create(options)
  }
  credentials.get = (options) => {
    counts.get++
    return get(options)
  }
  return {
    get total() {
      return counts.create + counts.get
    },
    counts,
    restore() {
      credentials.create = create
      credentials.get = get
    },
  }
}
