import type { Address, Hex } from 'viem'
import { BaseError } from '../errors/base.js'
import { processProof } from '../merkle/standardMerkleTree.js'
import { rewardLeaf } from './rewardLeaf.js'
import { InvalidRewardAccountError } from './rewardTreeErrors.js'

/**
 * One shard of an epoch's reward tree: every account whose address starts with `prefix`, with what it needs to
 * claim. A claim page downloads only the shard of its account, a few kilobytes, instead of the whole tree.
 *
 * Proof hashes are stored once per shard in `nodes`, and each proof lists their positions, leaf to root: accounts of a
 * shard share the hashes near the root, and at a million accounts this keeps the largest shard under 50 KB.
 */
export type RewardShard = {
  format: 'reward-shard-v1'
  leafEncoding: readonly ['address', 'uint256']
  /** The tree's root; a claim is only as good as this root's match with the one on-chain. */
  root: Hex
  /** The lower-case hex digits (after `0x`) that every address in this shard starts with. */
  prefix: string
  /** The distinct proof hashes of this shard, nearest the root first. */
  nodes: readonly Hex[]
  /** The shard's accounts in address order, each with its cumulative amount and its proof as positions in `nodes`. */
  values: readonly { account: Address; amount: string; proof: readonly number[] }[]
}

/** Where the shards of an epoch are and how they are cut. */
export type RewardShardManifest = {
  format: 'reward-shards-v1'
  leafEncoding: readonly ['address', 'uint256']
  root: Hex
  /** How many accounts the tree pays. */
  accounts: number
  /** How many hex digits of an address pick its shard. */
  prefixLength: number
  /** 16^prefixLength: every prefix has a file, empty or not. */
  shards: number
  /** Each shard's path relative to this index, `{prefix}` standing for the shard's prefix. */
  path: 'shards/{prefix}.json'
}

export type RewardShardClaim = {
  /** The account, checksummed. */
  account: Address
  cumulativeAmount: bigint
  /** The proof for `claimRewards`, checked against the shard's root. */
  proof: Hex[]
}

/** The shard file is not a reward shard, or its data does not add up to its root (corrupt or tampered with). */
export class InvalidRewardShardError extends BaseError {
  override name = 'InvalidRewardShardError' as const
  constructor(details: string, cause?: unknown) {
    super('This reward shard file is damaged or not a reward shard, so no amount from it can be trusted.', {
      details,
      cause,
    })
  }
}

/** The account's rewards live in another shard than the one given. */
export class WrongRewardShardError extends BaseError {
  override name = 'WrongRewardShardError' as const
  constructor(account: string, prefix: string) {
    super(`${account} is not in reward shard ${prefix}: load ${shardPathFor(account, prefix.length)} for it instead.`)
  }
}

/** Thrown when a prefix length is not a whole number from 1 to 6. */
export class InvalidShardPrefixLengthError extends BaseError {
  override name = 'InvalidShardPrefixLengthError' as const
  constructor(prefixLength: unknown) {
    super(`A shard prefix length must be a whole number from 1 to 6 hex digits, not ${String(prefixLength)}.`)
  }
}

/** Thrown when a shard is asked for by a prefix that is not one of the shards' prefixes. */
export class InvalidShardPrefixError extends BaseError {
  override name = 'InvalidShardPrefixError' as const
  constructor(prefix: string, prefixLength: number) {
    super(`${prefix} is not a shard prefix here: shards are named by ${prefixLength} lower-case hex digits.`)
  }
}

export const MAX_SHARD_PREFIX_LENGTH = 6

/** Throws `InvalidShardPrefixLengthError` unless `prefixLength` is a whole number from 1 to 6. */
export function checkPrefixLength(prefixLength: unknown): asserts prefixLength is number {
  if (
    !Number.isInteger(prefixLength) ||
    (prefixLength as number) < 1 ||
    (prefixLength as number) > MAX_SHARD_PREFIX_LENGTH
  ) {
    throw new InvalidShardPrefixLengthError(prefixLength)
  }
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/
const BYTES32 = /^0x[0-9a-fA-F]{64}$/

/**
 * The path of the shard that holds `account`, relative to the shard index: `shards/` and the first `prefixLength` hex
 * digits of the address, in lower case.
 *
 * @example
 * shardPathFor('0xAb12Cd…', manifest.prefixLength) // 'shards/ab12.json'
 */
export function shardPathFor(account: string, prefixLength: number): string {
  checkPrefixLength(prefixLength)
  if (typeof account !== 'string' || !ADDRESS.test(account)) throw new InvalidRewardAccountError(account)
  return `shards/${account.slice(2, 2 + prefixLength).toLowerCase()}.json`
}

/**
 * Reads a shard file (its JSON text, or the parsed value) and checks its shape; throws `InvalidRewardShardError`
 * when it is not a `reward-shard-v1` shard.
 *
 * @example
 * const shard = loadRewardShard(await (await fetch(`${base}/${shardPathFor(account, manifest.prefixLength)}`)).text())
 */
export function loadRewardShard(json: unknown): RewardShard {
  let value = json
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json)
    } catch (error) {
      throw new InvalidRewardShardError('the file is not JSON', error)
    }
  }
  const shard = value as Partial<RewardShard> | null
  const fail = (problem: string): never => {
    throw new InvalidRewardShardError(problem)
  }
  if (typeof shard !== 'object' || shard === null) return fail('the file is not a JSON object')
  if (shard.format !== 'reward-shard-v1') fail(`unknown format ${String(shard.format)}`)
  if (shard.leafEncoding?.[0] !== 'address' || shard.leafEncoding[1] !== 'uint256' || shard.leafEncoding.length !== 2) {
    fail('the leaf encoding is not [address, uint256]')
  }
  if (typeof shard.root !== 'string' || !BYTES32.test(shard.root)) fail('the root is not a 32-byte hash')
  const prefix = shard.prefix
  if (typeof prefix !== 'string' || !/^[0-9a-f]{1,6}$/.test(prefix)) return fail('the prefix is not 1 to 6 hex digits')
  if (!Array.isArray(shard.nodes) || !shard.nodes.every((node) => typeof node === 'string' && BYTES32.test(node))) {
    fail('the nodes are not 32-byte hashes')
  }
  if (!Array.isArray(shard.values)) return fail('the values are missing')
  const nodeCount = (shard.nodes as Hex[]).length
  for (const entry of shard.values as unknown[]) {
    const { account, amount, proof } = (entry ?? {}) as Partial<RewardShard['values'][number]>
    if (typeof account !== 'string' || !ADDRESS.test(account)) fail(`${String(account)} is not an address`)
    if (!(account as string).toLowerCase().startsWith(`0x${prefix}`)) fail(`${account} does not start with ${prefix}`)
    if (typeof amount !== 'string' || !/^(0|[1-9][0-9]{0,77})$/.test(amount))
      fail(`the amount of ${account} is not a whole number`)
    if (
      !Array.isArray(proof) ||
      !proof.every((index) => Number.isInteger(index) && (index as number) >= 0 && (index as number) < nodeCount)
    ) {
      fail(`the proof of ${account} does not point into the nodes`)
    }
  }
  return shard as RewardShard
}

/**
 * What `account` can claim according to `shard`: its cumulative amount and proof, or null when the shard has no entry
 * for it (it earned nothing up to this epoch). The proof is checked to lead to the shard's root, so a damaged shard
 * throws `InvalidRewardShardError`; check `shard.root` against the epoch's on-chain root before paying out.
 *
 * @example
 * const claim = claimFromShard(shard, account)
 * if (claim) await claimRewards(walletClient, { account, cumulativeAmount: claim.cumulativeAmount, proof: claim.proof })
 */
export function claimFromShard(shard: RewardShard, account: Address): RewardShardClaim | null {
  if (typeof account !== 'string' || !ADDRESS.test(account)) throw new InvalidRewardAccountError(account)
  const wanted = account.toLowerCase()
  if (!wanted.startsWith(`0x${shard.prefix}`)) throw new WrongRewardShardError(account, shard.prefix)
  const entry = shard.values.find((value) => value.account.toLowerCase() === wanted)
  if (!entry) return null
  const proof = entry.proof.map((index) => shard.nodes[index] as Hex)
  const cumulativeAmount = BigInt(entry.amount)
  // The lower-case form, so that a shard with a mis-cased address fails as a bad shard, not as a viem error.
  if (processProof(rewardLeaf(wanted as Address, cumulativeAmount), proof).toLowerCase() !== shard.root.toLowerCase()) {
    throw new InvalidRewardShardError(`the proof of ${entry.account} does not lead to the shard's root ${shard.root}`)
  }
  return { account: entry.account, cumulativeAmount, proof }
}
