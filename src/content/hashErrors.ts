import { BaseError } from '../errors/base.js'

// These live apart from hashContent.ts because the worker needs them too, and the worker must not import the module
// that starts workers: bundlers that follow `new Worker(new URL(...))` would then bundle the worker into itself.

/** The input is not something hashContent can read. */
export class InvalidContentError extends BaseError {
  override name = 'InvalidContentError' as const
  /** What was passed instead, in words (`'null'`, `'the number 42'`, ...). */
  readonly received: string
  constructor({ received }: { received: string }) {
    super(
      `This content cannot be hashed: expected a file, a Blob, a stream of bytes, bytes or text, but got ${received}.`,
      { docsPath: 'hashcontent' },
    )
    this.received = received
  }
}

/** `chunkSize` is not a positive whole number of bytes. */
export class InvalidChunkSizeError extends BaseError {
  override name = 'InvalidChunkSizeError' as const
  constructor({ chunkSize }: { chunkSize: unknown }) {
    super(`The chunk size must be a positive whole number of bytes, but it is ${String(chunkSize)}.`, {
      docsPath: 'hashcontent',
    })
  }
}

/** The caller's AbortSignal fired before the hash was finished. `cause` is the signal's reason. */
export class HashAbortedError extends BaseError {
  override name = 'HashAbortedError' as const
  constructor({ cause }: { cause?: unknown } = {}) {
    super('Hashing was cancelled before it finished.', { cause, docsPath: 'hashcontent' })
  }
}

/** Reading the content failed part-way, e.g. the file changed or vanished, or the stream errored. */
export class ContentReadError extends BaseError {
  override name = 'ContentReadError' as const
  constructor({ cause }: { cause?: unknown }) {
    super(
      'The content could not be read to the end. If it is a file, check that it still exists and was not changed while it was being hashed, then try again.',
      { cause, docsPath: 'hashcontent' },
    )
  }
}

/** A Web Worker was required (`thread: 'worker'`) but could not start, or the worker stopped unexpectedly. */
export class HashWorkerError extends BaseError {
  override name = 'HashWorkerError' as const
  constructor({ reason, cause }: { reason: string; cause?: unknown }) {
    super('The background worker that hashes large files could not do its job.', {
      cause,
      details: reason,
      docsPath: 'hashcontent',
    })
  }
}

/** Describes a value in plain words for error messages, without printing its contents. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'undefined'
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return `the ${typeof value} ${String(value)}`
  }
  if (typeof value === 'string') return 'text'
  if (typeof value === 'function') return 'a function'
  if (typeof value === 'symbol') return 'a symbol'
  const constructorName = (value as { constructor?: { name?: unknown } }).constructor?.name
  return typeof constructorName === 'string' && constructorName !== 'Object'
    ? `an object of type ${constructorName}`
    : 'a plain object'
}
