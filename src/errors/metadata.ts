import type { Hex } from 'viem'
import { BaseError } from './base.js'

/** One problem with a metadata field, worded for the person filling in the form. */
export type MetadataIssue = {
  /** The top-level metadata field, e.g. `'license'`, or `'metadata'` when the whole value is wrong. */
  field: string
  message: string
}

/**
 * Thrown when contribution metadata does not match the schema. `issues` lists every problem, one per field and
 * reason; `shortMessage` names the first.
 */
export class MetadataValidationError extends BaseError {
  override name = 'MetadataValidationError' as const
  readonly issues: readonly MetadataIssue[]

  constructor(issues: readonly MetadataIssue[]) {
    const [first] = issues
    super(first ? `Check the ${first.field} field: ${first.message}` : 'The metadata is not valid.', {
      metaMessages: issues.length > 1 ? issues.map(({ field, message }) => `${field}: ${message}`) : undefined,
    })
    this.issues = issues
  }
}

/**
 * Thrown when a value cannot be written as RFC 8785 canonical JSON: a number that JSON has no form for (NaN,
 * Infinity), a BigInt, a function, a symbol, a lone UTF-16 surrogate, a cycle, or an object that is not plain data.
 */
export class CanonicalJsonError extends BaseError {
  override name = 'CanonicalJsonError' as const
  /** Where the value sits, as a JSON Pointer (RFC 6901); `''` is the root. */
  readonly path: string

  constructor(reason: string, path: string) {
    super(`This value cannot be saved as canonical JSON: ${reason}${path ? ` (at ${path})` : ''}.`)
    this.path = path
  }
}

/**
 * Thrown when metadata read from a URI does not hash to the metadataHash recorded on-chain, i.e. it was changed
 * after it was registered, or the URI points at something else.
 */
export class MetadataHashMismatchError extends BaseError {
  override name = 'MetadataHashMismatchError' as const
  readonly uri: string
  readonly expectedHash: Hex
  readonly actualHash: Hex

  constructor({ uri, expectedHash, actualHash }: { uri: string; expectedHash: Hex; actualHash: Hex }) {
    super('This metadata does not match what was registered on-chain, so it may have been changed. Do not trust it.', {
      metaMessages: [`Expected hash: ${expectedHash}`, `Actual hash:   ${actualHash}`],
    })
    this.uri = uri
    this.expectedHash = expectedHash
    this.actualHash = actualHash
  }
}

/** Thrown for a metadata URI whose scheme has no resolver: `http:`, `file:`, `javascript:` and anything unknown. */
export class UnsupportedMetadataURIError extends BaseError {
  override name = 'UnsupportedMetadataURIError' as const
  readonly uri: string
  /** The scheme, lower-cased and without the colon; `''` when the URI has none. */
  readonly scheme: string

  constructor({ uri, scheme, supported }: { uri: string; scheme: string; supported: readonly string[] }) {
    super(
      scheme
        ? `Metadata cannot be read from a "${scheme}:" address. Use one that starts with ${formatSchemes(supported)}.`
        : `This metadata address has no scheme. Use one that starts with ${formatSchemes(supported)}.`,
    )
    this.uri = uri
    this.scheme = scheme
  }
}

/** Thrown when metadata cannot be downloaded: the network failed, or the server answered with an error status. */
export class MetadataFetchError extends BaseError {
  override name = 'MetadataFetchError' as const
  readonly url: string
  /** The HTTP status, when the server answered. */
  readonly status: number | undefined

  constructor({ url, status, cause }: { url: string; status?: number | undefined; cause?: unknown }) {
    super(
      status === undefined
        ? 'The metadata could not be downloaded. Check the connection and try again.'
        : `The metadata server answered with status ${status}, so the metadata could not be read.`,
      { cause, metaMessages: [`URL: ${url}`] },
    )
    this.url = url
    this.status = status
  }
}

/** Thrown when metadata is bigger than the caller's limit, before more of it is read than needed to know. */
export class MetadataTooLargeError extends BaseError {
  override name = 'MetadataTooLargeError' as const
  readonly uri: string
  readonly maxBytes: number
  /** The size, when it is known; reading stops as soon as the limit is passed. */
  readonly byteLength: number | undefined

  constructor({ uri, maxBytes, byteLength }: { uri: string; maxBytes: number; byteLength?: number | undefined }) {
    super(`The metadata is larger than the ${maxBytes.toLocaleString('en-US')}-byte limit, so it was not read.`)
    this.uri = uri
    this.maxBytes = maxBytes
    this.byteLength = byteLength
  }
}

/** Thrown when the bytes at a metadata URI are not UTF-8 JSON, or a data: URI is malformed. */
export class MetadataParseError extends BaseError {
  override name = 'MetadataParseError' as const
  readonly uri: string

  constructor({ uri, cause }: { uri: string; cause?: unknown }) {
    super('The metadata is not readable JSON.', { cause })
    this.uri = uri
  }
}

const formatSchemes = (schemes: readonly string[]) =>
  schemes.length <= 1
    ? `${schemes[0] ?? 'a supported scheme'}:`
    : `${schemes
        .slice(0, -1)
        .map((s) => `${s}:`)
        .join(', ')} or ${schemes.at(-1)}:`
