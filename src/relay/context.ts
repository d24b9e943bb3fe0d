import type { Account, Address, Chain, Client, Transport } from 'viem'
import { getCode } from 'viem/actions'
import type { LedgerDeployment } from '../chains.js'
import type { BaseError } from '../errors/base.js'
import { ContractRevertError, ContributionAlreadyRegisteredError, UserRejectedError } from '../errors/contract.js'
import { PasskeysNotRelayedError, RelayRateLimitError, RelayRefusalError, RelayRequestError } from './errors.js'
import type { ExpiringMapLimits } from './expiringMap.js'
import type { RouteAnswer } from './outcomes.js'

/** What every route shares: the relayer, the deployment, the clock, the memory limits and one send queue. */
export type RelayContext = {
  client: Client<Transport, Chain, Account>
  deployment: LedgerDeployment
  now: () => number
  memory: { outcomes: ExpiringMapLimits; callers: number }
  /** Runs `task` after every task queued before it, so the relayer's transactions are sent in nonce order. */
  serialised<T>(task: () => Promise<T>): Promise<T>
}

/** A route: it reads a parsed JSON body and answers; `remembered` reports what it holds in memory. */
export type RelayRoute = {
  handle(payload: unknown): Promise<RouteAnswer>
  remembered(): { outcomes: number; callers: number }
}

/** The JSON of every refusal. `details` is for engineers, and present only for the relay's own refusals. */
export type RelayErrorBody = {
  error: { name: string; message: string; details?: string; issues?: { field: string; message: string }[] }
}

/** The answer to an error: a refusal with its status, a contract revert as 409 or 422; anything else is thrown. */
export function answerError(error: unknown): RouteAnswer {
  if (error instanceof RelayRefusalError) {
    const body: RelayErrorBody = {
      error: {
        name: error.name,
        message: error.shortMessage,
        ...(error.details ? { details: error.details } : {}),
        ...(error instanceof RelayRequestError && error.issues.length ? { issues: error.issues } : {}),
      },
    }
    const retryAfter = 'retryAfter' in error ? { 'retry-after': String(error.retryAfter) } : undefined
    return { status: error.status, body, ...(retryAfter ? { headers: retryAfter } : {}) }
  }
  if (error instanceof ContributionAlreadyRegisteredError) return { status: 409, body: errorBody(error) }
  if (error instanceof ContractRevertError || error instanceof UserRejectedError) {
    return { status: 422, body: errorBody(error) }
  }
  throw error
}

/** `{ error: { name, message } }` for an error whose details are not for the caller. */
export const errorBody = (error: BaseError): RelayErrorBody => ({
  error: { name: error.name, message: error.shortMessage },
})

/** A 429 for `what` (contributions, claims, actions) when `retryAfter` is positive. */
export const rateLimited = (what: string, retryAfter: number): RouteAnswer | undefined =>
  retryAfter > 0 ? answerError(new RelayRateLimitError(what, retryAfter)) : undefined

/** Turns schema issues into the relay's malformed-request error, naming the fields. */
export function malformed(
  message: string,
  issues: readonly { path: readonly PropertyKey[]; code: string }[],
): RelayRequestError {
  return new RelayRequestError(
    message,
    issues.map((issue) => ({
      field: issue.path.join('.') || 'body',
      message: issue.code === 'unrecognized_keys' ? 'Unexpected fields.' : 'Missing or malformed.',
    })),
  )
}

/** The deployment's passkey contracts, which the account routes need. */
export function passkeyContracts(deployment: LedgerDeployment): { accountFactory: Address; entryPoint: Address } {
  const { accountFactory, entryPoint } = deployment
  if (!accountFactory || !entryPoint) {
    throw new PasskeysNotRelayedError(
      Object.entries({ accountFactory, entryPoint })
        .filter(([, address]) => !address)
        .map(([name]) => name),
    )
  }
  return { accountFactory, entryPoint }
}

/** Whether `address` has code: an account that exists, or a contract. */
export async function hasCode(client: RelayContext['client'], address: Address): Promise<boolean> {
  const code = await getCode(client, { address })
  return code !== undefined && code !== '0x'
}

export const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()
