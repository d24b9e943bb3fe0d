import type { Hex, ReadContractErrorType } from 'viem'
import { readContract } from 'viem/actions'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import { type Contribution, toContribution } from '../../registry/contribution.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'

export type GetContributionByHashParameters = {
  /** The SHA-256 of the content, as `sha256sum` prints it, 0x-prefixed. It is also the contribution's id. */
  contentHash: Hex
  deployment?: LedgerDeployment
}
export type GetContributionByHashReturnType = Contribution | null
export type GetContributionByHashErrorType = DeploymentErrorType | ReadContractErrorType

/**
 * The contribution registered for some content, or null when nobody registered it.
 *
 * @example
 * import { createClient, http } from 'viem'
 * import { getContributionByHash } from 'attribution-ledger'
 *
 * const client = createClient({ chain, transport: http() })
 * const contribution = await getContributionByHash(client, { contentHash: '0x9f86…0f00a08' })
 * if (contribution) console.log(contribution.contributor, contribution.registeredAt)
 */
export async function getContributionByHash(
  client: LedgerClient,
  { contentHash, deployment }: GetContributionByHashParameters,
): Promise<GetContributionByHashReturnType> {
  const { registry: address } = resolveDeployment(client, deployment)
  const raw = await readContract(client, {
    address,
    abi: [registry.getContribution],
    functionName: 'getContribution',
    args: [contentHash],
  })
  return toContribution(contentHash, raw)
}
