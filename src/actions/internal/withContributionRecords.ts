import type { Hex } from 'viem'
import type { LedgerDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { ContributionWithMetadataURI } from '../registry/getContributionsByContributor.js'
import { getContributionsByHash } from '../registry/getContributionsByHash.js'

/** A registration as its log, or an indexer, tells it. */
export type Registration = { contentHash: Hex; metadataURI: string; blockNumber: bigint; transactionHash: Hex }

/**
 * Each registration with the registry's current record of it (status, reviews), in one batched read; `null` where the
 * registry has no such contribution, which a list told by an indexer must be checked for.
 */
export async function withContributionRecords(
  client: LedgerClient,
  deployment: LedgerDeployment,
  registrations: readonly Registration[],
): Promise<(ContributionWithMetadataURI | null)[]> {
  const current = await getContributionsByHash(client, {
    contentHashes: registrations.map((item) => item.contentHash),
    deployment,
  })
  return registrations.map(({ metadataURI, blockNumber, transactionHash }, i) => {
    const contribution = current[i]
    return contribution ? { ...contribution, metadataURI, blockNumber, transactionHash } : null
  })
}
