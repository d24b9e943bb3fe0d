import type { Hex } from 'viem'
import { BaseError } from '../../errors/base.js'
import type { SpanIndex } from './buildSpanIndex.js'
import { InvalidTraceParameterError, TraceRequestError } from './spanErrors.js'
import { spanIndexHash } from './spanIndexHash.js'
import { type TracedSpan, traceSpans } from './traceSpans.js'

export type CreateTraceHandlerParameters = {
  index: SpanIndex
  /** The longest output traced, in UTF-16 characters (default 20,000); longer requests get a 400. */
  maxOutputLength?: number
  /** The most source documents listed per span (default 20). */
  maxSources?: number
  /** The most spans answered, the best-ranked ones (default 100): a page highlights a few dozen at most. */
  maxSpans?: number
  /** The `Access-Control-Allow-Origin` the handler answers with (default `*`). */
  allowOrigin?: string
}

/** The shortest passage a request may ask for, in UTF-8 bytes. */
const MIN_REQUESTED_LENGTH = 8

/** A standard fetch handler. */
export type TraceHandler = (request: Request) => Promise<Response>

export type CreateTraceHandlerReturnType = TraceHandler

/** The JSON a trace request is answered with: the index it was traced against, and the spans, ranked. */
export type TraceResponse = { indexHash: Hex; spans: TracedSpan[] }

/** The JSON of every refusal. */
export type TraceErrorBody = { error: { name: string; message: string } }

/**
 * A standard fetch handler, `(Request) => Promise<Response>`, that traces model output against a span index, so a
 * page (`<ledger-trace>`) can show where an answer's spans come from without downloading the index. Mount it at any
 * path in Node 20+, Deno, Bun or a worker.
 *
 * `POST` a JSON body `{ output: string, minLength?: number }` (see `traceSpans`); the answer is `{ indexHash, spans }`,
 * the best-ranked `maxSpans`, where `indexHash` is `spanIndexHash(index)`, to compare with the hash recorded in the
 * epoch manifest. A request it cannot read gets a 400 (405 for another method, 413 for a body too large to be a valid
 * request) with `{ error: { name, message } }`, as does a `minLength` under 8 bytes. It answers CORS preflights, and
 * every answer carries `Access-Control-Allow-Origin`. The index hash is computed once, when the handler is created (a
 * second or two for 100 MB of text); options that are not whole numbers throw `InvalidTraceParameterError` then.
 *
 * @example
 * const index = spanIndexFromBytes(new Uint8Array(await readFile('model-7.spans')))
 * const trace = createTraceHandler({ index })
 * Deno.serve((request) => trace(request))
 */
export function createTraceHandler(parameters: CreateTraceHandlerParameters): CreateTraceHandlerReturnType {
  const { index, maxOutputLength = 20_000, maxSources = 20, maxSpans = 100, allowOrigin = '*' } = parameters
  for (const [name, value, least] of [
    ['maxOutputLength', maxOutputLength, 1],
    ['maxSources', maxSources, 0],
    ['maxSpans', maxSpans, 1],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < least) {
      throw new InvalidTraceParameterError(name, `must be a whole number of at least ${least}; it is ${value}.`)
    }
  }
  const indexHash = spanIndexHash(index)
  // Room for every character escaped as \uXXXX and a few fields besides; a longer body cannot be a valid request,
  // so it is refused before it is read into memory.
  const maxBodyBytes = maxOutputLength * 6 + 1024
  const headers = {
    'content-type': 'application/json',
    'access-control-allow-origin': allowOrigin,
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type',
  }
  const respond = (status: number, body: TraceResponse | TraceErrorBody | null, extra: Record<string, string> = {}) =>
    new Response(body === null ? null : JSON.stringify(body), { status, headers: { ...headers, ...extra } })
  const refuse = (error: TraceRequestError | InvalidTraceParameterError, extra?: Record<string, string>) =>
    respond(error instanceof TraceRequestError ? error.status : 400, errorBody(error), extra)

  return async (request) => {
    if (request.method === 'OPTIONS') return respond(204, null)
    if (request.method !== 'POST') {
      return refuse(new TraceRequestError(405, 'Send the output to trace with POST.'), { allow: 'POST, OPTIONS' })
    }
    try {
      const body = await readBody(request, maxBodyBytes)
      let payload: unknown
      try {
        payload = JSON.parse(body)
      } catch {
        throw new TraceRequestError(400, 'The request body is not JSON.')
      }
      const { output, minLength } = (payload ?? {}) as { output?: unknown; minLength?: unknown }
      if (typeof output !== 'string') {
        throw new TraceRequestError(400, 'Send the model output to trace as the "output" string.')
      }
      if (output.length > maxOutputLength) {
        throw new InvalidTraceParameterError(
          'output',
          `is ${output.length.toLocaleString('en')} characters long; send at most ${maxOutputLength.toLocaleString('en')}.`,
        )
      }
      // No span is longer than the longest output, at three UTF-8 bytes per UTF-16 character. Shorter than
      // MIN_REQUESTED_LENGTH, passages turn up by chance everywhere, and each would list thousands of occurrences.
      if (
        minLength !== undefined &&
        (!Number.isSafeInteger(minLength) ||
          (minLength as number) < MIN_REQUESTED_LENGTH ||
          (minLength as number) > maxOutputLength * 3)
      ) {
        throw new InvalidTraceParameterError(
          'minLength',
          `must be a whole number of bytes from ${MIN_REQUESTED_LENGTH} to ${(maxOutputLength * 3).toLocaleString('en')}.`,
        )
      }
      const limits = { maxSources, maxSpans }
      const spans = traceSpans(
        index,
        output,
        minLength === undefined ? limits : { ...limits, minLength: minLength as number },
      )
      return respond(200, { indexHash, spans })
    } catch (error) {
      if (error instanceof TraceRequestError || error instanceof InvalidTraceParameterError) return refuse(error)
      const wrapped = error instanceof BaseError ? error : new TraceRequestError(500, 'The trace failed; try again.')
      return respond(500, errorBody(wrapped))
    }
  }
}

const errorBody = (error: BaseError): TraceErrorBody => ({ error: { name: error.name, message: error.shortMessage } })

/** The body as text, refused with a 413 as soon as it passes `limit` bytes, whatever `content-length` claims. */
async function readBody(request: Request, limit: number): Promise<string> {
  const tooLarge = () => new TraceRequestError(413, `The request is too large; send at most ${limit} bytes.`)
  if (Number(request.headers.get('content-length')) > limit) throw tooLarge()
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  while (true) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      throw tooLarge()
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.byteLength
  }
  return new TextDecoder().decode(bytes)
}
