import type { Hex } from 'viem'
import type { SignedContribution } from '../actions/registry/signContribution.js'
import { BaseError } from '../errors/base.js'
import type { RelayResponse } from './createRelayHandler.js'

export type SendToRelayOptions = {
  /** The `fetch` that posts to the relay; the global one by default. */
  fetch?: typeof globalThis.fetch
}

export type SendToRelayReturnType =
  | { status: 'submitted'; transactionHash: Hex }
  | { status: 'already-registered'; contributor: Hex }

export type SendToRelayErrorType = RelayRejectedError | RelayUnavailableError

/** The relay refused the registration; `shortMessage` is the relay's own explanation. */
export class RelayRejectedError extends BaseError {
  override name = 'RelayRejectedError' as const
  /** The relay's error name, e.g. `SignatureExpiredError`. */
  readonly reason: string
  readonly status: number
  constructor({ status, name, message }: { status: number; name: string; message: string }) {
    super(message, { details: `The relay answered ${status} (${name}).` })
    this.reason = name
    this.status = status
  }
}

/** The relay could not be reached, or answered with something that is not a relay's answer. */
export class RelayUnavailableError extends BaseError {
  override name = 'RelayUnavailableError' as const
  constructor(relayUrl: string, cause: unknown) {
    super('The relay could not be reached. Check your connection and try again.', {
      cause,
      details: `POST ${relayUrl}`,
    })
  }
}

/**
 * Posts a signed registration (see `signContribution`) to a relay made with `createRelayHandler`, which pays its gas.
 *
 * @example
 * const signed = await signContribution(walletClient, registration)
 * const answer = await sendToRelay('https://relay.example/contributions', signed)
 * if (answer.status === 'submitted') await waitForRegistrations(client, answer.transactionHash)
 */
export async function sendToRelay(
  relayUrl: string,
  signed: SignedContribution,
  { fetch: fetchFn = globalThis.fetch }: SendToRelayOptions = {},
): Promise<SendToRelayReturnType> {
  const body = await postToRelay<Exclude<RelayResponse, { error: unknown }>>(relayUrl, signed, fetchFn)
  if (body.status === 'submitted') return { status: body.status, transactionHash: body.transactionHash }
  if (body.status === 'already-registered') return { status: body.status, contributor: body.contributor }
  throw unexpectedRelayAnswer(relayUrl, body)
}

/**
 * Posts `request` as JSON to one of a relay's routes and resolves with its answer; the relay's refusals become
 * `RelayRejectedError` and anything that is not an answer `RelayUnavailableError`. Every client of the relay posts
 * through it, so they all read the relay the same way.
 */
export async function postToRelay<answer>(
  url: string,
  request: unknown,
  fetchFn: typeof globalThis.fetch = globalThis.fetch,
): Promise<answer> {
  let status: number
  let body: answer | { error: { name: string; message: string } }
  try {
    const response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    })
    status = response.status
    body = await response.json()
  } catch (error) {
    throw new RelayUnavailableError(url, error)
  }
  if (body && typeof body === 'object' && 'error' in body) throw new RelayRejectedError({ status, ...body.error })
  return body as answer
}

/** An answer no relay gives: the URL is not a relay's route, or something in between changed it. */
export const unexpectedRelayAnswer = (url: string, body: unknown) =>
  new RelayUnavailableError(url, new Error(`Unexpected answer: ${JSON.stringify(body).slice(0, 200)}`))
