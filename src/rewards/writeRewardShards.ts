import { BaseError } from '../errors/base.js'
import { sortKeys, writeHex32 } from '../merkle/treeBytes.js'
import { type RewardTree, type RewardTreeData, rewardTreeData } from './buildRewardTree.js'
import {
  checkPrefixLength,
  InvalidShardPrefixError,
  loadRewardShard,
  MAX_SHARD_PREFIX_LENGTH,
  type RewardShard,
  type RewardShardManifest,
} from './readRewardShard.js'

export type ShardRewardTreeOptions = {
  /** How many hex digits of an address pick its shard, 1 to 6. Chosen from the tree when omitted. */
  prefixLength?: number
  /** The largest shard, in bytes, that the automatic choice of `prefixLength` accepts. 50,000 unless given. */
  maxShardBytes?: number
}

export type RewardShardFile = {
  prefix: string
  /** The file's path relative to the shard index, `shards/<prefix>.json`. */
  path: string
  /** How many accounts the shard holds. */
  accounts: number
  /** The shard's JSON, UTF-8 (all ASCII), ready to write. */
  bytes: Uint8Array
}

export type RewardShards = {
  /** The index to publish beside the `shards/` directory (as `shards.json`, say): how the shards are cut. */
  manifest: RewardShardManifest
  /**
   * Every shard file, in prefix order, made one at a time: a million accounts make about 1.4 GB of shards, so write
   * each one out as it comes rather than collecting them.
   */
  files(): Generator<RewardShardFile>
  /** The shard of `prefix` (lower-case hex digits, `manifest.prefixLength` of them), parsed. */
  shard(prefix: string): RewardShard
}

/** `shardRewardTree` was given something other than a tree from `buildRewardTree`. */
export class NotARewardTreeError extends BaseError {
  override name = 'NotARewardTreeError' as const
  constructor() {
    super('Shards can only be cut from a tree made by buildRewardTree in this program.')
  }
}

const DEFAULT_MAX_SHARD_BYTES = 50_000
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1
const text = new TextDecoder()

/** Serialises shards as JSON bytes straight from the tree's bytes: no string per hash, no object per account. */
class ShardWriter {
  /** The shard being written, `#length` bytes of it so far. */
  #buffer = new Uint8Array(1 << 16)
  #view = new DataView(this.#buffer.buffer)
  #length = 0
  /**
   * `"0x…"` of every node as 17 words (68 ASCII bytes): a node near the root goes into thousands of shards, and
   * copying words beats writing hex digits.
   */
  readonly #quotedHex: Uint32Array
  #siblings = new Uint32Array(1024)
  readonly #data: RewardTreeData
  /** Node → its position in the shard being written. */
  readonly #position: Uint32Array

  constructor(data: RewardTreeData) {
    this.#data = data
    const nodeCount = data.nodes.length / 32
    const quoted = new Uint8Array(68 * nodeCount)
    for (let node = 0; node < nodeCount; node++) {
      quoted[68 * node] = 34
      writeHex32(data.nodes, 32 * node, quoted, 68 * node + 1)
      quoted[68 * node + 67] = 34
    }
    this.#quotedHex = new Uint32Array(quoted.buffer)
    this.#position = new Uint32Array(nodeCount)
  }

  #reserve(bytes: number): void {
    if (this.#length + bytes <= this.#buffer.length) return
    const grown = new Uint8Array(Math.max(2 * this.#buffer.length, this.#length + bytes))
    grown.set(this.#buffer.subarray(0, this.#length))
    this.#buffer = grown
    this.#view = new DataView(grown.buffer)
  }

  /** When set, writes only count bytes: sizing every shard costs a fraction of writing them. */
  #measuring = false

  /** Writes `value`, which must be ASCII. */
  #ascii(value: string): void {
    if (this.#measuring) {
      this.#length += value.length
      return
    }
    this.#reserve(value.length)
    const at = this.#length
    for (let i = 0; i < value.length; i++) this.#buffer[at + i] = value.charCodeAt(i)
    this.#length += value.length
  }

  #number(value: number): void {
    let digits = 1
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++
    if (this.#measuring) {
      this.#length += digits
      return
    }
    this.#reserve(10)
    const at = this.#length
    for (let i = digits - 1, rest = value; i >= 0; i--, rest = Math.floor(rest / 10))
      this.#buffer[at + i] = 48 + (rest % 10)
    this.#length += digits
  }

  #node(node: number): void {
    if (this.#measuring) {
      this.#length += 68
      return
    }
    this.#reserve(68)
    // Aligned words in, unaligned words out (in the host's byte order, so the bytes stay as they were): no
    // allocation, unlike a set() of a subarray per node.
    const words = this.#quotedHex
    const view = this.#view
    for (let i = 0, from = 17 * node, to = this.#length; i < 17; i++, to += 4) {
      view.setUint32(to, words[from + i] as number, LITTLE_ENDIAN)
    }
    this.#length += 68
  }

  #digits: Uint8Array | undefined

  /** The decimal length of the entry's amount, computed once per tree. */
  #amountDigits(entry: number): number {
    if (!this.#digits) {
      const { amounts } = this.#data
      this.#digits = new Uint8Array(amounts.length)
      for (let i = 0; i < amounts.length; i++) this.#digits[i] = (amounts[i] as bigint).toString().length
    }
    return this.#digits[entry] as number
  }

  /** The size in bytes of the shard of `prefix` holding `entries`. */
  measure(prefix: string, entries: Uint32Array): number {
    this.#measuring = true
    try {
      this.#write(prefix, entries)
      return this.#length
    } finally {
      this.#measuring = false
    }
  }

  /** Writes the shard of `prefix` holding `entries` (in address order); returns its bytes, valid until the next write. */
  write(prefix: string, entries: Uint32Array): Uint8Array {
    this.#write(prefix, entries)
    return this.#buffer.subarray(0, this.#length)
  }

  #write(prefix: string, entries: Uint32Array): void {
    const { treeIndex, amounts } = this.#data
    // Every proof's nodes, leaf to root, one proof after another.
    let count = 0
    for (const entry of entries) {
      for (let i = treeIndex[entry] as number; i > 0; i = (i - 1) >>> 1) {
        if (count === this.#siblings.length) {
          const grown = new Uint32Array(2 * count)
          grown.set(this.#siblings)
          this.#siblings = grown
        }
        this.#siblings[count++] = i % 2 === 1 ? i + 1 : i - 1
      }
    }
    // The shard's nodes: each distinct one once, by tree index, so the shared ones near the root come first.
    const table = this.#siblings.slice(0, count).sort()
    let distinct = 0
    for (let i = 0; i < count; i++) {
      if (i === 0 || table[i] !== table[i - 1]) {
        this.#position[table[i] as number] = distinct
        table[distinct++] = table[i] as number
      }
    }

    this.#length = 0
    this.#ascii('{"format":"reward-shard-v1","leafEncoding":["address","uint256"],"root":')
    this.#node(0)
    this.#ascii(`,"prefix":"${prefix}","nodes":[`)
    for (let i = 0; i < distinct; i++) {
      if (i > 0) this.#ascii(',')
      this.#node(table[i] as number)
    }
    this.#ascii('],"values":[')
    for (let k = 0, next = 0; k < entries.length; k++) {
      const entry = entries[k] as number
      this.#ascii(k > 0 ? ',{"account":"' : '{"account":"')
      if (this.#measuring) this.#length += 42
      else this.#ascii(this.#data.accountAt(entry))
      this.#ascii('","amount":"')
      if (this.#measuring) this.#length += this.#amountDigits(entry)
      else this.#ascii((amounts[entry] as bigint).toString())
      this.#ascii('","proof":[')
      for (let i = treeIndex[entry] as number; i > 0; i = (i - 1) >>> 1) {
        if (i !== treeIndex[entry]) this.#ascii(',')
        this.#number(this.#position[this.#siblings[next++] as number] as number)
      }
      this.#ascii(']}')
    }
    this.#ascii(']}')
  }
}

/** The entries of each prefix, in address order: shard `k` holds `order[starts[k]]` up to `order[starts[k + 1]]`. */
function shardStarts(addresses: Uint8Array, order: Uint32Array, prefixLength: number): Uint32Array {
  const shards = 16 ** prefixLength
  const starts = new Uint32Array(shards + 1)
  for (const entry of order) {
    const leading =
      ((addresses[20 * entry] as number) << 16) |
      ((addresses[20 * entry + 1] as number) << 8) |
      (addresses[20 * entry + 2] as number)
    const key = (leading >>> (24 - 4 * prefixLength)) + 1
    starts[key] = (starts[key] as number) + 1
  }
  for (let k = 1; k <= shards; k++) starts[k] = (starts[k] as number) + (starts[k - 1] as number)
  return starts
}

const prefixOf = (key: number, prefixLength: number): string => key.toString(16).padStart(prefixLength, '0')

/**
 * Cuts an epoch's reward tree into shard files keyed by address prefix, so a claim page downloads only its account's
 * shard (see `RewardShard`), plus a manifest that says how the shards are cut.
 *
 * Without `prefixLength`, it takes the shortest prefix whose largest shard stays within `maxShardBytes` (measured, not
 * estimated). Each extra hex digit makes 16 times as many files, each about 16 times smaller; the total grows a little,
 * since a smaller shard shares fewer proof hashes. Measured at a million accounts:
 *
 * | prefix | files     | average | largest | total   |
 * | ------ | --------- | ------- | ------- | ------- |
 * | 3      | 4,096     | 265 KB  | 323 KB  | 1.09 GB |
 * | 4      | 65,536    | 21 KB   | 41 KB   | 1.35 GB |
 * | 5      | 1,048,576 | 1.6 KB  | 12 KB   | 1.69 GB |
 *
 * so 4 digits is the default there. Nothing in the manifest vouches for the shards: each proof is checked against the
 * shard's root, which the claimer compares with the root on-chain.
 *
 * @example
 * const { manifest, files } = shardRewardTree(buildRewardTree(entries))
 * await writeFile(`${dir}/shards.json`, JSON.stringify(manifest))
 * for (const file of files()) await writeFile(`${dir}/${file.path}`, file.bytes)
 */
export function shardRewardTree(tree: RewardTree, options: ShardRewardTreeOptions = {}): RewardShards {
  const data = rewardTreeData(tree)
  if (!data) throw new NotARewardTreeError()
  const { maxShardBytes = DEFAULT_MAX_SHARD_BYTES } = options
  const order = sortKeys(data.addresses, data.size, 20)
  const writer = new ShardWriter(data)
  const largestShard = (prefixLength: number): number => {
    const starts = shardStarts(data.addresses, order, prefixLength)
    let largest = 0
    for (let key = 0; key < 16 ** prefixLength; key++) {
      const entries = order.subarray(starts[key], starts[key + 1])
      largest = Math.max(largest, writer.measure(prefixOf(key, prefixLength), entries))
    }
    return largest
  }

  let prefixLength = options.prefixLength
  if (prefixLength === undefined) {
    // Start from the first length whose average shard could fit: the distinct proof hashes alone (67 bytes each in
    // JSON, about log2(accounts / shard) of them per account below the levels a shard's accounts share).
    const depth = Math.ceil(Math.log2(data.size + 1))
    const lowerBound = (length: number) => {
      const perShard = data.size / 16 ** length
      return perShard * 67 * Math.max(0, depth - 1 - Math.log2(Math.max(1, perShard)))
    }
    prefixLength = 1
    while (prefixLength < MAX_SHARD_PREFIX_LENGTH && lowerBound(prefixLength) > maxShardBytes) prefixLength++
    while (prefixLength < MAX_SHARD_PREFIX_LENGTH && largestShard(prefixLength) > maxShardBytes) prefixLength++
  }
  checkPrefixLength(prefixLength)
  const length = prefixLength
  const starts = shardStarts(data.addresses, order, length)

  return {
    manifest: {
      format: 'reward-shards-v1',
      leafEncoding: ['address', 'uint256'],
      root: tree.root,
      accounts: data.size,
      prefixLength: length,
      shards: 16 ** length,
      path: 'shards/{prefix}.json',
    },
    *files() {
      for (let key = 0; key < 16 ** length; key++) {
        const prefix = prefixOf(key, length)
        const entries = order.subarray(starts[key], starts[key + 1])
        yield {
          prefix,
          path: `shards/${prefix}.json`,
          accounts: entries.length,
          bytes: writer.write(prefix, entries).slice(),
        }
      }
    },
    shard(prefix) {
      if (!new RegExp(`^[0-9a-f]{${length}}$`).test(prefix)) throw new InvalidShardPrefixError(prefix, length)
      const key = Number.parseInt(prefix, 16)
      return loadRewardShard(text.decode(writer.write(prefix, order.subarray(starts[key], starts[key + 1]))))
    },
  }
}
