import { BaseError } from '../../errors/base.js'

/** A document given to `buildSpanIndex` cannot be indexed: its content hash or bytes are missing or wrong. */
export class InvalidSpanDocumentError extends BaseError {
  override name = 'InvalidSpanDocumentError' as const
  /** The document's position in the list given. */
  readonly index: number

  constructor(index: number, problem: string) {
    super(`Training document ${index + 1} cannot be indexed: ${problem}`)
    this.index = index
  }
}

/** The documents hold more bytes than one span index can address. */
export class SpanIndexTooLargeError extends BaseError {
  override name = 'SpanIndexTooLargeError' as const

  constructor(bytes: number, limit: number) {
    super(
      `The training documents hold ${bytes.toLocaleString('en')} bytes, more than one span index can hold ` +
        `(${limit.toLocaleString('en')}); split the training set over several indexes.`,
    )
  }
}

/** The bytes given to `spanIndexFromBytes` are not a span index, or are damaged. */
export class InvalidSpanIndexError extends BaseError {
  override name = 'InvalidSpanIndexError' as const

  constructor(problem: string) {
    super(`This file is not a usable span index (${problem}); build the index again or download it again.`)
  }
}

/** The span index was written by a newer format version than this library reads. */
export class UnsupportedSpanIndexVersionError extends BaseError {
  override name = 'UnsupportedSpanIndexVersionError' as const
  readonly version: number

  constructor(version: number, supported: number) {
    super(
      `This span index uses format version ${version}, and this version of attribution-ledger reads only version ` +
        `${supported}; upgrade attribution-ledger or rebuild the index with this version.`,
    )
    this.version = version
  }
}

/** A parameter of `traceSpans` or of a trace request is out of range. */
export class InvalidTraceParameterError extends BaseError {
  override name = 'InvalidTraceParameterError' as const
  /** The parameter's name (`minLength`, `maxSources`, `maxPositions`, `output`). */
  readonly parameter: string

  constructor(parameter: string, problem: string) {
    super(`The trace's ${parameter} ${problem}`)
    this.parameter = parameter
  }
}

/** A trace request is not one the trace handler reads: not a POST, not JSON, or too large. */
export class TraceRequestError extends BaseError {
  override name = 'TraceRequestError' as const
  /** The HTTP status the handler answers with. */
  readonly status: number

  constructor(status: number, message: string) {
    super(message)
    this.status = status
  }
}
