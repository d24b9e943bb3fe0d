import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { createSha256, writeBitLength } from '../../src/content/sha256.js'
import { pseudoRandomBytes } from '../support/pseudoRandomBytes.js'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')
const nodeSha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const ascii = (text: string) => new TextEncoder().encode(text)

describe('createSha256', () => {
  // FIPS 180-4 examples (csrc.nist.gov, "SHA256.pdf" and "SHA2_Additional.pdf").
  const vectors: [string, string, string][] = [
    ['the empty message', '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['"abc"', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'the 448-bit message, which leaves no room for the length in its block',
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
    [
      'the 896-bit message',
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
    ],
  ]
  for (const [what, message, expected] of vectors) {
    it(`gives the standard digest of ${what}`, () => {
      assert.equal(hex(createSha256().update(ascii(message)).digest()), expected)
    })
  }

  it('gives the standard digest of one million "a", whether added at once or in uneven pieces', () => {
    const expected = 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'
    const million = new Uint8Array(1_000_000).fill(0x61)
    assert.equal(hex(createSha256().update(million).digest()), expected)

    const hash = createSha256()
    for (let offset = 0, size = 1; offset < million.length; offset += size, size = (size * 7 + 3) % 9973) {
      hash.update(million.subarray(offset, offset + size))
    }
    assert.equal(hex(hash.digest()), expected)
  })

  it('matches node:crypto for every length from 0 to 300 bytes, across every padding boundary', () => {
    // 55 bytes is the longest message whose padding fits its last block; 56 to 63 need an extra block.
    const bytes = pseudoRandomBytes(300)
    for (let length = 0; length <= 300; length++) {
      const message = bytes.subarray(0, length)
      assert.equal(hex(createSha256().update(message).digest()), nodeSha256(message), `${length} bytes at once`)

      const byByte = createSha256()
      for (let i = 0; i < length; i++) byByte.update(message.subarray(i, i + 1))
      assert.equal(hex(byByte.digest()), nodeSha256(message), `${length} bytes one at a time`)
    }
  })

  it('matches node:crypto for random messages added in random pieces, from anywhere in a buffer', (t) => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)
    t.diagnostic(`fast-check seed ${seed} (rerun with FC_SEED=${seed})`)
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.nat({ max: 300 }), { maxLength: 40 }),
        // Messages that start at an odd offset into a larger buffer, as subarrays do.
        fc.nat({ max: 7 }),
        (message, pieceSizes, padding) => {
          const buffer = new Uint8Array(padding + message.length + padding)
          buffer.set(message, padding)
          const view = buffer.subarray(padding, padding + message.length)

          const hash = createSha256()
          let offset = 0
          for (const size of pieceSizes) {
            hash.update(view.subarray(offset, offset + size))
            offset = Math.min(offset + size, view.length)
          }
          hash.update(view.subarray(offset))
          assert.equal(hex(hash.digest()), nodeSha256(message))
        },
      ),
      { seed },
    )
  })

  it('can take more bytes after a digest, which leaves the running hash unchanged', () => {
    const hash = createSha256().update(ascii('ab'))
    assert.equal(hex(hash.digest()), nodeSha256(ascii('ab')))
    assert.equal(hex(hash.digest()), nodeSha256(ascii('ab')))
    hash.update(ascii('c'))
    assert.equal(hex(hash.digest()), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('returns a fresh 32-byte array each time, not a view of its state', () => {
    const hash = createSha256()
    const first = hash.digest()
    assert.equal(first.length, 32)
    first.fill(0)
    assert.equal(hex(hash.digest()), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })
})

describe('writeBitLength', () => {
  // Hashing 512 MiB or more to reach these lengths for real would take seconds, so the encoding is checked directly.
  const lengths = [0, 1, 55, 2 ** 29 - 1, 2 ** 29, 2 ** 29 + 1, 2 ** 32, 5 * 2 ** 30 + 3, 2 ** 40 + 7, 2 ** 53 - 1]
  for (const byteLength of lengths) {
    it(`writes ${byteLength} bytes as the 64-bit big-endian bit count`, () => {
      const view = new DataView(new ArrayBuffer(12))
      writeBitLength(view, 4, byteLength)
      const expected = (BigInt(byteLength) * 8n) % 2n ** 64n
      assert.equal(view.getBigUint64(4), expected)
      assert.equal(view.getUint32(0), 0, 'nothing written before the offset')
    })
  }
})
