/**
 * Passkeys for the account tests: real P-256 keys from Node's crypto and real WebAuthn assertions (authenticator data,
 * client data JSON, a signature over both), encoded by the same module the SDK uses.
 */
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto'
import {
  type Address,
  concat,
  decodeAbiParameters,
  encodeAbiParameters,
  encodeFunctionData,
  type Hex,
  hexToBigInt,
  hexToBytes,
  numberToHex,
  toHex,
} from 'viem'
import { passkeyAccountAbi } from '../../src/abis/index.js'
import {
  encodeAccountSignature,
  encodePasskeySigner,
  encodeWebAuthnSignature,
  P256_N,
  webAuthnAuthParameters,
} from '../../src/passkey/webAuthnSignature.js'

/** WebAuthn authenticator data flags. */
export const flags = { userPresent: 0x01, userVerified: 0x04 } as const

export type Passkey = { privateKey: KeyObject; publicKey: Hex }

/** A new P-256 passkey: its private key, and its public key as `x ‖ y`. */
export function createPasskey(): Passkey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const jwk = privateKey.export({ format: 'jwk' })
  const coordinate = (base64url: string | undefined) => toHex(Buffer.from(base64url ?? '', 'base64url'), { size: 32 })
  return { privateKey, publicKey: concat([coordinate(jwk.x), coordinate(jwk.y)]) }
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest()

export type AssertionOptions = {
  /** Authenticator data flags; default user present and user verified. */
  flags?: number
  /** Encode the high form of `s` (n − s), which the contract must refuse. */
  highS?: boolean
}

/**
 * What a browser's `navigator.credentials.get` returns when asked to sign `challenge` (a 32-byte hash) for
 * `http://localhost:8000`, encoded for `ERC7913WebAuthnVerifier`.
 */
export function signWebAuthn(passkey: Passkey, challenge: Hex, options: AssertionOptions = {}): Hex {
  const authenticatorData = Buffer.concat([
    sha256('localhost'),
    Buffer.from([options.flags ?? flags.userPresent | flags.userVerified]),
    Buffer.from([0, 0, 0, 1]),
  ])
  const clientDataJSON = JSON.stringify({
    type: 'webauthn.get',
    challenge: Buffer.from(hexToBytes(challenge)).toString('base64url'),
    origin: 'http://localhost:8000',
    crossOrigin: false,
  })
  const der = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), passkey.privateKey)
  const encoded = encodeWebAuthnSignature({ authenticatorData, clientDataJSON, signature: der })
  return options.highS ? withHighS(encoded) : encoded
}

/** The same assertion with `s` replaced by `n − s`: as valid for P-256 itself, but malleable. */
function withHighS(encoded: Hex): Hex {
  const [r, s, challengeIndex, typeIndex, authenticatorData, clientDataJSON] = decodeAbiParameters(
    webAuthnAuthParameters,
    encoded,
  )
  const high = numberToHex(P256_N - hexToBigInt(s), { size: 32 })
  return encodeAbiParameters(webAuthnAuthParameters, [
    r,
    high,
    challengeIndex,
    typeIndex,
    authenticatorData,
    clientDataJSON,
  ])
}

/** The ERC-7913 signer of `passkey` with `verifier`. */
export const signerOf = (verifier: Address, passkey: Passkey) =>
  encodePasskeySigner({ verifier, publicKey: passkey.publicKey })

/** A signature a `PasskeyAccount` accepts for `hash` when `passkey` is one of its signers. */
export function accountSignature(verifier: Address, passkey: Passkey, hash: Hex, options: AssertionOptions = {}): Hex {
  return encodeAccountSignature({
    signer: signerOf(verifier, passkey),
    signature: signWebAuthn(passkey, hash, options),
  })
}

/** ERC-7821 batch mode: call type 0x01 (batch), default execution type, no selector, no payload. */
const BATCH_MODE = `0x01${'00'.repeat(31)}` as Hex

/** The call data of an ERC-7821 `execute` that makes `calls` in order. */
export function executeBatch(calls: readonly { to: Address; value?: bigint; data: Hex }[]): Hex {
  const executionData = encodeAbiParameters(
    [
      {
        type: 'tuple[]',
        components: [
          { name: 'target', type: 'address' },
          { name: 'value', type: 'uint256' },
          { name: 'callData', type: 'bytes' },
        ],
      },
    ],
    [calls.map((call) => ({ target: call.to, value: call.value ?? 0n, callData: call.data }))],
  )
  return encodeFunctionData({ abi: passkeyAccountAbi, functionName: 'execute', args: [BATCH_MODE, executionData] })
}

/** Two 128-bit values packed into one word, as `accountGasLimits` and `gasFees` are. */
export const packUint128 = (high: bigint, low: bigint): Hex => numberToHex((high << 128n) | low, { size: 32 })
