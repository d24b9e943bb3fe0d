export type BaseErrorParameters = {
  cause?: unknown
  details?: string | undefined
  docsPath?: string | undefined
  metaMessages?: string[] | undefined
}

/** Where `docsPath` anchors point: the README's headings. package.json's `homepage` is the same URL. */
const docsUrl = 'https://github.com/attribution-ledger/attribution-ledger'

/**
 * The root of every error attribution-ledger throws. `shortMessage` is one sentence a non-engineer can act on;
 * `details` and `cause` keep what an engineer needs. Subclasses set a literal `name`, so errors can be told apart by
 * name across bundles and realms.
 */
export class BaseError extends Error {
  override name: string = 'BaseError'
  readonly shortMessage: string
  readonly details: string | undefined
  /** A heading of the README, as its anchor (`deployments`); the message links to it. */
  readonly docsPath: string | undefined
  readonly metaMessages: string[] | undefined

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const { cause, docsPath, metaMessages } = parameters
    const details =
      parameters.details ??
      (cause instanceof Error ? ((cause as { shortMessage?: string }).shortMessage ?? cause.message) : undefined)
    const message = [
      shortMessage,
      ...(metaMessages?.length ? ['', ...metaMessages] : []),
      ...(details ? ['', `Details: ${details}`] : []),
      ...(docsPath ? [`Docs: ${docsUrl}#${docsPath}`] : []),
    ].join('\n')
    super(message, cause === undefined ? undefined : { cause })
    this.shortMessage = shortMessage
    this.details = details
    this.docsPath = docsPath
    this.metaMessages = metaMessages
  }

  /** The deepest cause, or the first one in the chain for which `predicate` holds (like viem's `walk`). */
  walk(predicate?: (error: unknown) => boolean): unknown {
    let current: unknown = this
    while (current) {
      if (predicate?.(current)) return current
      const next = (current as { cause?: unknown }).cause
      if (next === undefined) return predicate ? null : current
      current = next
    }
    return predicate ? null : current
  }
}
