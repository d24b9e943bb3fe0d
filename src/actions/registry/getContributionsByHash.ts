import type { Hex, ReadContractErrorType } from 'viem'
import { readContract } from 'viem/actions'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import { type Contribution, toContribution } from '../../registry/contribution.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'

export type GetContributionsByHashParameters = {
  contentHashes: readonly Hex[]
  /** Hashes per `eth_call`; 1,000 reads cost about 5M gas, well inside every node's call gas cap. */
  batchSize?: number
  deployment?: LedgerDeployment
}
/** One entry per hash, in the order given: the contribution, or null when the content is not registered. */
export type GetContributionsByHashReturnType = (Contribution | null)[]
export type GetContributionsByHashErrorType = DeploymentErrorType | ReadContractErrorType

/**
 * Looks up many contents at once: each batch of hashes is one `eth_call` to the registry's `getContributions`, so a
 * page with 1,000 badges costs one JSON-RPC request.
 *
 * @example
 * const [first, second] = await getContributionsByHash(client, { contentHashes: [hashA, hashB] })
 */
export async function getContributionsByHash(
  client: LedgerClient,
  { contentHashes, batchSize = 1_000, deployment }: GetContributionsByHashParameters,
): Promise<GetContributionsByHashReturnType> {
  const { registry: address } = resolveDeployment(client, deployment)
  const batches: Hex[][] = []
  for (let i = 0; i < contentHashes.length; i += batchSize) batches.push(contentHashes.slice(i, i + batchSize))
  const results = await Promise.all(
    batches.map((batch) =>
      readContract(client, {
        address,
        abi: [registry.getContributions],
        functionName: 'getContributions',
        args: [batch],
      }),
    ),
  )
  return results.flat().map((raw, i) => toContribution(contentHashes[i] as Hex, raw))
}
