import { type Address, type GetLogsErrorType, type Hex, isAddressEqual } from 'viem'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import { InvalidPageError } from '../../errors/page.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'
import { getLogsInRanges } from '../internal/getLogsInRanges.js'
import { expectShape, fetchIndexerPage, field, IndexerMismatchError, readThroughIndexer } from '../internal/indexer.js'
import { type Registration, withContributionRecords } from '../internal/withContributionRecords.js'
import type { ContributionWithMetadataURI } from './getContributionsByContributor.js'
import type { GetContributionsByHashErrorType } from './getContributionsByHash.js'

const DEFAULT_LIMIT = 50
const MAX_LIMIT = 500
const LOGS_PER_BLOCK = 1_000_000n

export type GetContributionsParameters = {
  /** Only this datanet's contributions. */
  datanetId?: number
  /** Only this contributor's contributions. */
  contributor?: Address
  /** `desc` (the default) lists the newest first, as a gallery does. */
  order?: 'asc' | 'desc'
  /** Contributions per page: 1 to 500, 50 by default. */
  limit?: number
  /** The previous page's `nextCursor`; none for the first page. */
  cursor?: string | null | undefined
  deployment?: LedgerDeployment
  /**
   * An indexer (indexer/ in this repository) to read the page from, instead of scanning the chain's logs. Each
   * contribution's record is still read from the chain; when the indexer is down or disagrees, the logs are read.
   */
  indexerUrl?: string | undefined
}

export type GetContributionsReturnType = {
  items: ContributionWithMetadataURI[]
  /**
   * Pass it back as `cursor` for the next page; null on the last page. It is the chain position of the page's last
   * registration, so a page read from the indexer continues from the chain and the other way round.
   */
  nextCursor: string | null
}

export type GetContributionsErrorType =
  | InvalidPageError
  | DeploymentErrorType
  | GetLogsErrorType
  | GetContributionsByHashErrorType

type Registered = Registration & { position: bigint }

/** A registration's place in the chain: block × 1,000,000 + log index, which the indexer calls `seq`. */
const positionOf = (blockNumber: bigint, logIndex: number) => blockNumber * LOGS_PER_BLOCK + BigInt(logIndex)

function checkPage(limit: number | undefined, cursor: string | null | undefined) {
  const size = limit ?? DEFAULT_LIMIT
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_LIMIT) {
    throw new InvalidPageError(`limit is ${limit}; it must be an integer from 1 to ${MAX_LIMIT}.`)
  }
  if (cursor != null && !/^\d{1,30}$/.test(cursor)) {
    throw new InvalidPageError(`cursor "${cursor}" is not a nextCursor of this list.`)
  }
  return { size, position: cursor == null ? undefined : BigInt(cursor) }
}

/**
 * One page of the registered contributions, newest first unless `order` is `asc`, of one datanet or contributor or of
 * all: what a gallery or a contributor's page shows. With `indexerUrl` the page comes from the indexer in one request;
 * otherwise the registration events are scanned. Each item's record (contributor, datanet, status, metadata hash) is
 * read from the chain either way, so an indexer can leave a contribution out but never put one in; resolve the
 * metadata with `resolveMetadata(item.metadataURI, { expectedHash: item.metadataHash })`.
 *
 * @example
 * const first = await getContributions(client, { datanetId: 1, indexerUrl: 'https://indexer.example' })
 * const second = await getContributions(client, { datanetId: 1, cursor: first.nextCursor, indexerUrl })
 */
export async function getContributions(
  client: LedgerClient,
  parameters: GetContributionsParameters = {},
): Promise<GetContributionsReturnType> {
  const { datanetId, contributor, order = 'desc', cursor, deployment, indexerUrl } = parameters
  const { size, position } = checkPage(parameters.limit, cursor)
  const resolved = resolveDeployment(client, deployment)

  const withRecords = (registered: Registered[]) => withContributionRecords(client, resolved, registered)
  const asked = (contribution: ContributionWithMetadataURI | null): contribution is ContributionWithMetadataURI =>
    contribution !== null &&
    (contributor === undefined || isAddressEqual(contribution.contributor, contributor)) &&
    (datanetId === undefined || contribution.datanetId === datanetId)

  return readThroughIndexer(
    indexerUrl,
    async (url) => {
      const query: Record<string, string> = { order, limit: String(size) }
      if (position !== undefined) query.cursor = position.toString()
      if (datanetId !== undefined) query.datanet = String(datanetId)
      if (contributor !== undefined) query.contributor = contributor.toLowerCase()
      const page = await fetchIndexerPage(url, '/contributions', query, (raw, at) => ({
        contentHash: field.hex(raw, 'contentHash', at, 32),
        metadataURI: field.string(raw, 'metadataURI', at),
        blockNumber: field.bigint(raw, 'blockNumber', at),
        transactionHash: field.hex(raw, 'transactionHash', at, 32),
        position: field.bigint(raw, 'seq', at),
      }))
      // A page out of order, or one that skips back past the cursor, would repeat or lose rows on the next page.
      const positions = page.items.map((item) => item.position)
      const ordered = positions.every((at, i) => {
        const before = i === 0 ? position : positions[i - 1]
        return before === undefined || (order === 'desc' ? at < before : at > before)
      })
      expectShape(page.items.length <= size && ordered, url, 'the page is longer than asked or out of order')
      expectShape(
        page.nextCursor === null || page.nextCursor === positions.at(-1)?.toString(),
        url,
        'nextCursor is not the position of the last item',
      )
      const items = await withRecords(page.items)
      if (!items.every(asked)) {
        throw new IndexerMismatchError('The indexer lists a contribution the chain does not record as asked.')
      }
      return { items, nextCursor: page.nextCursor }
    },
    async () => {
      const cursorBlock = position === undefined ? undefined : position / LOGS_PER_BLOCK
      const args: Record<string, unknown> = {}
      if (contributor !== undefined) args.contributor = contributor
      if (datanetId !== undefined) args.datanetId = datanetId
      // Logs have no keyset of their own, so every page scans from its cursor's block to the far end of the list:
      // the cost an indexer removes.
      const logs = (await getLogsInRanges(client, {
        address: resolved.registry,
        event: registry.ContributionRegistered,
        args,
        fromBlock:
          order === 'asc' && cursorBlock !== undefined && cursorBlock > resolved.blockNumber
            ? cursorBlock
            : resolved.blockNumber,
        ...(order === 'desc' && cursorBlock !== undefined ? { toBlock: cursorBlock } : {}),
      })) as unknown as {
        args: { contentHash: Hex; metadataURI: string }
        blockNumber: bigint
        logIndex: number
        transactionHash: Hex
      }[]
      const registered = logs
        .map(({ args: { contentHash, metadataURI }, blockNumber, logIndex, transactionHash }) => ({
          contentHash,
          metadataURI,
          blockNumber,
          transactionHash,
          position: positionOf(blockNumber, logIndex),
        }))
        .filter(
          (item) => position === undefined || (order === 'desc' ? item.position < position : item.position > position),
        )
      if (order === 'desc') registered.reverse()
      const items = registered.slice(0, size)
      const last = items.at(-1)
      return {
        items: (await withRecords(items)).filter(asked),
        nextCursor: registered.length > size && last ? last.position.toString() : null,
      }
    },
  )
}
