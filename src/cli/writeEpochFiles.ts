import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { EpochManifest, EpochUsage } from '../attribution/epochManifest.js'
import { canonicalizeJson } from '../content/canonicalJson.js'
import type { RewardTree } from '../rewards/buildRewardTree.js'
import { shardRewardTree } from '../rewards/writeRewardShards.js'

/**
 * Writes what an epoch publishes into `out`: manifest.json (canonical JSON, so its keccak256 is the manifest hash),
 * the OpenZeppelin standard-v1 tree.json, proof shards (shards.json and shards/) for claim pages and, for a usage
 * epoch, the signed usage log (usage.json), which anyone re-verifying the epoch needs with the dataset.
 */
export function writeEpochFiles(
  out: string,
  { manifest, tree, usage }: { manifest: EpochManifest; tree: RewardTree; usage?: EpochUsage | undefined },
  onShard?: (written: number, total: number) => void,
) {
  mkdirSync(join(out, 'shards'), { recursive: true })
  writeFileSync(join(out, 'manifest.json'), canonicalizeJson(manifest))
  if (usage) writeFileSync(join(out, 'usage.json'), JSON.stringify({ log: usage.log, signature: usage.signature }))
  writeFileSync(join(out, 'tree.json'), JSON.stringify(tree.dump()))
  const shards = shardRewardTree(tree)
  let written = 0
  for (const file of shards.files()) {
    writeFileSync(join(out, file.path), file.bytes)
    onShard?.(++written, shards.manifest.shards)
  }
  writeFileSync(join(out, 'shards.json'), JSON.stringify(shards.manifest))
  return { shards: written }
}
