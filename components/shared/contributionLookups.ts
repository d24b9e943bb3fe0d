import type { Hex } from 'viem'
import { getContributionsByHash } from '../../src/actions/registry/getContributionsByHash.js'
import type { LedgerDeployment } from '../../src/chains.js'
import type { LedgerClient } from '../../src/client.js'
import type { Contribution } from '../../src/registry/contribution.js'

type Waiting = { contentHash: Hex; resolve: (found: Contribution | null) => void; reject: (error: unknown) => void }
type Batch = { waiting: Waiting[]; deployment: LedgerDeployment | undefined }

const batches = new WeakMap<LedgerClient, Batch>()

/**
 * Looks one contribution up, sharing the read with every other lookup on the same client in the same task: a page of
 * 1,000 badges makes one `getContributions` call, not 1,000.
 */
export function lookUpContribution(
  client: LedgerClient,
  contentHash: Hex,
  deployment?: LedgerDeployment,
): Promise<Contribution | null> {
  return new Promise((resolve, reject) => {
    let batch = batches.get(client)
    if (!batch) {
      const created: Batch = { waiting: [], deployment }
      batch = created
      batches.set(client, created)
      // Elements upgraded together queue their first updates together, so by the time this microtask runs every one
      // of them has asked; sending now, rather than after a timer, lets the node work while the page lays them out.
      queueMicrotask(() => {
        batches.delete(client)
        const contentHashes = created.waiting.map((w) => w.contentHash)
        getContributionsByHash(client, {
          contentHashes,
          ...(created.deployment ? { deployment: created.deployment } : {}),
        }).then(
          (found) => {
            for (const [i, w] of created.waiting.entries()) w.resolve(found[i] ?? null)
          },
          (error) => {
            for (const w of created.waiting) w.reject(error)
          },
        )
      })
    }
    batch.waiting.push({ contentHash, resolve, reject })
  })
}
