import { type Address, type GetLogsErrorType, type Hex, isAddressEqual } from 'viem'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { Contribution } from '../../registry/contribution.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'
import { getLogsInRanges } from '../internal/getLogsInRanges.js'
import { fetchIndexerList, field, IndexerMismatchError, readThroughIndexer } from '../internal/indexer.js'
import { type Registration, withContributionRecords } from '../internal/withContributionRecords.js'
import type { GetContributionsByHashErrorType } from './getContributionsByHash.js'

export type GetContributionsByContributorParameters = {
  contributor: Address
  /** Defaults to the deployment block. */
  fromBlock?: bigint
  toBlock?: bigint
  deployment?: LedgerDeployment
  /**
   * An indexer (indexer/ in this repository) to list the contributions from, instead of scanning the chain's logs.
   * Each contribution's record is still read from the chain; when the indexer is down or disagrees, the logs are read.
   */
  indexerUrl?: string | undefined
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
 * registration events (a node that refuses a block range gets it in halves until it accepts, with no gaps), or with
 * `indexerUrl` the indexer's list, page by page.
 *
 * @example
 * const mine = await getContributionsByContributor(client, { contributor: account.address })
 * const atScale = await getContributionsByContributor(client, { contributor, indexerUrl: 'https://indexer.example' })
 */
export async function getContributionsByContributor(
  client: LedgerClient,
  { contributor, fromBlock, toBlock, deployment, indexerUrl }: GetContributionsByContributorParameters,
): Promise<GetContributionsByContributorReturnType> {
  const resolved = resolveDeployment(client, deployment)
  const from = fromBlock ?? resolved.blockNumber
  const withRecords = (registered: Registration[]) => withContributionRecords(client, resolved, registered)
  return readThroughIndexer(
    indexerUrl,
    async (url) => {
      const listed = await fetchIndexerList(
        url,
        '/contributions',
        { contributor: contributor.toLowerCase() },
        (raw, at) => ({
          contentHash: field.hex(raw, 'contentHash', at, 32),
          metadataURI: field.string(raw, 'metadataURI', at),
          blockNumber: field.bigint(raw, 'blockNumber', at),
          transactionHash: field.hex(raw, 'transactionHash', at, 32),
        }),
      )
      const found = await withRecords(
        listed.filter(({ blockNumber }) => blockNumber >= from && (toBlock === undefined || blockNumber <= toBlock)),
      )
      // The records come from the chain, so an indexer can leave a contribution out but never put one in.
      return found.map((contribution) => {
        if (!contribution || !isAddressEqual(contribution.contributor, contributor)) {
          throw new IndexerMismatchError(`The indexer lists a contribution that ${contributor} did not register.`)
        }
        return contribution
      })
    },
    async () => {
      const logs = (await getLogsInRanges(client, {
        address: resolved.registry,
        event: registry.ContributionRegistered,
        args: { contributor },
        fromBlock: from,
        ...(toBlock === undefined ? {} : { toBlock }),
      })) as unknown as {
        args: Omit<Registration, 'blockNumber' | 'transactionHash'>
        blockNumber: bigint
        transactionHash: Hex
      }[]
      const found = await withRecords(
        logs.map(({ args, blockNumber, transactionHash }) => ({ ...args, blockNumber, transactionHash })),
      )
      return found.filter((contribution) => contribution !== null)
    },
  )
}
