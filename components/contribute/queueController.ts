import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { Address, Hash, Hex } from 'viem'
import type { SignedContribution } from '../../src/actions/registry/signContribution.js'
import type { LedgerDeployment } from '../../src/chains.js'
import type { LedgerClient } from '../../src/client.js'
import type { ContributionQueue } from '../../src/queue/contributionQueue.js'
import { ContributionQueuedError } from '../../src/queue/queueErrors.js'

/** The chain a queued registration is reconciled with, and how deep it must be to count as confirmed. */
type QueueTarget = { client: LedgerClient; deployment: LedgerDeployment; confirmations: number }

/** One signed registration on its way through the device's queue. */
export type QueuedSend = {
  readonly contributor: Address
  readonly contentHash: Hex
  /**
   * Sends it (never twice: the queue reconciles with the chain first). Resolves with its transaction hash, or rejects
   * with `ContributionQueuedError`, after which it is tried again by itself, or with why it cannot be sent.
   */
  send(): Promise<Hash | undefined>
  /** Records on the device that the chain has it. */
  settle(): Promise<void>
}

type QueueControllerOptions = {
  /** Which queue: one per project, if a page has several. Read when the queue is first needed. */
  name: () => string
  /** Where contributions saved by an earlier visit go; undefined while the host sends nothing through a relay. */
  target: () => QueueTarget | undefined
  /** Whether the host is free to send a contribution an earlier visit saved (it shows nothing else in flight). */
  idle: () => boolean
  /** Runs `queued` through the host's transaction flow again: on load, when back online, after a pause, on request. */
  resend: (queued: QueuedSend) => void
}

/**
 * Gas-free registrations through the durable queue, kept at until the chain has them: tried again when the browser is
 * back online or after a growing pause (2 s, doubling up to a minute), resent when a reorganisation dropped them, and on
 * load, what an earlier visit saved goes out first. The queue (IndexedDB) is imported only when first needed.
 */
export class QueueController implements ReactiveController {
  /** The browser would not promise to keep site data, so a saved contribution could be evicted under pressure. */
  persistRefused = false
  readonly #host: ReactiveControllerHost & HTMLElement
  readonly #options: QueueControllerOptions
  #queue: Promise<ContributionQueue> | undefined
  #retrying: QueuedSend | undefined
  #retryTimer: ReturnType<typeof setTimeout> | undefined
  #retryDelay = 1_000
  #resumed = false

  constructor(host: ReactiveControllerHost & HTMLElement, options: QueueControllerOptions) {
    this.#host = host
    this.#options = options
    host.addController(this)
  }

  hostDisconnected() {
    clearTimeout(this.#retryTimer)
  }

  hostUpdated() {
    // Contributions saved on this device by an earlier visit go out first (reconciled with the chain, never twice).
    const target = this.#options.target()
    if (this.#resumed || !target) return
    this.#resumed = true
    void this.#load()
      .then((queue) => queue.list())
      .then(
        (entries) => {
          const waiting = entries.find((entry) => entry.status === 'waiting' || entry.status === 'sent')
          if (waiting && this.#options.idle()) {
            this.#options.resend(this.#queued(target, waiting.signed, waiting.relayUrl))
          }
        },
        () => undefined,
      )
  }

  /** `signed`, to be kept on the device and sent to `relayUrl` (nothing happens until its `send`). */
  enqueue(target: QueueTarget, signed: SignedContribution, relayUrl: string): QueuedSend {
    void navigator.storage?.persist?.().then(
      (granted) => {
        this.persistRefused = !granted
        this.#host.requestUpdate()
      },
      () => undefined,
    )
    return this.#queued(target, signed, relayUrl)
  }

  /** Sends the contribution that is waiting now, instead of after the pause. */
  sendNow() {
    clearTimeout(this.#retryTimer)
    if (this.#retrying && this.#host.isConnected) this.#options.resend(this.#retrying)
  }

  #queued(target: QueueTarget, signed: SignedContribution, relayUrl: string): QueuedSend {
    const { client, deployment, confirmations } = target
    const queued: QueuedSend = {
      contributor: signed.contributor,
      contentHash: signed.registration.contentHash,
      send: async () => {
        const queue = await this.#load()
        try {
          return await queue.submit(client, signed, relayUrl, { deployment, confirmations })
        } catch (error) {
          if (error instanceof ContributionQueuedError) this.#retryLater(queued)
          throw error
        }
      },
      settle: async () => {
        this.#retryDelay = 1_000
        await this.#load()
          .then((queue) => queue.flush(client, { deployment, confirmations }))
          .catch(() => undefined)
      },
    }
    return queued
  }

  #retryLater(queued: QueuedSend) {
    clearTimeout(this.#retryTimer)
    this.#retrying = queued
    this.#retryDelay = Math.min(this.#retryDelay * 2, 60_000)
    const retry = () => {
      window.removeEventListener('online', retry)
      this.sendNow()
    }
    window.addEventListener('online', retry, { once: true })
    this.#retryTimer = setTimeout(retry, this.#retryDelay)
  }

  #load() {
    this.#queue ??= import('../../src/queue/contributionQueue.js').then(
      ({ createContributionQueue }) => createContributionQueue({ name: this.#options.name() }),
      (error: unknown) => {
        // Fetched again next time: the page may be back online by then.
        this.#queue = undefined
        throw error
      },
    )
    return this.#queue
  }
}
