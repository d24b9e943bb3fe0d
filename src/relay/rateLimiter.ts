import { ExpiringMap } from './expiringMap.js'

/** At most `requests` per `windowMs`, for each key. */
export type RateLimit = { requests: number; windowMs: number }

/**
 * A sliding-window count per key (a contributor, an account, a passkey). A key's request times mean nothing once the
 * window has passed, so they live no longer than it, and at most `maxKeys` keys are held at once.
 */
export class RateLimiter {
  readonly #limit: RateLimit
  readonly #now: () => number
  readonly #recent: ExpiringMap<string, number[]>

  constructor(limit: RateLimit, maxKeys: number, now: () => number) {
    this.#limit = limit
    this.#now = now
    this.#recent = new ExpiringMap({ maxEntries: maxKeys, ttlMs: limit.windowMs }, now)
  }

  /** How many keys are held now. */
  get size(): number {
    return this.#recent.size
  }

  /** 0 when `key` may go ahead now, else the seconds until it may. Counts nothing. */
  wait(key: string): number {
    const times = this.#times(key)
    if (times.length < this.#limit.requests) return 0
    return Math.ceil(((times[0] ?? this.#now()) + this.#limit.windowMs - this.#now()) / 1000)
  }

  /** Counts a request of `key` now. */
  record(key: string): void {
    this.#recent.set(key.toLowerCase(), [...this.#times(key), this.#now()])
  }

  /** Counts a request of `key` when it may go ahead: 0, else the seconds until it may (and counts nothing). */
  take(key: string): number {
    const wait = this.wait(key)
    if (wait === 0) this.record(key)
    return wait
  }

  #times(key: string): number[] {
    const windowStart = this.#now() - this.#limit.windowMs
    return (this.#recent.get(key.toLowerCase()) ?? []).filter((time) => time > windowStart)
  }
}
