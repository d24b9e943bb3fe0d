import type { Address, Hex } from 'viem'
import { createKeccakHasher } from '../merkle/keccak.js'
import { MerkleLeafNotFoundError } from '../merkle/standardMerkleTree.js'
import { buildNodes, hexToBytesInto, nodeHex, nodesToHex, proofOfNode, sortHashes } from '../merkle/treeBytes.js'
import { formatAddress, matchesLetterCase, packLetterCase, parseAddressInto, writeLowerHex } from './accountBytes.js'
import type { RewardTreeDump } from './rewardTreeDump.js'
import {
  DuplicateRewardAccountError,
  EmptyRewardTreeError,
  InvalidRewardAccountError,
  InvalidRewardAmountError,
} from './rewardTreeErrors.js'

export type RewardEntry = { account: Address; amount: bigint }

export type RewardTree = {
  root: Hex
  /** How many accounts the tree pays. */
  size: number
  /** The proof of `account`'s cumulative amount; throws `MerkleLeafNotFoundError` for an account not in the tree. */
  getProof(account: Address): Hex[]
  /** The account's cumulative amount, or undefined when it is not in the tree. */
  amountOf(account: Address): bigint | undefined
  /**
   * OpenZeppelin `standard-v1` JSON, loadable by `StandardMerkleTree.load`. Built on each call, not kept: for a
   * million accounts it is about 3 million strings, so publish it and let it go (or publish shards instead).
   */
  dump(): RewardTreeDump
}

/** What the shard writer needs from a tree, all indexed by the entry's position in the input. */
export type RewardTreeData = {
  size: number
  /** OpenZeppelin's tree array, 32 bytes per node. */
  nodes: Uint8Array
  /** 20 bytes per entry. */
  addresses: Uint8Array
  amounts: readonly bigint[]
  /** The node of each entry's leaf. */
  treeIndex: Uint32Array
  /** The entry's account, checksummed. */
  accountAt(entry: number): Address
}

const trees = new WeakMap<RewardTree, RewardTreeData>()

/** The byte-level data behind a tree from `buildRewardTree`, for `shardRewardTree`. */
export function rewardTreeData(tree: RewardTree): RewardTreeData | undefined {
  return trees.get(tree)
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
const BATCH = 4096

/**
 * Writes `amount` as a big-endian uint256 at `out[offset]` (whose 32 bytes must be zero), or returns false when it is
 * not a bigint from 0 to 2²⁵⁶ − 1. Validating and encoding share one conversion, which matters a million times over.
 */
function writeUint256(amount: unknown, out: Uint8Array, offset: number): boolean {
  if (typeof amount !== 'bigint') return false
  if (amount <= MAX_SAFE) {
    if (amount < 0n) return false
    for (let value = Number(amount), i = offset + 31; value > 0; i--, value = Math.floor(value / 256))
      out[i] = value % 256
    return true
  }
  let hex = amount.toString(16)
  if (hex.length > 64) return false
  if (hex.length % 2 === 1) hex = `0${hex}`
  return hexToBytesInto(hex, 0, hex.length / 2, out, offset + 32 - hex.length / 2)
}

/** A 20-byte key → entry table with open addressing: a Map of a million address strings costs far more. */
class AddressTable {
  readonly #slots: Int32Array
  readonly #mask: number
  readonly #addresses: Uint8Array

  constructor(addresses: Uint8Array, capacity: number) {
    const size = 2 ** Math.max(1, Math.ceil(Math.log2(2 * capacity)))
    this.#slots = new Int32Array(size)
    this.#mask = size - 1
    this.#addresses = addresses
  }

  #slotOf(key: Uint8Array, offset: number): number {
    let hash = 0x811c9dc5
    for (let i = 0; i < 20; i += 4) {
      const word =
        (key[offset + i] as number) |
        ((key[offset + i + 1] as number) << 8) |
        ((key[offset + i + 2] as number) << 16) |
        ((key[offset + i + 3] as number) << 24)
      hash = Math.imul(hash ^ word, 0x01000193)
      hash ^= hash >>> 15
    }
    return Math.imul(hash ^ (hash >>> 13), 0x5bd1e995) & this.#mask
  }

  #equals(entry: number, key: Uint8Array, offset: number): boolean {
    const addresses = this.#addresses
    for (let i = 0; i < 20; i++) if (addresses[20 * entry + i] !== key[offset + i]) return false
    return true
  }

  /** The entry whose address is the 20 bytes at `key[offset]`, or -1. */
  find(key: Uint8Array, offset: number): number {
    for (let slot = this.#slotOf(key, offset); ; slot = (slot + 1) & this.#mask) {
      const entry = (this.#slots[slot] as number) - 1
      if (entry < 0 || this.#equals(entry, key, offset)) return entry
    }
  }

  /** Adds `entry` (its address already in `addresses`); returns the entry already holding that address, or -1. */
  insert(entry: number): number {
    const addresses = this.#addresses
    for (let slot = this.#slotOf(addresses, 20 * entry); ; slot = (slot + 1) & this.#mask) {
      const existing = (this.#slots[slot] as number) - 1
      if (existing < 0) {
        this.#slots[slot] = entry + 1
        return -1
      }
      if (this.#equals(existing, addresses, 20 * entry)) return existing
    }
  }
}

/**
 * The reward tree of one epoch over cumulative amounts, identical to OpenZeppelin's `StandardMerkleTree.of(values,
 * ['address', 'uint256'])` in root, proofs and dump.
 *
 * It works on bytes (one Keccak per hash, no hex strings, one buffer for the whole tree), so a million accounts take
 * a few seconds rather than minutes. Entries are checked first: an empty list, an invalid or mis-checksummed address,
 * an account listed twice, or an amount outside uint256 throws a named error that points at the entry.
 *
 * @example
 * const tree = buildRewardTree([{ account: alice, amount: 10n ** 18n }])
 * await proposeEpoch(client, { root: tree.root, … })
 */
export function buildRewardTree(entries: readonly RewardEntry[]): RewardTree {
  const size = entries.length
  if (size === 0) throw new EmptyRewardTreeError()
  const addresses = new Uint8Array(20 * size)
  // EIP-55 letter case, 5 bytes per entry: the dump and the shards write checksummed addresses from it.
  const letterCase = new Uint8Array(5 * size)
  const amounts = new Array<bigint>(size)
  const table = new AddressTable(addresses, size)
  const leaves = new Uint8Array(32 * size)

  // Entries go through in batches. Each batch's leaf encodings (abi.encode(address, uint256), 64 bytes) and the
  // lower-case hex of its addresses are hashed together at the end of the batch, in WebAssembly.
  const hasher = createKeccakHasher((64 + 32 + 40) * BATCH)
  const work = hasher.bytes
  const digests = 64 * BATCH
  const hexes = digests + 32 * BATCH
  const mixedCase = new Uint8Array(BATCH)
  let batchStart = 0

  /** Records the letter case of entries up to `end` in this batch, checking it where the input had upper case. */
  const settleLetterCase = (end: number) => {
    const count = end - batchStart
    hasher.hashBlocks(hexes, 40, 40, hexes, count)
    for (let k = 0; k < count; k++) {
      const entry = batchStart + k
      packLetterCase(work, hexes + 32 * k, letterCase, 5 * entry)
      const { account } = entries[entry] as RewardEntry
      if (mixedCase[k] === 1 && !matchesLetterCase(account, letterCase, 5 * entry)) {
        throw new InvalidRewardAccountError(account, entry, 'checksum')
      }
    }
  }
  /** Throws `error`, unless an earlier entry of the batch (or this one, with `upTo`) has a bad checksum. */
  function fail(error: Error, upTo: number): never {
    settleLetterCase(upTo)
    throw error
  }

  for (let i = 0; i < size; i++) {
    const entry = entries[i] as Partial<RewardEntry> | undefined
    const account = entry?.account
    const amount = entry?.amount
    const row = 64 * (i - batchStart)
    const parsed = parseAddressInto(account, addresses, 20 * i)
    if (parsed === 'malformed') fail(new InvalidRewardAccountError(account, i, 'malformed'), i)
    mixedCase[i - batchStart] = parsed === 'mixed' ? 1 : 0
    writeLowerHex(addresses, 20 * i, work, hexes + 40 * (i - batchStart))
    // The row's first 12 bytes stay zero: the address is right-aligned in its word.
    for (let b = 0; b < 20; b++) work[row + 12 + b] = addresses[20 * i + b] as number
    work.fill(0, row + 32, row + 64)
    if (!writeUint256(amount, work, row + 32)) fail(new InvalidRewardAmountError(amount, i), i + 1)
    const duplicate = table.insert(i)
    if (duplicate >= 0) fail(new DuplicateRewardAccountError(account as string, duplicate, i), i + 1)
    amounts[i] = amount as bigint

    if (i + 1 - batchStart === BATCH || i + 1 === size) {
      settleLetterCase(i + 1)
      const count = i + 1 - batchStart
      // The leaf is keccak256(keccak256(encoding)).
      hasher.hashBlocks(0, 64, 64, digests, count)
      hasher.hashBlocks(digests, 32, 32, digests, count)
      leaves.set(work.subarray(digests, digests + 32 * count), 32 * batchStart)
      batchStart = i + 1
    }
  }

  const order = sortHashes(leaves, size)
  const nodes = buildNodes(leaves, order)
  const treeIndex = new Uint32Array(size)
  for (let rank = 0; rank < size; rank++) treeIndex[order[rank] as number] = 2 * size - 2 - rank

  const accountAt = (entry: number): Address => formatAddress(addresses, 20 * entry, letterCase, 5 * entry)
  const lookup = new Uint8Array(20)
  const entryOf = (account: Address): number =>
    parseAddressInto(account, lookup, 0) === 'malformed' ? -1 : table.find(lookup, 0)

  const tree: RewardTree = {
    root: nodeHex(nodes, 0),
    size,
    getProof(account) {
      const entry = entryOf(account)
      if (entry < 0) throw new MerkleLeafNotFoundError('0x', { account })
      return proofOfNode(nodes, treeIndex[entry] as number)
    },
    amountOf(account) {
      const entry = entryOf(account)
      return entry < 0 ? undefined : amounts[entry]
    },
    dump() {
      return {
        format: 'standard-v1',
        leafEncoding: ['address', 'uint256'],
        tree: nodesToHex(nodes),
        values: amounts.map((amount, entry) => ({
          value: [accountAt(entry), amount.toString()],
          treeIndex: treeIndex[entry] as number,
        })),
      }
    },
  }
  trees.set(tree, { size, nodes, addresses, amounts, treeIndex, accountAt })
  return tree
}
