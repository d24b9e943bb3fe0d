import { type Account, type Chain, type Client, type Hex, keccak256, type Transport } from 'viem'
import * as z from 'zod/mini'
import { isTransactionKnown } from '../actions/internal/transactionLookups.js'
import { getContributionByHash } from '../actions/registry/getContributionByHash.js'
import { registerContributionBySig } from '../actions/registry/registerContributionBySig.js'
import type { SignedContribution } from '../actions/registry/signContribution.js'
import { type LedgerDeployment, resolveDeployment } from '../chains.js'
import { BaseError } from '../errors/base.js'
import { ContractRevertError, ContributionAlreadyRegisteredError, UserRejectedError } from '../errors/contract.js'
import { ExpiringMap, type ExpiringMapLimits } from './expiringMap.js'

const hex = (bytes: number) => z.string().check(z.regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`)))
const uint = z.string().check(z.regex(/^\d{1,78}$/))

const signedContributionSchema = z.strictObject({
  contributor: hex(20),
  registration: z.strictObject({
    datanetId: z.number().check(z.int(), z.positive()),
    contentHash: hex(32),
    metadataHash: hex(32),
    metadataURI: z.string().check(z.maxLength(16_384)),
  }),
  nonce: uint,
  deadline: uint,
  signature: z.string().check(z.regex(/^0x[0-9a-fA-F]{130,}$/), z.maxLength(4_096)),
  chainId: z.number().check(z.int(), z.positive()),
  registry: hex(20),
})

export type CreateRelayHandlerParameters = {
  /** The relayer's wallet: it pays the gas; contributors are credited. */
  walletClient: Client<Transport, Chain, Account>
  deployment?: LedgerDeployment
  /** Registrations one contributor may relay per window (default 10 per minute). */
  rateLimit?: { requests: number; windowMs: number }
  /** The `Access-Control-Allow-Origin` the relay answers with (default `*`). */
  allowOrigin?: string
  /**
   * What the relay keeps in memory, so a relay that runs for months stays the same size whatever arrives.
   * `outcomes`: signed registrations whose repeats it answers from memory (default 10,000, each for an hour); a repeat
   * it has forgotten is checked against the chain again, which still registers it only once.
   * `contributors`: how many contributors the rate limit counts at once (default 10,000, each for `rateLimit.windowMs`).
   */
  memory?: { outcomes?: ExpiringMapLimits; contributors?: number }
  /** The clock, in milliseconds; injectable so rate-limit and expiry tests need no waiting. */
  now?: () => number
}

/** A standard fetch handler, with the size of what it remembers for monitoring. */
export type RelayHandler = ((request: Request) => Promise<Response>) & {
  /** How many signed registrations and contributors the relay holds in memory now. */
  remembered(): { outcomes: number; contributors: number }
}

/** The JSON a relay answers with. Errors carry the SDK error's `name` and its human `message`. */
export type RelayResponse =
  | { status: 'submitted'; transactionHash: Hex; contentHash: Hex; contributor: Hex }
  | { status: 'already-registered'; contentHash: Hex; contributor: Hex }
  | { error: { name: string; message: string; issues?: { field: string; message: string }[] } }

class RelayRequestError extends BaseError {
  override name = 'RelayRequestError' as const
  readonly issues: { field: string; message: string }[]
  constructor(message: string, issues: { field: string; message: string }[] = []) {
    super(message)
    this.issues = issues
  }
}

/**
 * A standard fetch handler, `(Request) => Promise<Response>`, that submits contributions their contributors signed
 * (see `signContribution`) and pays their gas. Mount it in Node 20+, Deno, Bun or a worker. It validates the payload,
 * simulates before sending, answers the same signed registration with the same result however often it arrives
 * (unless a reorganisation dropped its transaction: then it is sent again),
 * sends one transaction at a time so nonces never collide, and rate-limits each contributor. What it remembers for
 * this is bounded in size and time (see `memory`).
 *
 * @example
 * // Node 20, with any framework that speaks fetch (Hono, itty-router…) or Deno.serve:
 * const relay = createRelayHandler({ walletClient })
 * Deno.serve((request) => relay(request))
 */
export function createRelayHandler(parameters: CreateRelayHandlerParameters): RelayHandler {
  const { walletClient, allowOrigin = '*', now = Date.now } = parameters
  const { requests: limit, windowMs } = parameters.rateLimit ?? { requests: 10, windowMs: 60_000 }
  const { outcomes: outcomeLimits = { maxEntries: 10_000, ttlMs: 3_600_000 }, contributors = 10_000 } =
    parameters.memory ?? {}
  const deployment = resolveDeployment(walletClient, parameters.deployment)
  const outcomes = new ExpiringMap<Hex, Promise<{ status: number; body: RelayResponse }>>(outcomeLimits, now)
  // A contributor's request times mean nothing once the window has passed, so they live no longer than it.
  const recent = new ExpiringMap<string, number[]>({ maxEntries: contributors, ttlMs: windowMs }, now)
  let queue: Promise<unknown> = Promise.resolve()

  const headers = {
    'content-type': 'application/json',
    'access-control-allow-origin': allowOrigin,
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type',
  }
  const respond = (status: number, body: RelayResponse | null, extra: Record<string, string> = {}) =>
    new Response(body === null ? null : JSON.stringify(body), { status, headers: { ...headers, ...extra } })
  const failure = (error: BaseError) => ({
    name: error.name,
    message: error.shortMessage,
    ...(error instanceof RelayRequestError && error.issues.length ? { issues: error.issues } : {}),
  })

  /** Sends one transaction at a time: the relayer's nonces are read and used in order. */
  const serialised = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task, task)
    queue = result.catch(() => undefined)
    return result
  }

  const submit = async (signed: SignedContribution): Promise<{ status: number; body: RelayResponse }> => {
    const { contentHash } = signed.registration
    const existing = await getContributionByHash(walletClient, { contentHash, deployment })
    if (existing && existing.contributor.toLowerCase() === signed.contributor.toLowerCase()) {
      return { status: 200, body: { status: 'already-registered', contentHash, contributor: signed.contributor } }
    }
    try {
      const transactionHash = await serialised(() => registerContributionBySig(walletClient, { signed, deployment }))
      return {
        status: 200,
        body: { status: 'submitted', transactionHash, contentHash, contributor: signed.contributor },
      }
    } catch (error) {
      if (error instanceof ContributionAlreadyRegisteredError) return { status: 409, body: { error: failure(error) } }
      if (error instanceof ContractRevertError || error instanceof UserRejectedError) {
        return { status: 422, body: { error: failure(error) } }
      }
      throw error
    }
  }

  const wasDropped = async (outcome: Promise<{ body: RelayResponse }>) => {
    const { body } = await outcome.catch(() => ({ body: undefined }))
    if (!body || !('status' in body) || body.status !== 'submitted') return false
    return !(await isTransactionKnown(walletClient, body.transactionHash))
  }

  const withinRateLimit = (contributor: string) => {
    const key = contributor.toLowerCase()
    const windowStart = now() - windowMs
    const times = (recent.get(key) ?? []).filter((time) => time > windowStart)
    if (times.length >= limit) {
      recent.set(key, times)
      return Math.ceil(((times[0] ?? now()) + windowMs - now()) / 1000)
    }
    recent.set(key, [...times, now()])
    return 0
  }

  const handle = async (request: Request): Promise<Response> => {
    if (request.method === 'OPTIONS') return respond(204, null)
    if (request.method !== 'POST') {
      return respond(
        405,
        { error: failure(new RelayRequestError('Send the signed contribution with POST.')) },
        { allow: 'POST, OPTIONS' },
      )
    }
    let payload: unknown
    try {
      payload = JSON.parse(await request.text())
    } catch {
      return respond(400, { error: failure(new RelayRequestError('The request body is not JSON.')) })
    }
    const parsed = signedContributionSchema.safeParse(payload)
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({
        field: issue.path.join('.') || 'body',
        message: issue.code === 'unrecognized_keys' ? 'Unexpected fields.' : 'Missing or malformed.',
      }))
      return respond(400, { error: failure(new RelayRequestError('The signed contribution is malformed.', issues)) })
    }
    const signed = parsed.data as SignedContribution
    if (signed.chainId !== deployment.chainId || signed.registry.toLowerCase() !== deployment.registry.toLowerCase()) {
      return respond(400, {
        error: failure(
          new RelayRequestError(
            `This relay submits to registry ${deployment.registry} on chain ${deployment.chainId}.`,
          ),
        ),
      })
    }

    const key = keccak256(signed.signature)
    const earlier = outcomes.get(key)
    // A transaction a reorganisation dropped is answered by sending the signature again, not by its dead hash.
    if (earlier && (await wasDropped(earlier))) outcomes.deleteIf(key, earlier)
    let outcome = outcomes.get(key)
    if (!outcome) {
      const retryAfter = withinRateLimit(signed.contributor)
      if (retryAfter > 0) {
        const error = new RelayRequestError(`Too many contributions from this account; try again in ${retryAfter} s.`)
        return respond(429, { error: failure(error) }, { 'retry-after': String(retryAfter) })
      }
      const submitted = submit(signed)
      outcomes.set(key, submitted)
      // Only definite answers are remembered; a failure that may be transient can be retried with the same body.
      submitted.then(
        ({ status }) => status >= 500 && outcomes.deleteIf(key, submitted),
        () => outcomes.deleteIf(key, submitted),
      )
      outcome = submitted
    }
    try {
      const { status, body } = await outcome
      return respond(status, body)
    } catch (error) {
      const wrapped =
        error instanceof BaseError ? error : new RelayRequestError('The relay could not submit this contribution.')
      return respond(503, { error: failure(wrapped) })
    }
  }
  return Object.assign(handle, { remembered: () => ({ outcomes: outcomes.size, contributors: recent.size }) })
}
