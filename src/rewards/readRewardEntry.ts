import { type Address, getAddress, type Hex } from 'viem'
import { processProof, proofFromNodes } from '../merkle/standardMerkleTree.js'
import { claimFromShard, loadRewardShard, shardPathFor } from './readRewardShard.js'
import { RewardTreeMismatchError, RewardTreeUnavailableError } from './rewardFileErrors.js'
import { rewardLeaf } from './rewardLeaf.js'
import type { RewardTreeDump } from './rewardTreeDump.js'

type ReadRewardEntryParameters = {
  /**
   * The epoch's reward file: a `standard-v1` tree, or the URL of one, or the URL of a `reward-shards-v1` index (then
   * only the account's shard is downloaded). Relative URLs resolve against the page.
   */
  source: RewardTreeDump | string
  account: Address
  /** The epoch and its on-chain root, which the file must match. */
  epochId: number
  root: Hex
  fetch?: typeof globalThis.fetch
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

async function fetchJson(url: string, fetchFn: typeof fetch): Promise<unknown> {
  try {
    const response = await fetchFn(url)
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    return await response.json()
  } catch (error) {
    throw new RewardTreeUnavailableError(url, error)
  }
}

const isRewardTreeDump = (value: unknown): value is RewardTreeDump => {
  const dump = value as Partial<RewardTreeDump> | null
  return dump?.format === 'standard-v1' && Array.isArray(dump.tree) && Array.isArray(dump.values)
}

/**
 * The account's cumulative amount and proof in one epoch's reward file, or null when the account is not in it. The
 * file must hash to the epoch's on-chain root (else `RewardTreeMismatchError`): no amount from a stale, tampered or
 * foreign file is ever returned.
 *
 * @example
 * const entry = await readRewardEntry({ source: '/epochs/3/shards.json', account, epochId: 3, root: epoch.root })
 */
export async function readRewardEntry({
  source,
  account: given,
  epochId,
  root,
  fetch: fetchFn = globalThis.fetch,
}: ReadRewardEntryParameters): Promise<{ cumulativeAmount: bigint; proof: Hex[] } | null> {
  const account = getAddress(given)
  const mismatch = (found: string) => new RewardTreeMismatchError(epochId, `${found}, on-chain root ${root}`)
  const url = typeof source === 'string' ? new URL(source, globalThis.location?.href).href : undefined
  const file = url ? await fetchJson(url, fetchFn) : source
  const index = file as { format?: unknown; prefixLength?: unknown } | null
  if (url && index?.format === 'reward-shards-v1' && typeof index.prefixLength === 'number') {
    const shard = loadRewardShard(
      await fetchJson(new URL(shardPathFor(account, index.prefixLength), url).href, fetchFn),
    )
    if (!same(shard.root, root)) throw mismatch(`shard root ${shard.root}`)
    const claim = claimFromShard(shard, account)
    return claim ? { cumulativeAmount: claim.cumulativeAmount, proof: claim.proof } : null
  }
  if (!isRewardTreeDump(file)) {
    throw new RewardTreeUnavailableError(
      url ?? 'the given reward tree',
      new Error('neither an OpenZeppelin standard-v1 tree nor a reward-shards-v1 index'),
    )
  }
  if (!same(String(file.tree[0]), root)) throw mismatch(`file root ${file.tree[0]}`)
  const entry = file.values.find(({ value }) => same(String(value[0]), account))
  if (!entry) return null
  const cumulativeAmount = BigInt(entry.value[1])
  const proof = proofFromNodes(file.tree, entry.treeIndex)
  if (!same(processProof(rewardLeaf(account, cumulativeAmount), proof), root)) {
    throw mismatch(`the proof of ${account} leads elsewhere`)
  }
  return { cumulativeAmount, proof }
}
