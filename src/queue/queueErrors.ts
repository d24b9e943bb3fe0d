import { BaseError } from '../errors/base.js'

/** This browser gives the page no IndexedDB (private mode in some browsers, a sandboxed frame, disabled storage). */
export class QueueUnavailableError extends BaseError {
  override name = 'QueueUnavailableError' as const
  constructor(cause?: unknown) {
    super(
      'This browser will not let the page keep your contribution while it is sent, so nothing was sent. Allow site storage, or use another browser window that is not private.',
      { cause, docsPath: 'durable-queue' },
    )
  }
}

/** The browser refused to store more (the site's storage quota is full). */
export class QueueQuotaError extends BaseError {
  override name = 'QueueQuotaError' as const
  constructor(cause?: unknown) {
    super(
      'Your browser has no room left for this site, so the contribution could not be kept safely and was not sent. Free some space (or clear this site’s old data) and try again.',
      { cause, docsPath: 'durable-queue' },
    )
  }
}

/** Not a failure: the signed contribution is saved on this device and will be sent when the relay can be reached. */
export class ContributionQueuedError extends BaseError {
  override name = 'ContributionQueuedError' as const
  /** The queue entry's key, for `queue.get(key)`. */
  readonly key: string
  constructor({ key }: { key: string }) {
    super('Saved on this device: it will be sent as soon as the connection is back. You can close this page.', {
      docsPath: 'durable-queue',
    })
    this.key = key
  }
}

/** A queued contribution cannot succeed: the relay definitely refused it (an expired signature), or the chain did. */
export class ContributionNotSentError extends BaseError {
  override name = 'ContributionNotSentError' as const
  /** The queue entry's key, for `queue.get(key)` or `queue.remove(key)`. */
  readonly key: string
  constructor({ key, reason }: { key: string; reason?: string | undefined }) {
    super(reason || 'The relay refused this contribution.', { docsPath: 'durable-queue' })
    this.key = key
  }
}

/**
 * The relay answered that the contribution is already registered, but the chain this page reads does not show it:
 * that node is behind, or a reorganisation took the registration away again.
 */
export class ContributionNotOnChainError extends BaseError {
  override name = 'ContributionNotOnChainError' as const
  constructor() {
    super(
      'The platform says this contribution is registered, but the network does not show it yet. Try again in a minute.',
      {
        docsPath: 'durable-queue',
      },
    )
  }
}
