import {
  createTransport,
  type EIP1193RequestFn,
  fallback,
  type Hex,
  type HttpTransportConfig,
  http,
  keccak256,
  type Transport,
} from 'viem'
import { classify, isDefiniteRpcError } from './retryPolicy.js'

export type LedgerTransportOptions = {
  /** Retries per URL after the first attempt, before moving on to the next URL. @default 3 */
  retryCount?: number
  /** The first backoff in milliseconds; each retry doubles it. @default 250 */
  retryDelay?: number
  /** The longest wait before a retry, in milliseconds. A longer `Retry-After` moves on to the next URL. @default 30_000 */
  maxDelay?: number
  /** Milliseconds before one HTTP request is abandoned (and retried). @default 10_000 */
  timeout?: number
  /** viem's JSON-RPC batching, per URL. @default false */
  batch?: HttpTransportConfig['batch']
  /** `fetch` to use, e.g. one with authentication headers. */
  fetchFn?: HttpTransportConfig['fetchFn']
  /** How to wait before a retry; tests pass one that records the delay and returns at once. */
  sleep?: (ms: number) => Promise<void>
  /** A number in [0, 1) for the jitter. @default Math.random */
  random?: () => number
  /** The current time in milliseconds, to read `Retry-After` dates. @default Date.now */
  now?: () => number
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Node messages for a signed transaction sent again: the node has it already, pending or mined. */
const REPEATED_SEND = /already known|known transaction|nonce too low|already imported/i

/**
 * A viem transport for the ledger's reads and writes over one or more RPC URLs, in order: each URL is retried with
 * exponential backoff and jitter (or after `Retry-After`) on rate limiting, server errors, dropped connections and
 * cut-off answers, then the next URL is tried. A revert, invalid parameters or a declined request is never retried:
 * it is the chain's answer, and it reaches the SDK's named errors at once. A signed transaction sent again after a
 * lost answer resolves to its hash when the node already has it, so a flaky connection cannot send it twice.
 *
 * @example
 * import { createPublicClient } from 'viem'
 * import { getContributionByHash, ledgerTransport } from 'attribution-ledger'
 *
 * const client = createPublicClient({
 *   chain,
 *   transport: ledgerTransport(['https://rpc.example.org', 'https://backup.example.net']),
 * })
 * const contribution = await getContributionByHash(client, { contentHash })
 */
export function ledgerTransport(urls: readonly string[] | string, options: LedgerTransportOptions = {}): Transport {
  const list = typeof urls === 'string' ? [urls] : urls
  // Our own verdicts decide whether the next URL is worth asking; viem's fallback only walks the list.
  return fallback(
    list.map((url) => retryingHttp(url, options)),
    { retryCount: 0, shouldThrow: (error) => !worthAnotherUrl(error) },
  )
}

/** Errors that another URL might answer differently: marked here, read by the fallback through viem's wrapping. */
const tryNextUrl = new WeakSet<object>()
const worthAnotherUrl = (error: unknown) => {
  for (let current = error; current; current = (current as { cause?: unknown }).cause) {
    if (typeof current === 'object' && tryNextUrl.has(current)) return true
  }
  return false
}

/** One URL with the retry policy of `classify`; errors that may succeed elsewhere are marked for the fallback. */
function retryingHttp(url: string, options: LedgerTransportOptions): Transport {
  const {
    retryCount = 3,
    retryDelay = 250,
    maxDelay = 30_000,
    sleep = defaultSleep,
    random = Math.random,
    now = Date.now,
  } = options
  // Made once per URL: viem's fallback builds its transports on every request, and batching keys on this instance.
  const httpTransport = http(url, {
    retryCount: 0,
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    ...(options.batch === undefined ? {} : { batch: options.batch }),
    ...(options.fetchFn === undefined ? {} : { fetchFn: options.fetchFn }),
  })
  return (parameters) => {
    const inner = httpTransport({ ...parameters, retryCount: 0 })
    // The raw request: its errors still carry the HTTP status, headers and JSON-RPC code that `classify` reads.
    const send = inner.config.request as (args: { method: string; params?: unknown }, o?: unknown) => Promise<unknown>

    const withRetries = async (args: { method: string; params?: unknown }, requestOptions?: unknown) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await send(args, requestOptions)
        } catch (error) {
          const verdict = classify(args.method, error, now())
          if (verdict.action === 'retry' && attempt < retryCount) {
            const backoff = Math.min(maxDelay, retryDelay * 2 ** attempt)
            // Equal jitter: at least half the backoff, so clients that failed together do not retry together.
            const delay = verdict.retryAfter ?? Math.round(backoff / 2 + (random() * backoff) / 2)
            if (delay <= maxDelay) {
              await sleep(delay)
              continue
            }
          }
          if (verdict.action !== 'throw' && typeof error === 'object' && error) tryNextUrl.add(error)
          throw error
        }
      }
    }

    const request = async (args: { method: string; params?: unknown }, requestOptions?: unknown) => {
      try {
        return await withRetries(args, requestOptions)
      } catch (error) {
        if (args.method !== 'eth_sendRawTransaction' || !isRepeatedSend(error)) throw error
        // The node has these signed bytes already (our earlier attempt landed but its answer was lost), or another
        // transaction took the nonce. Its hash is known, so ask which.
        const hash = keccak256((args.params as [Hex])[0])
        const known = await withRetries({ method: 'eth_getTransactionByHash', params: [hash] }).catch(() => null)
        if (known) return hash
        throw error
      }
    }

    return createTransport({
      key: 'ledger',
      name: 'Ledger JSON-RPC',
      request: request as EIP1193RequestFn,
      retryCount: 0,
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
      type: 'ledger',
    })
  }
}

const isRepeatedSend = (error: unknown) => isDefiniteRpcError(error) && REPEATED_SEND.test((error as Error).message)
