import assert from 'node:assert/strict'
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto'
import { describe, it } from 'node:test'
import { bytesToHex, decodeAbiParameters, type Hex, hexToBigInt, hexToBytes, numberToHex, toHex } from 'viem'
import {
  encodeAccountSignature,
  encodePasskeySigner,
  encodeWebAuthnSignature,
  InvalidWebAuthnAssertionError,
  P256_N,
  webAuthnAuthParameters,
} from '../../src/passkey/webAuthnSignature.js'

const verifier = '0x0165878A594ca255338adfa4d48449f69242Eb8F'

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest()

function assertion() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const authenticatorData = Buffer.concat([sha256('localhost'), Buffer.from([0x05, 0, 0, 0, 7])])
  const clientDataJSON = `{"type":"webauthn.get","challenge":"${Buffer.alloc(32, 0xab).toString('base64url')}","origin":"http://localhost:8000"}`
  const signed = Buffer.concat([authenticatorData, sha256(clientDataJSON)])
  return { privateKey, publicKey, authenticatorData, clientDataJSON, signed }
}

describe('encodeWebAuthnSignature', () => {
  it('encodes the fields of WebAuthnAuth as a flat parameter list, with the indices of type and challenge', () => {
    const { privateKey, authenticatorData, clientDataJSON, signed } = assertion()
    const raw = sign('sha256', signed, { key: privateKey, dsaEncoding: 'ieee-p1363' })
    const r = hexToBigInt(bytesToHex(raw.subarray(0, 32)))
    const s = hexToBigInt(bytesToHex(raw.subarray(32)))
    const encoded = encodeWebAuthnSignature({ authenticatorData, clientDataJSON, signature: { r, s } })
    const [er, es, challengeIndex, typeIndex, data, json] = decodeAbiParameters(webAuthnAuthParameters, encoded)
    assert.equal(er, numberToHex(r, { size: 32 }))
    assert.equal(hexToBigInt(es), s > P256_N / 2n ? P256_N - s : s)
    assert.equal(typeIndex, 1n)
    assert.equal(challengeIndex, BigInt(clientDataJSON.indexOf('"challenge":"')))
    assert.equal(data, bytesToHex(authenticatorData))
    assert.equal(json, clientDataJSON)
    // r, s at 0x00 and 0x20, the indices at 0x40 and 0x60, offsets of the two dynamic fields at 0x80 and 0xa0:
    // what WebAuthn.tryDecodeAuth reads, with no leading offset word.
    assert.equal(hexToBigInt(`0x${encoded.slice(2 + 0x80 * 2, 2 + 0xa0 * 2)}`), 0xc0n)
  })

  it('reads DER signatures as authenticators return them, and gives the same encoding as from r and s', () => {
    const { privateKey, authenticatorData, clientDataJSON, signed } = assertion()
    const der = sign('sha256', signed, privateKey)
    const fromDer = encodeWebAuthnSignature({ authenticatorData, clientDataJSON, signature: der })
    const [r, s] = decodeAbiParameters(webAuthnAuthParameters, fromDer)
    const fromRs = encodeWebAuthnSignature({
      authenticatorData: bytesToHex(authenticatorData),
      clientDataJSON: new TextEncoder().encode(clientDataJSON),
      signature: { r: hexToBigInt(r), s: hexToBigInt(s) },
    })
    assert.equal(fromDer, fromRs)
    assert.equal(encodeWebAuthnSignature({ authenticatorData, clientDataJSON, signature: bytesToHex(der) }), fromDer)
  })

  it('always gives the low s, which still verifies', () => {
    for (let i = 0; i < 8; i++) {
      const { privateKey, publicKey, authenticatorData, clientDataJSON, signed } = assertion()
      const raw = sign('sha256', signed, { key: privateKey, dsaEncoding: 'ieee-p1363' })
      const r = hexToBigInt(bytesToHex(raw.subarray(0, 32)))
      const s = hexToBigInt(bytesToHex(raw.subarray(32)))
      const high = s > P256_N / 2n ? s : P256_N - s
      const encoded = encodeWebAuthnSignature({ authenticatorData, clientDataJSON, signature: { r, s: high } })
      const [, es] = decodeAbiParameters(webAuthnAuthParameters, encoded)
      assert.ok(hexToBigInt(es) <= P256_N / 2n)
      const p1363 = Buffer.concat([raw.subarray(0, 32), hexToBytes(es)])
      assert.ok(verify('sha256', signed, { key: publicKey, dsaEncoding: 'ieee-p1363' }, p1363))
    }
  })

  it('refuses client data without a challenge and a signature that is not DER', () => {
    const { authenticatorData } = assertion()
    const signature = { r: 1n, s: 1n }
    assert.throws(
      () => encodeWebAuthnSignature({ authenticatorData, clientDataJSON: '{"type":"webauthn.get"}', signature }),
      InvalidWebAuthnAssertionError,
    )
    assert.throws(
      () =>
        encodeWebAuthnSignature({ authenticatorData, clientDataJSON: '{"type":"webauthn.get"}', signature: '0x3001' }),
      InvalidWebAuthnAssertionError,
    )
  })
})

describe('encodePasskeySigner', () => {
  const x = toHex(1n, { size: 32 })
  const y = toHex(2n, { size: 32 })

  it('is the verifier address then x ‖ y, in lower case, from a 64- or 65-byte public key', () => {
    const expected = `${verifier.toLowerCase()}${x.slice(2)}${y.slice(2)}`
    assert.equal(encodePasskeySigner({ verifier, publicKey: `${x}${y.slice(2)}` }), expected)
    assert.equal(encodePasskeySigner({ verifier, publicKey: `0x04${x.slice(2)}${y.slice(2)}` }), expected)
  })

  it('refuses a key of another length', () => {
    assert.throws(() => encodePasskeySigner({ verifier, publicKey: x }), InvalidWebAuthnAssertionError)
  })
})

describe('encodeAccountSignature', () => {
  it('is abi.encode(bytes[] signers, bytes[] signatures) with one of each', () => {
    const signer: Hex = `${verifier.toLowerCase()}${'11'.repeat(64)}` as Hex
    const encoded = encodeAccountSignature({ signer, signature: '0x1234' })
    const decoded = decodeAbiParameters([{ type: 'bytes[]' }, { type: 'bytes[]' }], encoded)
    assert.deepEqual(decoded, [[signer], ['0x1234']])
  })
})
