import { type Address, type GetLogsErrorType, getAddress, type ReadContractErrorType } from 'viem'
import { readContract } from 'viem/actions'
import * as distributor from '../../abis/rewardDistributor.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import { InvalidPageError } from '../../errors/page.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'
import { getLogsInRanges } from '../internal/getLogsInRanges.js'
import { expectShape, fetchIndexerPage, field, IndexerMismatchError, readThroughIndexer } from '../internal/indexer.js'

const DEFAULT_LIMIT = 50
const MAX_LIMIT = 500
const CURSOR = /^(\d{1,78}):(0x[0-9a-f]{40})$/

export type GetLeaderboardParameters = {
  /** Accounts per page: 1 to 500, 50 by default. */
  limit?: number
  /** The previous page's `nextCursor`; none for the first page. */
  cursor?: string | null | undefined
  deployment?: LedgerDeployment
  /**
   * An indexer (indexer/ in this repository) to read the page from, instead of adding up every claim in the chain's
   * logs. Each account's total is checked against the distributor; when the indexer is down or disagrees, the logs
   * are read.
   */
  indexerUrl?: string | undefined
}

/** An account and what it has claimed so far. */
export type LeaderboardEntry = { account: Address; claimed: bigint; claimCount: number }

export type GetLeaderboardReturnType = {
  /** Most claimed first; ties by address. */
  items: LeaderboardEntry[]
  /** Pass it back as `cursor` for the next page; null on the last page. The indexer and the chain share cursors. */
  nextCursor: string | null
}

export type GetLeaderboardErrorType = InvalidPageError | DeploymentErrorType | ReadContractErrorType | GetLogsErrorType

type Position = { claimed: bigint; account: string }

/** Most claimed first, then by lowercase address: the order both the indexer and the chain read give. */
const before = (a: Position, b: Position) =>
  a.claimed !== b.claimed ? a.claimed > b.claimed : a.account.toLowerCase() < b.account.toLowerCase()

const cursorOf = ({ claimed, account }: Position) => `${claimed}:${account.toLowerCase()}`

function checkPage(limit: number | undefined, cursor: string | null | undefined) {
  const size = limit ?? DEFAULT_LIMIT
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_LIMIT) {
    throw new InvalidPageError(`limit is ${limit}; it must be an integer from 1 to ${MAX_LIMIT}.`)
  }
  if (cursor == null) return { size, after: undefined }
  const match = CURSOR.exec(cursor)
  if (!match) throw new InvalidPageError(`cursor "${cursor}" is not a nextCursor of the leaderboard.`)
  return { size, after: { claimed: BigInt(match[1] as string), account: match[2] as string } }
}

/**
 * One page of the accounts that have claimed rewards, most claimed first: a leaderboard. With `indexerUrl` the page
 * comes from the indexer, and every total on it is read back from the distributor (`claimed(account)`), so an indexer
 * can leave an account out but never inflate or invent one; otherwise every claim in the logs is added up.
 *
 * @example
 * const { items, nextCursor } = await getLeaderboard(client, { limit: 10, indexerUrl: 'https://indexer.example' })
 * for (const { account, claimed } of items) console.log(account, formatUnits(claimed, 18))
 */
export async function getLeaderboard(
  client: LedgerClient,
  parameters: GetLeaderboardParameters = {},
): Promise<GetLeaderboardReturnType> {
  const { cursor, deployment, indexerUrl } = parameters
  const { size, after } = checkPage(parameters.limit, cursor)
  const resolved = resolveDeployment(client, deployment)

  return readThroughIndexer(
    indexerUrl,
    async (url) => {
      const query: Record<string, string> = { limit: String(size) }
      if (cursor != null) query.cursor = cursor
      const page = await fetchIndexerPage(url, '/leaderboard', query, (raw, at) => ({
        account: getAddress(field.hex(raw, 'address', at, 20)),
        claimed: field.bigint(raw, 'claimed', at),
        claimCount: field.integer(raw, 'claimCount', at),
      }))
      const ordered = page.items.every((item, i) => {
        const previous = i === 0 ? after : page.items[i - 1]
        return previous === undefined || before(previous, item)
      })
      expectShape(page.items.length <= size && ordered, url, 'the page is longer than asked or out of order')
      const last = page.items.at(-1)
      expectShape(
        page.nextCursor === null || (last !== undefined && page.nextCursor === cursorOf(last)),
        url,
        'nextCursor is not the last item',
      )
      // One read per account: a page is at most 500, and the totals are what a leaderboard is trusted for.
      const totals = await Promise.all(
        page.items.map(({ account }) =>
          readContract(client, {
            address: resolved.distributor,
            abi: [distributor.claimed],
            functionName: 'claimed',
            args: [account],
          }),
        ),
      )
      page.items.forEach(({ account, claimed }, i) => {
        if (totals[i] !== claimed) {
          throw new IndexerMismatchError(
            `The indexer says ${account} claimed ${claimed}; the distributor says ${totals[i]}.`,
          )
        }
      })
      return page
    },
    async () => {
      const logs = (await getLogsInRanges(client, {
        address: resolved.distributor,
        event: distributor.Claimed,
        fromBlock: resolved.blockNumber,
      })) as unknown as { args: { account: Address; amount: bigint } }[]
      const byAccount = new Map<Address, LeaderboardEntry>()
      for (const { args } of logs) {
        const entry = byAccount.get(args.account) ?? { account: args.account, claimed: 0n, claimCount: 0 }
        entry.claimed += args.amount
        entry.claimCount++
        byAccount.set(args.account, entry)
      }
      const ranked = [...byAccount.values()]
        .filter((entry) => entry.claimed > 0n && (after === undefined || before(after, entry)))
        .sort((a, b) => (before(a, b) ? -1 : 1))
      const items = ranked.slice(0, size)
      const last = items.at(-1)
      return { items, nextCursor: ranked.length > size && last ? cursorOf(last) : null }
    },
  )
}
