import type { Account, Chain, Client, Transport } from 'viem'
import { type LedgerDeployment, resolveDeployment } from '../chains.js'
import { BaseError } from '../errors/base.js'
import type { AccountCreationLimits } from './accountCreation.js'
import { AccountCreator } from './accountCreation.js'
import { answerError, type RelayContext, type RelayRoute } from './context.js'
import { RelayRequestError } from './errors.js'
import type { ExpiringMapLimits } from './expiringMap.js'
import { defaultOperationLimits, type OperationLimits } from './operationPolicy.js'
import type { RouteAnswer } from './outcomes.js'
import type { RateLimit } from './rateLimiter.js'
import { claimRoute } from './routes/claims.js'
import { operationRoute } from './routes/operations.js'
import { registrationRoute } from './routes/registrations.js'

export type { AccountCreationLimits } from './accountCreation.js'
export type { RelayErrorBody } from './context.js'
export type { OperationLimits } from './operationPolicy.js'
export type { RelayClaimResponse } from './routes/claims.js'
export type { RelayOperationResponse } from './routes/operations.js'
export type { RelayResponse } from './routes/registrations.js'

export type CreateRelayHandlerParameters = {
  /** The relayer's wallet: it pays the gas; contributors are credited. */
  walletClient: Client<Transport, Chain, Account>
  deployment?: LedgerDeployment
  /**
   * Requests one caller may make per window on each route (default 10 per minute): registrations per contributor,
   * claims per account, actions per passkey account.
   */
  rateLimit?: RateLimit
  /**
   * Accounts the relay creates per window, for registrations from accounts that do not exist yet and for actions
   * that create their account: `accounts` in all and `perSigner` for one passkey (default 100 and 2 per hour).
   */
  accountCreation?: Partial<AccountCreationLimits>
  /** The most one passkey action (user operation) may ask for (see `OperationLimits` for the defaults). */
  operationLimits?: Partial<OperationLimits>
  /** The `Access-Control-Allow-Origin` the relay answers with (default `*`). */
  allowOrigin?: string
  /**
   * What the relay keeps in memory, so a relay that runs for months stays the same size whatever arrives. Each route
   * keeps its own:
   * `outcomes`: requests whose repeats it answers from memory (default 10,000, each for an hour); a repeat it has
   * forgotten is checked against the chain again, which still carries it out only once.
   * `contributors`: how many callers each route's rate limit counts at once (default 10,000, each for
   * `rateLimit.windowMs`), and how many passkeys the account-creation limit counts.
   */
  memory?: { outcomes?: ExpiringMapLimits; contributors?: number }
  /** The clock, in milliseconds; injectable so rate-limit and expiry tests need no waiting. */
  now?: () => number
}

/** A standard fetch handler, with the size of what it remembers for monitoring. */
export type RelayHandler = ((request: Request) => Promise<Response>) & {
  /** How many answers (`outcomes`) and rate-limited callers (`contributors`) the relay holds in memory now, in all. */
  remembered(): { outcomes: number; contributors: number }
}

/**
 * A standard fetch handler, `(Request) => Promise<Response>`, that carries out what contributors signed and pays
 * their gas. Mount it at any path (`<base>`) in Node 20+, Deno, Bun or a worker; it routes on the last path segment:
 *
 * - `POST <base>`: a signed contribution (`signContribution`, `sendToRelay`), from a wallet, a smart account
 *   (ERC-1271) or a passkey account that does not exist yet (ERC-6492: the relay creates it first);
 * - `POST <base>/claim`: `{ account, cumulativeAmount, proof }`, a reward claim that pays `account` (no signature);
 * - `POST <base>/operations`: a passkey account's action (`sendFromPasskeyAccount`), limited to the ledger's calls.
 *
 * It validates every payload, simulates before sending, answers the same request with the same result however
 * often it arrives (unless a reorganisation dropped its transaction: then it is sent again), sends one transaction
 * at a time so nonces never collide, rate-limits each caller and the accounts it creates, and refuses anything else
 * with a named error. What it remembers for this is bounded in size and time (see `memory`).
 *
 * @example
 * // Node 20, with any framework that speaks fetch (Hono, itty-router…) or Deno.serve:
 * const relay = createRelayHandler({ walletClient })
 * Deno.serve((request) => relay(request))
 */
export function createRelayHandler(parameters: CreateRelayHandlerParameters): RelayHandler {
  const { walletClient, allowOrigin = '*', now = Date.now } = parameters
  const rateLimit = parameters.rateLimit ?? { requests: 10, windowMs: 60_000 }
  const { outcomes = { maxEntries: 10_000, ttlMs: 3_600_000 }, contributors = 10_000 } = parameters.memory ?? {}
  let queue: Promise<unknown> = Promise.resolve()
  const context: RelayContext = {
    client: walletClient,
    deployment: resolveDeployment(walletClient, parameters.deployment),
    now,
    memory: { outcomes, callers: contributors },
    serialised(task) {
      const result = queue.then(task, task)
      queue = result.catch(() => undefined)
      return result
    },
  }
  const accounts = new AccountCreator(
    context,
    { accounts: 100, perSigner: 2, windowMs: 3_600_000, ...parameters.accountCreation },
    contributors,
  )
  const limits = { ...defaultOperationLimits, ...parameters.operationLimits }
  const routes: Record<'registrations' | 'claim' | 'operations', RelayRoute> = {
    registrations: registrationRoute(context, { rateLimit, accounts }),
    claim: claimRoute(context, { rateLimit }),
    operations: operationRoute(context, { rateLimit, limits, accounts }),
  }

  const headers = {
    'content-type': 'application/json',
    'access-control-allow-origin': allowOrigin,
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type',
  }
  const respond = ({ status, body, headers: extra }: RouteAnswer) =>
    new Response(body === null ? null : JSON.stringify(body), { status, headers: { ...headers, ...extra } })

  const route = (request: Request): RelayRoute => {
    const segment = new URL(request.url).pathname.replace(/\/+$/, '').split('/').at(-1)
    return segment === 'claim' || segment === 'operations' ? routes[segment] : routes.registrations
  }

  const answer = async (request: Request): Promise<RouteAnswer> => {
    if (request.method === 'OPTIONS') return { status: 204, body: null }
    if (request.method !== 'POST') {
      return {
        ...answerError(new RelayRequestError('Send the signed contribution with POST.')),
        status: 405,
        headers: { allow: 'POST, OPTIONS' },
      }
    }
    let payload: unknown
    try {
      payload = JSON.parse(await request.text())
    } catch {
      return answerError(new RelayRequestError('The request body is not JSON.'))
    }
    try {
      return await route(request).handle(payload)
    } catch (error) {
      try {
        return answerError(error)
      } catch {
        const wrapped = error instanceof BaseError ? error : new RelayRequestError('The relay could not submit this.')
        return { status: 503, body: { error: { name: wrapped.name, message: wrapped.shortMessage } } }
      }
    }
  }

  const handle = async (request: Request) => respond(await answer(request))
  return Object.assign(handle, {
    remembered() {
      const all = Object.values(routes).map((r) => r.remembered())
      const sum = (key: 'outcomes' | 'callers') => all.reduce((total, counts) => total + counts[key], 0)
      return { outcomes: sum('outcomes'), contributors: sum('callers') + accounts.size }
    },
  })
}
