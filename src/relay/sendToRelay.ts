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
  let status: number
  let body: RelayResponse
  try {
    const response = await fetchFn(relayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(signed),
    })
    status = response.status
    body = await response.json()
  } catch (error) {
    throw new RelayUnavailableError(relayUrl, error)
  }
  if ('error' in body) throw new RelayRejectedError({ status, ...body.error })
  if (body.status === 'submitted') return { status: body.status, transactionHash: body.transactionHash }
  if (body.status === 'already-registered') return { status: body.status, contributor: body.contributor }
  throw new RelayUnavailableError(relayUrl, new Error(`Unexpected answer: ${JSON.stringify(body).slice(0, 200)}`))
}
