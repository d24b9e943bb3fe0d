import { type Hex, keccak256 } from 'viem'
import {
  MetadataFetchError,
  MetadataHashMismatchError,
  MetadataParseError,
  MetadataTooLargeError,
  MetadataValidationError,
  UnsupportedMetadataURIError,
} from '../errors/metadata.js'
import { canonicalizeJson } from './canonicalJson.js'
import { type ContributionMetadata, metadataHash, safeValidateMetadata } from './metadata.js'
import { base64ToBytes, percentDecodeToBytes, utf8ToString } from './metadataEncoding.js'

/** The transport: `globalThis.fetch` by default; pass another to add caching, retries or a test double. */
export type MetadataFetch = (url: string, init: RequestInit) => Promise<Response>

export type MetadataResolverContext = {
  fetch: MetadataFetch
  signal: AbortSignal | undefined
  /** Stop reading and throw {@link MetadataTooLargeError} past this many bytes; the result is checked again anyway. */
  maxBytes: number
}

/**
 * Reads the raw bytes (or text) behind a URI of one scheme. resolveMetadata still caps the size, parses, validates
 * and checks the hash of whatever a resolver returns, so a resolver only has to fetch.
 */
export type MetadataResolver = (uri: string, context: MetadataResolverContext) => Promise<Uint8Array | string>

export type ResolveMetadataParameters = {
  /** The metadataHash recorded on-chain. The metadata is returned only if it hashes to this. */
  expectedHash: Hex
  /**
   * Resolvers by lower-case scheme without the colon, e.g. `{ ar: readFromArweave }`. They take precedence over the
   * built-in `data`, `https` and `ipfs` ones. Only the schemes listed here or built in are ever read.
   */
  resolvers?: Record<string, MetadataResolver>
  fetch?: MetadataFetch
  signal?: AbortSignal
  /** The largest metadata accepted, in bytes. Default 64 KiB. */
  maxBytes?: number
  /** Where `ipfs://<cid>/<path>` is read from, as `<gateway><cid>/<path>`. Must be https. Default `https://ipfs.io/ipfs/`. */
  ipfsGateway?: string
}

export type ResolveMetadataReturnType = ContributionMetadata

export type ResolveMetadataErrorType =
  | UnsupportedMetadataURIError
  | MetadataFetchError
  | MetadataTooLargeError
  | MetadataParseError
  | MetadataValidationError
  | MetadataHashMismatchError

const builtInSchemes = ['data', 'https', 'ipfs'] as const
const defaultIpfsGateway = 'https://ipfs.io/ipfs/'

/**
 * Reads contribution metadata from its URI and returns it only if it is valid and hashes to the metadataHash
 * recorded on-chain. Reads `data:` URIs (base64 or percent-encoded) locally, `https:` URIs with fetch, and
 * `ipfs://<cid>/<path>` through an https gateway; other schemes only through `resolvers`. `http:`, `file:`,
 * `javascript:` and the like are refused with {@link UnsupportedMetadataURIError}, however they are disguised.
 *
 * @example
 * const metadata = await resolveMetadata(contribution.metadataURI, { expectedHash: contribution.metadataHash })
 *
 * @example
 * // Through your own IPFS gateway, with a time limit.
 * const metadata = await resolveMetadata('ipfs://bafy.../metadata.json', {
 *   expectedHash,
 *   ipfsGateway: 'https://gateway.example.org/ipfs/',
 *   signal: AbortSignal.timeout(10_000),
 * })
 */
export async function resolveMetadata(
  uri: string,
  parameters: ResolveMetadataParameters,
): Promise<ResolveMetadataReturnType> {
  const { expectedHash, resolvers = {}, signal, maxBytes = 64 * 1024 } = parameters
  const fetch = parameters.fetch ?? ((url, init) => globalThis.fetch(url, init))
  const ipfsGateway = parameters.ipfsGateway ?? defaultIpfsGateway

  const cleaned = cleanURI(uri)
  const scheme = schemeOf(cleaned)
  // hasOwn, so a scheme such as "constructor" cannot reach Object.prototype.
  const custom = Object.hasOwn(resolvers, scheme) ? resolvers[scheme] : undefined
  const resolver = custom ?? builtInResolver(scheme, uri, ipfsGateway)
  if (!resolver) {
    const supported = [...new Set([...builtInSchemes, ...Object.keys(resolvers)])]
    throw new UnsupportedMetadataURIError({ uri, scheme, supported })
  }

  signal?.throwIfAborted()
  const result = await resolver(cleaned, { fetch, signal, maxBytes })
  const bytes = typeof result === 'string' ? new TextEncoder().encode(result) : result
  if (bytes.length > maxBytes) throw new MetadataTooLargeError({ uri, maxBytes, byteLength: bytes.length })

  let parsed: unknown
  try {
    parsed = JSON.parse(utf8ToString(bytes))
  } catch (cause) {
    throw new MetadataParseError({ uri, cause })
  }

  const validation = safeValidateMetadata(parsed)
  const actualHash = validation.success ? metadataHash(validation.data) : keccak256(canonicalBytes(parsed, uri))
  // Checked before reporting validation issues: a document that is not the registered one is a mismatch, whatever
  // else is wrong with it. Only the registered document being invalid is a validation error.
  if (actualHash !== expectedHash.toLowerCase()) throw new MetadataHashMismatchError({ uri, expectedHash, actualHash })
  if (!validation.success) throw new MetadataValidationError(validation.issues)
  return validation.data
}

function builtInResolver(scheme: string, uri: string, ipfsGateway: string): MetadataResolver | undefined {
  switch (scheme) {
    case 'data':
      return async (target, { maxBytes }) => readDataURI(target, uri, maxBytes)
    case 'https':
      return (target, context) => fetchBytes(target, context)
    case 'ipfs':
      return (target, context) => fetchBytes(ipfsToGatewayURL(target, uri, ipfsGateway), context)
    default:
      return undefined
  }
}

function canonicalBytes(value: unknown, uri: string): Uint8Array {
  try {
    return new TextEncoder().encode(canonicalizeJson(value))
  } catch (cause) {
    // JSON.parse output is always serialisable except for escaped lone surrogates, which I-JSON forbids.
    throw new MetadataParseError({ uri, cause })
  }
}

// What the WHATWG URL parser ignores, and therefore what a browser would ignore: leading and trailing C0 controls
// and spaces, and ASCII tabs and newlines anywhere. Stripping the same keeps " java\tscript:" from posing as
// something else.
function cleanURI(uri: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return uri.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '')
}

function schemeOf(uri: string): string {
  return /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase() ?? ''
}

function readDataURI(dataURI: string, uri: string, maxBytes: number): Uint8Array {
  const comma = dataURI.indexOf(',')
  if (comma < 0) throw new MetadataParseError({ uri, cause: new Error('A data: URI needs a comma before its data.') })
  const header = dataURI.slice('data:'.length, comma)
  const body = dataURI.slice(comma + 1)
  // A byte takes at most 3 characters either way (%XX, or 4/3 in base64), so anything longer is over the limit
  // before it is decoded; the decoded size is checked exactly afterwards.
  if (body.length > maxBytes * 3) throw new MetadataTooLargeError({ uri, maxBytes })
  // As the fetch spec does: percent-decode first, then base64-decode if the header says so.
  const decoded = percentDecodeToBytes(body)
  if (!/;\s*base64\s*$/i.test(header)) return decoded
  try {
    // Base64 is ASCII, which is valid UTF-8; any other byte makes atob throw.
    return base64ToBytes(utf8ToString(decoded))
  } catch (cause) {
    throw new MetadataParseError({ uri, cause })
  }
}

function ipfsToGatewayURL(ipfsURI: string, uri: string, gateway: string): string {
  // ipfs://<cid>/<path>, and the older ipfs://ipfs/<cid>/<path>.
  const match = /^ipfs:\/\/(?:ipfs\/)?([A-Za-z0-9]+)([/?#].*)?$/i.exec(ipfsURI)
  if (!match)
    throw new MetadataParseError({ uri, cause: new Error('An ipfs: URI must look like ipfs://<cid>/<path>.') })
  const [, cid, rest = ''] = match
  const base = new URL(gateway.endsWith('/') ? gateway : `${gateway}/`).href
  const url = new URL(`${cid}${rest.split('#')[0]}`, base)
  // "..", "%2e%2e" and the like must not climb out of the content's directory on the gateway.
  if (!url.href.startsWith(`${base}${cid}`)) {
    throw new MetadataParseError({ uri, cause: new Error('An ipfs: path must stay inside its content.') })
  }
  return url.href
}

async function fetchBytes(url: string, { fetch, signal, maxBytes }: MetadataResolverContext): Promise<Uint8Array> {
  const assertHttps = (target: string) => {
    if (/^https:/i.test(target)) return
    throw new UnsupportedMetadataURIError({ uri: target, scheme: schemeOf(target), supported: ['https'] })
  }
  assertHttps(url)

  let response: Response
  try {
    response = await fetch(url, {
      signal: signal ?? null,
      // Metadata is public: never send the reader's cookies or HTTP credentials to whoever hosts it.
      credentials: 'omit',
      headers: { accept: 'application/json' },
    })
  } catch (cause) {
    if (signal?.aborted) throw cause
    throw new MetadataFetchError({ url, cause })
  }
  try {
    // A redirect may have led elsewhere; hold the final address to the same https-only rule.
    if (response.url) assertHttps(response.url)
    if (!response.ok) throw new MetadataFetchError({ url, status: response.status })
    const declared = Number(response.headers.get('content-length') ?? 0)
    if (declared > maxBytes) throw new MetadataTooLargeError({ uri: url, maxBytes, byteLength: declared })
  } catch (error) {
    await response.body?.cancel().catch(() => {})
    throw error
  }
  return readAtMost(response, url, maxBytes, signal)
}

async function readAtMost(
  response: Response,
  url: string,
  maxBytes: number,
  signal: AbortSignal | undefined,
): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer())
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let length = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      length += value.length
      // Stop at the limit, so a hostile server cannot make us buffer an endless body.
      if (length > maxBytes) {
        await reader.cancel().catch(() => {})
        throw new MetadataTooLargeError({ uri: url, maxBytes })
      }
      chunks.push(value)
    }
  } catch (cause) {
    if (cause instanceof MetadataTooLargeError || signal?.aborted) throw cause
    throw new MetadataFetchError({ url, cause })
  }
  const bytes = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.length
  }
  return bytes
}
