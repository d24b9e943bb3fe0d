import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { EpochManifest } from '../attribution/epochManifest.js'
import { canonicalizeJson } from '../content/canonicalJson.js'
import type { RewardTree } from '../rewards/buildRewardTree.js'
import { shardRewardTree } from '../rewards/writeRewardShards.js'

/**
 * Writes what an epoch publishes into `out`: manifest.json (canonical JSON, so its keccak256 is the manifest hash),
 * the OpenZeppelin standard-v1 tree.json, and proof shards (shards.json and shards/) for claim pages.
 */
export function writeEpochFiles(
  out: string,
  { manifest, tree }: { manifest: EpochManifest; tree: RewardTree },
  onShard?: (written: number, total: number) => void,
) {
  mkdirSync(join(out, 'shards'), { recursive: true })
  writeFileSync(join(out, 'manifest.json'), canonicalizeJson(manifest))
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
