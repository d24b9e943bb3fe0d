import { BaseError } from '../../errors/base.js'

/** Long enough for a loaded indexer, short enough that a dead one leaves a widget waiting no longer than this. */
const TIMEOUT_MS = 5_000
/** The indexer's largest page: fewer requests for long lists. */
const PAGE_SIZE = 500

/** The indexer could not be reached, timed out, or answered with an HTTP error. */
class IndexerUnavailableError extends BaseError {
  override name = 'IndexerUnavailableError' as const
  constructor(url: string, cause?: unknown) {
    super('The indexer did not answer, so the list was read from the chain instead.', {
      cause,
      metaMessages: [`URL: ${url}`],
      docsPath: 'reads-at-scale-the-indexer',
    })
  }
}

/** The indexer answered something that is not the list asked for. */
class IndexerAnswerMalformedError extends BaseError {
  override name = 'IndexerAnswerMalformedError' as const
  constructor(url: string, details: string) {
    super('The indexer answered something unexpected, so the list was read from the chain instead.', {
      details,
      metaMessages: [`URL: ${url}`],
      docsPath: 'reads-at-scale-the-indexer',
    })
  }
}

/** The indexer's answer contradicts the chain: it is behind, on another chain, or not to be trusted. */
export class IndexerMismatchError extends BaseError {
  override name = 'IndexerMismatchError' as const
  constructor(details: string) {
    super('The indexer disagrees with the chain, so the list was read from the chain instead.', {
      details,
      docsPath: 'reads-at-scale-the-indexer',
    })
  }
}

type IndexerError = IndexerUnavailableError | IndexerAnswerMalformedError | IndexerMismatchError

const isIndexerError = (error: unknown): error is IndexerError =>
  error instanceof IndexerUnavailableError ||
  error instanceof IndexerAnswerMalformedError ||
  error instanceof IndexerMismatchError

/** Throws `IndexerAnswerMalformedError` unless `condition` holds. */
export function expectShape(condition: boolean, url: string, details: string): asserts condition {
  if (!condition) throw new IndexerAnswerMalformedError(url, details)
}

async function fetchJson(url: string): Promise<unknown> {
  let response: Response
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } })
  } catch (error) {
    throw new IndexerUnavailableError(url, error)
  }
  if (!response.ok) throw new IndexerUnavailableError(url, new Error(`HTTP ${response.status}`))
  try {
    return await response.json()
  } catch (error) {
    throw new IndexerAnswerMalformedError(url, `not JSON: ${(error as Error).message}`)
  }
}

/** One page of one of the indexer's lists: its items, each through `parse`, and the cursor of the next page. */
export async function fetchIndexerPage<item>(
  indexerUrl: string,
  path: string,
  query: Record<string, string>,
  parse: (raw: Record<string, unknown>, url: string) => item,
): Promise<{ items: item[]; nextCursor: string | null }> {
  const url = new URL(path.replace(/^\//, ''), indexerUrl.endsWith('/') ? indexerUrl : `${indexerUrl}/`)
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value)
  const href = url.toString()
  const body = (await fetchJson(href)) as { items?: unknown; nextCursor?: unknown } | null
  expectShape(typeof body === 'object' && body !== null && Array.isArray(body.items), href, 'no items array')
  const nextCursor = body.nextCursor
  expectShape(nextCursor === null || typeof nextCursor === 'string', href, 'nextCursor is neither a string nor null')
  const items = (body.items as unknown[]).map((raw) => {
    expectShape(typeof raw === 'object' && raw !== null, href, 'an item is not an object')
    return parse(raw as Record<string, unknown>, href)
  })
  return { items, nextCursor }
}

/**
 * Every item of one of the indexer's lists, following `nextCursor` to the last page. Each raw item goes through
 * `parse`, which throws `IndexerAnswerMalformedError` (through `expectShape`) for anything it does not recognise.
 */
export async function fetchIndexerList<item>(
  indexerUrl: string,
  path: string,
  query: Record<string, string>,
  parse: (raw: Record<string, unknown>, url: string) => item,
): Promise<item[]> {
  const items: item[] = []
  const seen = new Set<string>()
  let cursor: string | null = null
  do {
    const pageQuery: Record<string, string> = { ...query, limit: String(PAGE_SIZE) }
    if (cursor !== null) pageQuery.cursor = cursor
    const page = await fetchIndexerPage(indexerUrl, path, pageQuery, parse)
    // A cursor seen before would loop for ever.
    expectShape(page.nextCursor === null || !seen.has(page.nextCursor), `${indexerUrl}${path}`, 'nextCursor repeats')
    items.push(...page.items)
    if (page.nextCursor !== null) seen.add(page.nextCursor)
    cursor = page.nextCursor
  } while (cursor !== null)
  return items
}

/**
 * A list read from the indexer when there is one, else (or when the indexer is down, answers nonsense, or contradicts
 * the chain) from the chain: an indexer must never break a read the chain alone can answer. Errors of the chain reads
 * inside `fromIndexer` are thrown as they are.
 */
export async function readThroughIndexer<result>(
  indexerUrl: string | undefined,
  fromIndexer: (indexerUrl: string) => Promise<result>,
  fromChain: () => Promise<result>,
): Promise<result> {
  if (!indexerUrl) return fromChain()
  try {
    return await fromIndexer(indexerUrl)
  } catch (error) {
    if (isIndexerError(error)) return fromChain()
    throw error
  }
}

const HEX = /^0x[0-9a-f]*$/

/** Field readers for `parse`: each throws `IndexerAnswerMalformedError` naming the field. */
export const field = {
  hex(raw: Record<string, unknown>, key: string, url: string, length?: number): `0x${string}` {
    const value = raw[key]
    expectShape(
      typeof value === 'string' && HEX.test(value) && (length === undefined || value.length === 2 + length * 2),
      url,
      `${key} is not ${length === undefined ? 'hex' : `${length}-byte hex`}`,
    )
    return value as `0x${string}`
  },
  string(raw: Record<string, unknown>, key: string, url: string): string {
    const value = raw[key]
    expectShape(typeof value === 'string', url, `${key} is not a string`)
    return value
  },
  integer(raw: Record<string, unknown>, key: string, url: string): number {
    const value = raw[key]
    expectShape(Number.isSafeInteger(value) && (value as number) >= 0, url, `${key} is not a non-negative integer`)
    return value as number
  },
  bigint(raw: Record<string, unknown>, key: string, url: string): bigint {
    const value = raw[key]
    expectShape(typeof value === 'string' && /^\d{1,78}$/.test(value), url, `${key} is not a decimal string`)
    return BigInt(value)
  },
}
