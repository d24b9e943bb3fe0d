/** How many entries a long-lived map keeps, and for how long. */
export type ExpiringMapLimits = {
  /** The most entries kept; past it the oldest written is dropped first. */
  maxEntries: number
  /** How long an entry lives after it was last written, in milliseconds. */
  ttlMs: number
}

/**
 * A Map bounded by size and by time, for state a server keeps per request or per caller. Every entry lives `ttlMs`
 * from its last write, so the insertion order of the underlying Map is also the order of expiry: expired entries are
 * swept from the front on each write, and when it is full the entry that would expire next makes room.
 * Memory stays bounded however many distinct keys arrive, at O(1) amortised cost per write.
 */
export class ExpiringMap<K, V> {
  readonly #entries = new Map<K, { value: V; expiresAt: number }>()
  readonly #limits: ExpiringMapLimits
  readonly #now: () => number

  constructor(limits: ExpiringMapLimits, now: () => number) {
    this.#limits = limits
    this.#now = now
  }

  /** How many entries are held now, expired ones not yet swept included. */
  get size(): number {
    return this.#entries.size
  }

  get(key: K): V | undefined {
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    if (entry.expiresAt > this.#now()) return entry.value
    this.#entries.delete(key)
    return undefined
  }

  set(key: K, value: V): void {
    const now = this.#now()
    // Re-inserting moves the key to the back, keeping the Map in order of expiry.
    this.#entries.delete(key)
    for (const [oldest, { expiresAt }] of this.#entries) {
      if (expiresAt > now && this.#entries.size < this.#limits.maxEntries) break
      this.#entries.delete(oldest)
    }
    this.#entries.set(key, { value, expiresAt: now + this.#limits.ttlMs })
  }

  /** Deletes `key` only while it still holds `value`, so a late cleanup never removes a newer entry. */
  deleteIf(key: K, value: V): void {
    if (this.#entries.get(key)?.value === value) this.#entries.delete(key)
  }
}
