import {
  type Address,
  bytesToHex,
  concat,
  encodeAbiParameters,
  type Hex,
  hexToBytes,
  isHex,
  numberToHex,
  size,
  stringToBytes,
} from 'viem'
import { BaseError } from '../errors/base.js'

/** The order of the P-256 curve. */
/** The order of P-256's group: an `s` above half of it is the malleable twin of a valid signature. */
export const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n

/** The fields of OpenZeppelin's `WebAuthn.WebAuthnAuth`, in order: r, s, challengeIndex, typeIndex, authenticatorData, clientDataJSON. */
export const webAuthnAuthParameters = [
  { type: 'bytes32' },
  { type: 'bytes32' },
  { type: 'uint256' },
  { type: 'uint256' },
  { type: 'bytes' },
  { type: 'string' },
] as const

/** Thrown when a passkey's public key or assertion cannot be encoded for the account contract. */
export class InvalidWebAuthnAssertionError extends BaseError {
  override name = 'InvalidWebAuthnAssertionError' as const
  constructor(details: string) {
    super('The passkey answered with something that cannot be checked on-chain. Try again, or use another passkey.', {
      details,
      docsPath: 'errors',
    })
  }
}

export type EncodePasskeySignerParameters = {
  /** The `ERC7913WebAuthnVerifier` deployment the account asks to check this passkey's signatures. */
  verifier: Address
  /** The passkey's P-256 public key: `x ‖ y` (64 bytes), or uncompressed `0x04 ‖ x ‖ y` (65 bytes). */
  publicKey: Hex
}

/**
 * The ERC-7913 signer a `PasskeyAccount` stores for a passkey: the verifier's address followed by `x ‖ y`.
 *
 * @example
 * encodePasskeySigner({ verifier: deployment.webAuthnVerifier, publicKey: credential.publicKey })
 */
export function encodePasskeySigner({ verifier, publicKey }: EncodePasskeySignerParameters): Hex {
  const bytes = size(publicKey)
  const key: Hex = bytes === 65 && publicKey.slice(2, 4) === '04' ? `0x${publicKey.slice(4)}` : publicKey
  if (size(key) !== 64) throw new InvalidWebAuthnAssertionError(`a P-256 public key has 64 or 65 bytes, not ${bytes}`)
  // Lower case, as the chain returns bytes: a checksummed verifier address would make equal signers compare unequal.
  return concat([verifier, key]).toLowerCase() as Hex
}

export type EncodeWebAuthnSignatureParameters = {
  /** The assertion's `authenticatorData`, as the authenticator returned it. */
  authenticatorData: Hex | Uint8Array
  /** The assertion's `clientDataJSON`, exactly as signed (its bytes, or the string they decode to). */
  clientDataJSON: string | Uint8Array
  /** The P-256 signature: `r` and `s`, or DER (what `AuthenticatorAssertionResponse.signature` holds). */
  signature: { r: bigint; s: bigint } | Hex | Uint8Array
}

/**
 * Encodes a WebAuthn assertion as OpenZeppelin's `WebAuthn.tryDecodeAuth` reads it: the fields of `WebAuthnAuth`
 * (`r, s, challengeIndex, typeIndex, authenticatorData, clientDataJSON`) ABI-encoded as a flat parameter list, with
 * `s` in its low form (the contract refuses the high one) and the two indices found in `clientDataJSON`.
 *
 * @example
 * const signature = encodeWebAuthnSignature({
 *   authenticatorData: new Uint8Array(response.authenticatorData),
 *   clientDataJSON: new Uint8Array(response.clientDataJSON),
 *   signature: new Uint8Array(response.signature),
 * })
 */
export function encodeWebAuthnSignature(parameters: EncodeWebAuthnSignatureParameters): Hex {
  const clientData =
    typeof parameters.clientDataJSON === 'string' ? stringToBytes(parameters.clientDataJSON) : parameters.clientDataJSON
  const clientDataJSON = new TextDecoder().decode(clientData)
  const { r, s } =
    typeof parameters.signature === 'object' && 'r' in parameters.signature
      ? parameters.signature
      : parseDerSignature(parameters.signature)
  return encodeAbiParameters(webAuthnAuthParameters, [
    numberToHex(r, { size: 32 }),
    numberToHex(s > P256_N / 2n ? P256_N - s : s, { size: 32 }),
    byteIndexOf(clientData, '"challenge":"'),
    byteIndexOf(clientData, '"type":"'),
    typeof parameters.authenticatorData === 'string'
      ? parameters.authenticatorData
      : bytesToHex(parameters.authenticatorData),
    clientDataJSON,
  ])
}

export type EncodeAccountSignatureParameters = {
  /** The ERC-7913 signer that signed (see `encodePasskeySigner`). */
  signer: Hex
  /** Its signature (see `encodeWebAuthnSignature`). */
  signature: Hex
}

/**
 * The signature a `PasskeyAccount` checks, in user operations and inside ERC-7739 wrappers: `abi.encode(bytes[]
 * signers, bytes[] signatures)` with one passkey, since any one of the account's passkeys suffices.
 *
 * @example
 * encodeAccountSignature({ signer, signature: encodeWebAuthnSignature(assertion) })
 */
export function encodeAccountSignature({ signer, signature }: EncodeAccountSignatureParameters): Hex {
  return encodeAbiParameters([{ type: 'bytes[]' }, { type: 'bytes[]' }], [[signer], [signature]])
}

/** Where `needle` starts in the UTF-8 bytes of `haystack`, as a `bigint` for the ABI. */
function byteIndexOf(haystack: Uint8Array, needle: string): bigint {
  const pattern = stringToBytes(needle)
  outer: for (let i = 0; i + pattern.length <= haystack.length; i++) {
    for (let j = 0; j < pattern.length; j++) if (haystack[i + j] !== pattern[j]) continue outer
    return BigInt(i)
  }
  throw new InvalidWebAuthnAssertionError(`clientDataJSON has no ${needle}`)
}

/** `r` and `s` of an ASN.1 DER `SEQUENCE { INTEGER r, INTEGER s }`, as WebAuthn authenticators return them. */
function parseDerSignature(der: Hex | Uint8Array): { r: bigint; s: bigint } {
  const bytes = typeof der === 'string' ? (isHex(der) ? hexToBytes(der) : new Uint8Array()) : der
  const integer = (offset: number) => {
    const length = bytes[offset + 1]
    if (bytes[offset] !== 0x02 || length === undefined || length === 0 || length > 33) return undefined
    const end = offset + 2 + length
    if (end > bytes.length) return undefined
    return { value: BigInt(bytesToHex(bytes.subarray(offset + 2, end))), end }
  }
  const r = bytes[0] === 0x30 && bytes[1] === bytes.length - 2 ? integer(2) : undefined
  const s = r ? integer(r.end) : undefined
  if (!r || !s || s.end !== bytes.length) throw new InvalidWebAuthnAssertionError('the signature is not DER-encoded')
  return { r: r.value, s: s.value }
}
