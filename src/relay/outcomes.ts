import type { Hex } from 'viem'
import { isTransactionKnown } from '../actions/internal/transactionLookups.js'
import type { LedgerClient } from '../client.js'
import { ExpiringMap, type ExpiringMapLimits } from './expiringMap.js'

/** What a route answers: an HTTP status, a JSON body, and any extra headers. */
export type RouteAnswer = { status: number; body: unknown; headers?: Record<string, string> }

/**
 * The answers a route gave, by request (a signature, a user operation hash), so a repeat gets the same answer and is
 * sent at most once. Only definite answers are kept: a refusal for now (429) or a failure that may pass (5xx, a
 * throw) is forgotten, so the same request can be retried; and a sent transaction that a reorganisation dropped is
 * forgotten when asked again, so it is sent again rather than answered with a dead hash.
 */
export class Outcomes {
  readonly #outcomes: ExpiringMap<Hex, Promise<RouteAnswer>>
  readonly #client: LedgerClient

  constructor(limits: ExpiringMapLimits, now: () => number, client: LedgerClient) {
    this.#outcomes = new ExpiringMap(limits, now)
    this.#client = client
  }

  get size(): number {
    return this.#outcomes.size
  }

  /**
   * The remembered answer to `key`, or else `admit()`'s refusal (not remembered), or else `submit()`'s answer.
   * Concurrent repeats share one submission.
   */
  async answer(
    key: Hex,
    admit: () => RouteAnswer | undefined,
    submit: () => Promise<RouteAnswer>,
  ): Promise<RouteAnswer> {
    const earlier = this.#outcomes.get(key)
    if (earlier && (await this.#wasDropped(earlier))) this.#outcomes.deleteIf(key, earlier)
    let outcome = this.#outcomes.get(key)
    if (!outcome) {
      const refused = admit()
      if (refused) return refused
      const submitted = submit()
      this.#outcomes.set(key, submitted)
      submitted.then(
        ({ status }) => (status >= 500 || status === 429) && this.#outcomes.deleteIf(key, submitted),
        () => this.#outcomes.deleteIf(key, submitted),
      )
      outcome = submitted
    }
    return outcome
  }

  async #wasDropped(outcome: Promise<RouteAnswer>): Promise<boolean> {
    const { body } = await outcome.catch(() => ({ body: undefined }))
    const sent = body as { status?: unknown; transactionHash?: Hex } | undefined
    if (sent?.status !== 'submitted' || !sent.transactionHash) return false
    return !(await isTransactionKnown(this.#client, sent.transactionHash))
  }
}
