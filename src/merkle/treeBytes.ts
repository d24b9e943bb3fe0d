import type { Hex } from 'viem'
import { createKeccakHasher } from './keccak.js'

/**
 * The byte-level core of OpenZeppelin's StandardMerkleTree: leaf hashes sorted ascending, then the tree array (root
 * first, leaves at the end in sorted order reversed, node `i` = hashPair(node `2i + 1`, node `2i + 2`)) in one
 * Uint8Array of 32-byte nodes. Hex strings are made only for what a caller reads (the root, a proof, a dump).
 */

const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))
// ASCII code → nibble, 255 for anything that is not a hex digit.
const NIBBLES = new Uint8Array(128).fill(255)
for (let i = 0; i < 16; i++) {
  NIBBLES[i.toString(16).charCodeAt(0)] = i
  NIBBLES[i.toString(16).toUpperCase().charCodeAt(0)] = i
}
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

/** `0x`-prefixed lower-case hex of `length` bytes of `bytes` from `offset`. */
function bytesToHex(bytes: Uint8Array, offset = 0, length = bytes.length - offset): Hex {
  let hex = '0x'
  for (let i = offset; i < offset + length; i++) hex += HEX_PAIRS[bytes[i] as number]
  return hex as Hex
}

/**
 * Parses the `2 · length` hex digits of `hex` from string index `start` into `out` at `outOffset`. Returns false,
 * leaving `out` partly written, when a character is not a hex digit.
 */
export function hexToBytesInto(
  hex: string,
  start: number,
  length: number,
  out: Uint8Array,
  outOffset: number,
): boolean {
  for (let i = 0; i < length; i++) {
    const high = NIBBLES[hex.charCodeAt(start + 2 * i)] ?? 255
    const low = NIBBLES[hex.charCodeAt(start + 2 * i + 1)] ?? 255
    if ((high | low) > 15) return false
    out[outOffset + i] = (high << 4) | low
  }
  return true
}

/** Whether `value` is `0x` and 64 hex digits, i.e. a bytes32 in hex. */
export const isBytes32Hex = (value: unknown): value is Hex =>
  typeof value === 'string' && value.length === 66 && /^0x[0-9a-fA-F]{64}$/.test(value)

/** Compares the `length` bytes at offsets `a` and `b` of `bytes` as big-endian numbers. */
function compareBytes(bytes: Uint8Array, a: number, b: number, length: number): number {
  for (let i = 0; i < length; i++) {
    const difference = (bytes[a + i] as number) - (bytes[b + i] as number)
    if (difference !== 0) return difference
  }
  return 0
}

/**
 * The order that sorts the `count` keys of `width` (≥ 8) bytes packed in `keys` ascending: `order[rank]` is the index
 * of the key of that rank. Equal keys keep their input order, as Array#sort keeps equal leaves in
 * @openzeppelin/merkle-tree.
 *
 * One 64-bit number per key (its leading bits, then its index) goes through the engine's native typed-array sort,
 * many times faster than a comparator; keys that share the leading bits are then ordered by all their bytes.
 */
export function sortKeys(keys: Uint8Array, count: number, width: number): Uint32Array {
  const indexBits = Math.max(1, Math.ceil(Math.log2(count)))
  if (indexBits > 32) throw new RangeError(`Cannot sort ${count} keys.`)
  const numbers = new BigUint64Array(count)
  const words = new Uint32Array(numbers.buffer)
  const [high, low] = LITTLE_ENDIAN ? [1, 0] : [0, 1]
  const prefixMask = indexBits === 32 ? 0 : ~((1 << indexBits) - 1)
  const indexMask = indexBits === 32 ? 0xffffffff : (1 << indexBits) - 1
  for (let i = 0, o = 0; i < count; i++, o += width) {
    words[2 * i + high] =
      ((keys[o] as number) << 24) |
      ((keys[o + 1] as number) << 16) |
      ((keys[o + 2] as number) << 8) |
      (keys[o + 3] as number)
    const next =
      ((keys[o + 4] as number) << 24) |
      ((keys[o + 5] as number) << 16) |
      ((keys[o + 6] as number) << 8) |
      (keys[o + 7] as number)
    words[2 * i + low] = (next & prefixMask) | i
  }
  numbers.sort()

  const order = new Uint32Array(count)
  for (let rank = 0; rank < count; rank++) order[rank] = ((words[2 * rank + low] as number) & indexMask) >>> 0
  // Runs with the same leading bits (a handful per million random hashes) are ordered by the whole key.
  const samePrefix = (a: number, b: number) =>
    words[2 * a + high] === words[2 * b + high] &&
    (((words[2 * a + low] as number) ^ (words[2 * b + low] as number)) & prefixMask) === 0
  for (let start = 0; start < count - 1; ) {
    let end = start + 1
    while (end < count && samePrefix(start, end)) end++
    if (end - start > 1) {
      const run = Array.from(order.subarray(start, end))
      run.sort((a, b) => compareBytes(keys, width * a, width * b, width) || a - b)
      order.set(run, start)
    }
    start = end
  }
  return order
}

/** `sortKeys` for 32-byte hashes. */
export const sortHashes = (hashes: Uint8Array, count: number): Uint32Array => sortKeys(hashes, count, 32)

/**
 * OpenZeppelin's tree array over the hashes of `leaves` taken in `order` (ascending): `(2n − 1) · 32` bytes, root
 * first, the leaf of rank `r` at node `2n − 2 − r`. `leaves` must start at a multiple of 4 bytes.
 */
export function buildNodes(leaves: Uint8Array, order: Uint32Array): Uint8Array {
  const count = order.length
  const hasher = createKeccakHasher((2 * count - 1) * 32)
  const nodes = hasher.bytes
  // Nodes and leaves are 32-byte aligned, so copying whole 32-bit words is safe and endianness-neutral.
  const nodeWords = new Int32Array(nodes.buffer, nodes.byteOffset, nodes.length >>> 2)
  const leafWords = new Int32Array(leaves.buffer, leaves.byteOffset, leaves.length >>> 2)
  for (let rank = 0; rank < count; rank++) {
    const from = 8 * (order[rank] as number)
    const to = 8 * (2 * count - 2 - rank)
    for (let w = 0; w < 8; w++) nodeWords[to + w] = leafWords[from + w] as number
  }
  if (count > 1) hasher.hashNodes(0, 0, count - 2)
  return nodes
}

// Two ASCII codes per byte, for writing hex straight into byte buffers.
const HEX_CODES = new Uint16Array(256)
for (let byte = 0; byte < 256; byte++) {
  const pair = HEX_PAIRS[byte] as string
  HEX_CODES[byte] = LITTLE_ENDIAN
    ? pair.charCodeAt(0) | (pair.charCodeAt(1) << 8)
    : (pair.charCodeAt(0) << 8) | pair.charCodeAt(1)
}

/**
 * Writes `0x` and the hex of the 32 bytes at `bytes[offset]` as ASCII into `out` at `outOffset` (66 bytes), for
 * producing JSON files without a string per hash.
 */
export function writeHex32(bytes: Uint8Array, offset: number, out: Uint8Array, outOffset: number): void {
  out[outOffset] = 48
  out[outOffset + 1] = 120
  for (let i = 0; i < 32; i++) {
    const codes = HEX_CODES[bytes[offset + i] as number] as number
    const at = outOffset + 2 + 2 * i
    out[at] = LITTLE_ENDIAN ? codes : codes >>> 8
    out[at + 1] = LITTLE_ENDIAN ? codes >>> 8 : codes
  }
}

const NODES_PER_CHUNK = 1 << 16
const ascii = new TextDecoder()

/**
 * The hex of every node, in order. Each chunk of nodes is written as ASCII and decoded into one string, which the
 * engine then slices without copying: a million nodes take a fraction of a second instead of several.
 */
export function nodesToHex(nodes: Uint8Array): Hex[] {
  const count = nodes.length / 32
  const hexes = new Array<Hex>(count)
  const buffer = new Uint8Array(66 * Math.min(count, NODES_PER_CHUNK))
  for (let first = 0; first < count; first += NODES_PER_CHUNK) {
    const chunk = Math.min(NODES_PER_CHUNK, count - first)
    for (let i = 0; i < chunk; i++) writeHex32(nodes, 32 * (first + i), buffer, 66 * i)
    const text = ascii.decode(buffer.subarray(0, 66 * chunk))
    for (let i = 0; i < chunk; i++) hexes[first + i] = text.slice(66 * i, 66 * i + 66) as Hex
  }
  return hexes
}

/** The hex of node `index`. */
export const nodeHex = (nodes: Uint8Array, index: number): Hex => bytesToHex(nodes, 32 * index, 32)

/** The sibling hashes from node `index` up to the root, as `MerkleProof.verify` expects them. */
export function proofOfNode(nodes: Uint8Array, index: number): Hex[] {
  const proof: Hex[] = []
  for (let i = index; i > 0; i = (i - 1) >>> 1) proof.push(nodeHex(nodes, i % 2 === 1 ? i + 1 : i - 1))
  return proof
}
