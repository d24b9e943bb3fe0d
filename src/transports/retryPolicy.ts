import { HttpRequestError, RpcRequestError, TimeoutError } from 'viem'

/** What the transport does after a failed request: try this URL again, move on to the next URL, or give up. */
type Verdict = { action: 'retry'; retryAfter?: number } | { action: 'next' } | { action: 'throw' }

/**
 * Methods a node executes on arrival whose outcome cannot be looked up afterwards: a second attempt after a lost
 * answer could sign and send a second transaction. `eth_sendRawTransaction` is not here: the same signed bytes can
 * only land once, and the transport reconciles a repeat by hash.
 */
const UNSAFE_TO_REPEAT = new Set(['eth_sendTransaction', 'eth_sign', 'eth_signTypedData_v4', 'personal_sign'])

/** JSON-RPC codes whose answer would be the same from any node, at any time. */
const DEFINITE_CODES = new Set([
  3, // execution reverted
  -32600, // invalid request
  -32602, // invalid params
  -32003, // transaction rejected
  4001, // user rejected (EIP-1193)
  5000, // user rejected (CAIP-25)
])

/** Node messages that are the chain's verdict on a call or a transaction, however the node codes them. */
const DEFINITE_MESSAGE =
  /revert|nonce too low|nonce too high|insufficient funds|already known|known transaction|underpriced|intrinsic gas too low|gas required exceeds|exceeds block gas limit|invalid (signature|sender|chain)/i

/** JSON-RPC codes providers use for "slow down" in a 200 response (Alchemy's 429, QuickNode's -32007). */
const RATE_LIMIT_CODES = new Set([429, -32007])

/** HTTP statuses that say "not now": a timeout, rate limiting, or a server or gateway in trouble (not 501 or 505). */
const isTransientStatus = (status: number) =>
  status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505)

const hasRevertData = (data: unknown) => typeof data === 'string' && /^0x[0-9a-f]{8,}$/i.test(data)

/** True when the JSON-RPC error is the chain's final answer: retrying it, here or elsewhere, cannot change it. */
export function isDefiniteRpcError(error: unknown): boolean {
  if (!(error instanceof RpcRequestError)) return false
  return (
    DEFINITE_CODES.has(error.code) ||
    DEFINITE_MESSAGE.test(error.details) ||
    ((error.code === -32000 || error.code === -32603) && hasRevertData(error.data))
  )
}

/** The connection was refused, so the request certainly never reached the node. */
const wasRefused = (error: unknown) => {
  for (let current = error; current; current = (current as { cause?: unknown }).cause) {
    if ((current as { code?: unknown }).code === 'ECONNREFUSED') return true
  }
  return false
}

/**
 * `Retry-After` in milliseconds, from seconds or an HTTP date, on a 429 or 503; `undefined` when absent or past.
 * @param now - the current time in milliseconds, for the HTTP-date form
 */
function retryAfterMs(error: unknown, now: number): number | undefined {
  if (!(error instanceof HttpRequestError || error instanceof RpcRequestError)) return undefined
  if (error.status !== 429 && error.status !== 503) return undefined
  const header = error.headers?.get('retry-after')?.trim()
  if (!header) return undefined
  if (/^\d+$/.test(header)) return Number(header) * 1000
  const delay = Date.parse(header) - now
  return Number.isFinite(delay) && delay > 0 ? delay : undefined
}

/**
 * Classifies a failed request to one URL.
 *
 * - The chain's final answer (a revert, invalid params, a rejected or known transaction, a declined wallet): throw.
 * - HTTP 408, 429 or 5xx (not 501 or 505), a network failure, a timeout, or a body that is not JSON: retry here.
 * - A JSON-RPC rate-limit code (429, -32007) in a 200 response: retry here.
 * - Any other JSON-RPC error: this node's answer, not the chain's, so try the next URL without retrying here.
 * - Methods that could act twice (`eth_sendTransaction`, signing) are repeated only when the request certainly never
 *   reached the node (HTTP 429, connection refused); any other failure throws, because it may have gone through.
 */
export function classify(method: string, error: unknown, now: number): Verdict {
  if ((error as { name?: string }).name === 'AbortError') return { action: 'throw' }
  if (isDefiniteRpcError(error)) return { action: 'throw' }
  const status = error instanceof HttpRequestError || error instanceof RpcRequestError ? error.status : undefined
  if (UNSAFE_TO_REPEAT.has(method)) {
    const untouched = status === 429 || wasRefused(error)
    return untouched ? { action: 'retry', ...optional(retryAfterMs(error, now)) } : { action: 'throw' }
  }
  if (status !== undefined && isTransientStatus(status)) {
    return { action: 'retry', ...optional(retryAfterMs(error, now)) }
  }
  if (error instanceof RpcRequestError) {
    return RATE_LIMIT_CODES.has(error.code) ? { action: 'retry' } : { action: 'next' }
  }
  if (error instanceof HttpRequestError && status !== undefined) return { action: 'next' }
  // No status: the connection failed or the body was cut short or malformed.
  if (error instanceof HttpRequestError || error instanceof TimeoutError) return { action: 'retry' }
  return { action: 'throw' }
}

const optional = (retryAfter: number | undefined) => (retryAfter === undefined ? {} : { retryAfter })
