import type { Hex } from 'viem'
import { ContentReadError, describeValue, InvalidContentError } from './hashErrors.js'
import { createSha256 } from './sha256.js'

// The hashing core shared by the calling-thread path (hashContent.ts) and the worker (hashWorker.ts), so the two
// give the same digest by construction. It knows nothing about workers or about the public option names.

/** What the core reads: every accepted input, once text is encoded and buffers are viewed as bytes. */
export type HashSource = Blob | ReadableStream<Uint8Array> | Uint8Array

export type HashSourceOptions = {
  chunkSize: number
  /** Called after every chunk with the running byte count, and once with 0 when there is nothing to hash. */
  onProgress: (bytesHashed: number) => void
  signal?: AbortSignal | undefined
  /** Awaited between chunks, to give the thread back to the event loop. */
  pause?: (() => Promise<void>) | undefined
}

/** The message hashContent posts to the worker. */
export type HashWorkerRequest = { source: HashSource; chunkSize: number }

/** The messages the worker posts back: progress after every chunk, then exactly one `done` or `error`. */
export type HashWorkerResponse =
  | { type: 'progress'; bytesHashed: number }
  | { type: 'done'; hash: Hex }
  | { type: 'error'; error: SerializedHashError }

/** Errors cross the worker boundary as plain data: structured clone keeps neither class nor `cause`. */
export type SerializedHashError =
  | { kind: 'invalid-content'; received: string }
  | { kind: 'read' | 'failed'; cause: { name: string; message: string } }

/** SHA-256 of everything `source` holds, read `chunkSize` bytes at a time, as 0x-prefixed lowercase hex. */
export async function hashSource(source: HashSource, options: HashSourceOptions): Promise<Hex> {
  const { chunkSize, onProgress, signal, pause } = options
  const hash = createSha256()
  let bytesHashed = 0
  for await (const chunk of chunksOf(source, chunkSize, signal)) {
    hash.update(chunk)
    bytesHashed += chunk.byteLength
    onProgress(bytesHashed)
    signal?.throwIfAborted()
    if (pause) await pause()
    signal?.throwIfAborted()
  }
  if (bytesHashed === 0) onProgress(0)
  return toHex(hash.digest())
}

export function serializeHashError(error: unknown): SerializedHashError {
  if (error instanceof InvalidContentError) return { kind: 'invalid-content', received: error.received }
  const read = error instanceof ContentReadError
  const cause = read ? error.cause : error
  return {
    kind: read ? 'read' : 'failed',
    cause: {
      name: cause instanceof Error ? cause.name : 'Error',
      message: cause instanceof Error ? cause.message : String(cause),
    },
  }
}

/** True for a Uint8Array from any realm (an iframe's, a worker's). */
export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array || (ArrayBuffer.isView(value) && value.constructor?.name === 'Uint8Array')
}

function toHex(bytes: Uint8Array): Hex {
  let hex = '0x'
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return hex as Hex
}

function chunksOf(source: HashSource, chunkSize: number, signal: AbortSignal | undefined): AsyncIterable<Uint8Array> {
  if (isBytes(source)) return bytesChunks(source, chunkSize)
  if ('getReader' in source) return streamChunks(source, chunkSize, signal)
  // No buffer larger than the file itself, whatever chunkSize asks for.
  return streamChunks(source.stream(), Math.max(1, Math.min(chunkSize, source.size)), signal)
}

async function* bytesChunks(bytes: Uint8Array, chunkSize: number) {
  for (let offset = 0; offset < bytes.byteLength; offset += chunkSize) yield bytes.subarray(offset, offset + chunkSize)
}

/**
 * Reads a stream into one reusable buffer of `chunkSize` bytes and yields it each time it is full (and once more for
 * the rest), so a file of any size needs one chunk of memory. Each chunk yielded is only valid until the consumer asks
 * for the next one. Files are read this way too (`blob.stream()`): `blob.slice().arrayBuffer()` allocates a fresh
 * ArrayBuffer per chunk and read at 30–50 MB/s in Chromium here, slower than the hashing; one reused buffer read at
 * about 480 MB/s.
 */
async function* streamChunks(stream: ReadableStream<Uint8Array>, chunkSize: number, signal: AbortSignal | undefined) {
  // A byte stream (Blob.stream(), most fetch bodies) reads straight into our buffer; any other stream hands over
  // chunks of its own, which are copied in.
  let byob: ReadableStreamBYOBReader | undefined
  let reader: ReadableStreamBYOBReader | ReadableStreamDefaultReader<Uint8Array>
  try {
    reader = byob = stream.getReader({ mode: 'byob' })
  } catch {
    try {
      reader = stream.getReader()
    } catch {
      throw new InvalidContentError({ received: 'a stream that something else is already reading' })
    }
  }
  const read = async (into: Uint8Array<ArrayBuffer>): Promise<ReadableStreamReadResult<Uint8Array>> => {
    try {
      return await (byob ? byob.read(into) : (reader as ReadableStreamDefaultReader<Uint8Array>).read())
    } catch (cause) {
      signal?.throwIfAborted()
      throw new ContentReadError({ cause })
    }
  }
  // Cancelling wakes a read that is waiting on the network, so an abort takes effect at once.
  const cancel = () => {
    reader.cancel(signal?.reason).catch(() => {})
  }
  signal?.addEventListener('abort', cancel, { once: true })

  let finished = false
  try {
    let buffer = new Uint8Array(chunkSize)
    let filled = 0
    while (true) {
      const { done, value } = await read(buffer.subarray(filled))
      signal?.throwIfAborted()
      if (byob) {
        // A BYOB read transfers our buffer to the stream and hands it back in `value`.
        if (value) buffer = new Uint8Array(value.buffer as ArrayBuffer, 0, chunkSize)
        if (!done) filled += value.byteLength
      } else if (!done) {
        if (!isBytes(value)) {
          throw new InvalidContentError({ received: `a stream that gave ${describeValue(value)} instead of bytes` })
        }
        for (let offset = 0; offset < value.byteLength; ) {
          const take = Math.min(chunkSize - filled, value.byteLength - offset)
          buffer.set(value.subarray(offset, offset + take), filled)
          filled += take
          offset += take
          if (filled === chunkSize) {
            yield buffer
            filled = 0
          }
        }
      }
      if (done) break
      if (filled === chunkSize) {
        yield buffer
        filled = 0
      }
    }
    if (filled > 0) yield buffer.subarray(0, filled)
    finished = true
  } finally {
    signal?.removeEventListener('abort', cancel)
    // A stream given up part-way is cancelled, so its source stops producing; a finished one is simply released.
    if (finished) reader.releaseLock()
    else reader.cancel(signal?.reason).catch(() => {})
  }
}
