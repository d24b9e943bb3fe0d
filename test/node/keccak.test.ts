import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { bytesToHex, concat, getAddress, keccak256 } from 'viem'
import { createKeccakHasher } from '../../src/merkle/keccak.js'
import { formatAddress, packLetterCase, writeLowerHex } from '../../src/rewards/accountBytes.js'

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)
const hex = (bytes: Uint8Array) => bytesToHex(bytes)

/** viem's node hash: keccak256 of the two nodes in ascending order. */
const viemHashPair = (a: Uint8Array, b: Uint8Array) =>
  hex(a) < hex(b) ? keccak256(concat([a, b])) : keccak256(concat([b, a]))

it('runs on WebAssembly in Node', () => {
  // The WebAssembly working area starts after the module's own memory (its constants and state); a plain
  // Uint8Array, as the fallback uses, starts at 0.
  assert.ok(createKeccakHasher(64, 'wasm').bytes.byteOffset > 0)
})

for (const engine of ['wasm', 'viem'] as const) {
  describe(`createKeccakHasher (${engine === 'wasm' ? 'WebAssembly' : 'viem fallback'})`, () => {
    it('hashes blocks of every length from 0 to 135 bytes, the longest a single block holds', () => {
      const hasher = createKeccakHasher(200 + 32, engine)
      const message = Uint8Array.from({ length: 135 }, (_, i) => (i * 167 + 13) & 255)
      for (let length = 0; length <= 135; length++) {
        hasher.bytes.set(message)
        hasher.hashBlocks(0, 136, length, 200, 1)
        assert.equal(hex(hasher.bytes.subarray(200, 232)), keccak256(message.subarray(0, length)), `${length} bytes`)
      }
      // The standard digest of the empty message: Ethereum's Keccak-256 (0x01 padding), not FIPS 202 SHA3-256.
      hasher.hashBlocks(0, 136, 0, 200, 1)
      assert.equal(
        hex(hasher.bytes.subarray(200, 232)),
        '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
      )
    })

    it('hashes random batches at any stride, into a separate area or in place', (t) => {
      t.diagnostic(`fast-check seed ${seed} (rerun with FC_SEED=${seed})`)
      fc.assert(
        fc.property(
          fc.array(fc.uint8Array({ minLength: 135, maxLength: 135 }), { minLength: 1, maxLength: 20 }),
          fc.nat({ max: 135 }),
          fc.nat({ max: 8 }),
          (blocks, length, gap) => {
            const stride = Math.max(32, length + gap)
            const count = blocks.length
            const hasher = createKeccakHasher(stride * count + 32 * count, engine)
            blocks.forEach((block, i) => {
              hasher.bytes.set(block.subarray(0, length), i * stride)
            })
            const expected = blocks.map((block) => keccak256(block.subarray(0, length)))
            const digestAt = (at: number, i: number) => hex(hasher.bytes.subarray(at + 32 * i, at + 32 * i + 32))
            hasher.hashBlocks(0, stride, length, stride * count, count)
            const separate = expected.every((digest, i) => digestAt(stride * count, i) === digest)
            hasher.hashBlocks(0, stride, length, 0, count)
            return separate && expected.every((digest, i) => digestAt(0, i) === digest)
          },
        ),
        { seed, numRuns: 200 },
      )
    })

    it('computes the internal nodes of a tree array, beyond one batch, with near-equal siblings', () => {
      const count = 10_000
      const hasher = createKeccakHasher(32 * (2 * count - 1), engine)
      const leafBytes = new Uint8Array(32 * count).map((_, i) => (i * 31 + (i >>> 8)) & 255)
      // Siblings 0 and 1 share 31 bytes, so the order is decided by their last byte.
      leafBytes.copyWithin(32, 0, 31)
      hasher.bytes.set(leafBytes, 32 * (count - 1))
      hasher.hashNodes(0, 0, count - 2)

      const nodes: Uint8Array[] = new Array(2 * count - 1)
      for (let i = 0; i < count; i++) nodes[count - 1 + i] = leafBytes.subarray(32 * i, 32 * i + 32)
      for (let i = count - 2; i >= 0; i--) {
        nodes[i] = Buffer.from(
          viemHashPair(nodes[2 * i + 1] as Uint8Array, nodes[2 * i + 2] as Uint8Array).slice(2),
          'hex',
        )
      }
      assert.equal(hex(hasher.bytes.subarray(0, 32 * (count - 1))), hex(concat(nodes.slice(0, count - 1))))
    })
  })
}

describe('address bytes', () => {
  it('writes EIP-55 checksums as viem getAddress does, from the hash of the lower-case hex', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), (address) => {
        const hasher = createKeccakHasher(40)
        writeLowerHex(address, 0, hasher.bytes, 0)
        hasher.hashBlocks(0, 40, 40, 0, 1)
        const letterCase = new Uint8Array(5)
        packLetterCase(hasher.bytes, 0, letterCase, 0)
        return formatAddress(address, 0, letterCase, 0) === getAddress(hex(address))
      }),
      { seed, numRuns: 300 },
    )
  })
})
