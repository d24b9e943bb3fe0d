import type { Address, GetLogsErrorType, Hex } from 'viem'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { Contribution } from '../../registry/contribution.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'
import { getLogsInRanges } from '../internal/getLogsInRanges.js'
import { type GetContributionsByHashErrorType, getContributionsByHash } from './getContributionsByHash.js'

export type GetContributionsByContributorParameters = {
  contributor: Address
  /** Defaults to the deployment block. */
  fromBlock?: bigint
  toBlock?: bigint
  deployment?: LedgerDeployment
}

export type ContributionWithMetadataURI = Contribution & {
  metadataURI: string
  blockNumber: bigint
  transactionHash: Hex
}

/** Oldest first. */
export type GetContributionsByContributorReturnType = ContributionWithMetadataURI[]
export type GetContributionsByContributorErrorType =
  | DeploymentErrorType
  | GetLogsErrorType
  | GetContributionsByHashErrorType

/**
 * Everything a contributor registered, oldest first, with each contribution's current status. Reads the
 * registration events; a node that refuses a block range gets it in halves until it accepts, with no gaps.
 *
 * @example
 * const mine = await getContributionsByContributor(client, { contributor: account.address })
 */
export async function getContributionsByContributor(
  client: LedgerClient,
  { contributor, fromBlock, toBlock, deployment }: GetContributionsByContributorParameters,
): Promise<GetContributionsByContributorReturnType> {
  const resolved = resolveDeployment(client, deployment)
  const logs = (await getLogsInRanges(client, {
    address: resolved.registry,
    event: registry.ContributionRegistered,
    args: { contributor },
    fromBlock: fromBlock ?? resolved.blockNumber,
    ...(toBlock === undefined ? {} : { toBlock }),
  })) as unknown as { args: { contentHash: Hex; metadataURI: string }; blockNumber: bigint; transactionHash: Hex }[]
  const current = await getContributionsByHash(client, {
    contentHashes: logs.map((log) => log.args.contentHash),
    deployment: resolved,
  })
  return logs.flatMap((log, i) => {
    const contribution = current[i]
    return contribution
      ? [
          {
            ...contribution,
            metadataURI: log.args.metadataURI,
            blockNumber: log.blockNumber,
            transactionHash: log.transactionHash,
          },
        ]
      : []
  })
}
