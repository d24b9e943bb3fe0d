import type { Hex } from 'viem'
import { type HashSource, type HashWorkerRequest, type HashWorkerResponse, hashSource, isBytes } from './hashCore.js'
import {
  ContentReadError,
  describeValue,
  HashAbortedError,
  HashWorkerError,
  InvalidChunkSizeError,
  InvalidContentError,
} from './hashErrors.js'
import { trustedScriptUrl } from './trustedScriptUrl.js'

export { ContentReadError, HashAbortedError, HashWorkerError, InvalidChunkSizeError, InvalidContentError }

/**
 * Bytes read and hashed per step, unless `chunkSize` says otherwise. One chunk takes about 3 ms to hash in Chromium
 * on one server core, so reading, progress and yielding add little and hashing on the calling thread makes no long
 * (50 ms) task there. The exception is the first chunk or two in a page or worker, which take 30–100 ms while V8 is
 * still compiling the hasher.
 */
export const HASH_CHUNK_SIZE = 1024 * 1024

/** Files and Blobs larger than this are hashed in a Web Worker when one is available (`thread: 'auto'`). */
export const HASH_WORKER_THRESHOLD = 8 * 1024 * 1024

/** Anything whose exact bytes can be hashed. Text is hashed as its UTF-8 encoding. */
export type HashContentInput = File | Blob | ReadableStream<Uint8Array> | Uint8Array | ArrayBuffer | string

export type HashProgress = {
  /** Bytes hashed so far. It only grows, and the last report equals the content's size. */
  bytesHashed: number
  /** The content's size in bytes, or undefined for a stream, whose size is not known in advance. */
  totalBytes: number | undefined
}

export type HashContentOptions = {
  /** Called after every chunk, and once at the end for empty content. */
  onProgress?: ((progress: HashProgress) => void) | undefined
  /** Cancels hashing: the promise rejects with HashAbortedError, the worker (if any) is stopped and a stream cancelled. */
  signal?: AbortSignal | undefined
  /** Bytes per step. Defaults to HASH_CHUNK_SIZE. */
  chunkSize?: number | undefined
  /**
   * Where the hashing runs.
   * - `'auto'` (default): in a Web Worker for a File or Blob larger than HASH_WORKER_THRESHOLD, and on the calling
   *   thread otherwise, or when no worker can start (no Worker in this runtime, a Content-Security-Policy, a missing
   *   worker script). The calling thread hashes one chunk at a time and yields between chunks.
   * - `'worker'`: always in a worker; rejects with HashWorkerError when none can start. Bytes and text are copied to
   *   it, and a stream is transferred to it.
   * - `'inline'`: always on the calling thread.
   */
  thread?: 'auto' | 'worker' | 'inline' | undefined
  /**
   * Where to load the worker script from. Defaults to `hashWorker.js` beside this module. Set it when the library is
   * served from another origin (a CDN: browsers only start same-origin workers) or from TypeScript sources.
   */
  workerUrl?: string | URL | undefined
}

export type HashContentReturnType = Hex

export type HashContentErrorType =
  | InvalidContentError
  | InvalidChunkSizeError
  | HashAbortedError
  | ContentReadError
  | HashWorkerError

/**
 * The content hash the registry stores: SHA-256 of the exact bytes, as 0x-prefixed lowercase hex (the same digest
 * `sha256sum` prints). Reads the content in chunks, so a large file is never held in memory at once, and in browsers
 * hashes large files in a Web Worker, so the page stays responsive.
 *
 * @example
 * const contentHash = await hashContent(file, {
 *   onProgress: ({ bytesHashed, totalBytes }) => console.log(`${bytesHashed} of ${totalBytes} bytes`),
 *   signal: AbortSignal.timeout(60_000),
 * })
 *
 * @example
 * await hashContent('abc') // '0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export async function hashContent(input: HashContentInput, options: HashContentOptions = {}): Promise<Hex> {
  const { chunkSize = HASH_CHUNK_SIZE, onProgress, signal, thread = 'auto', workerUrl } = options
  if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0) throw new InvalidChunkSizeError({ chunkSize })
  const source = toSource(input)
  if (signal?.aborted) throw new HashAbortedError({ cause: signal.reason })

  const totalBytes = isBytes(source) ? source.byteLength : 'size' in source ? source.size : undefined
  const report = (bytesHashed: number) => onProgress?.({ bytesHashed, totalBytes })
  const inline = () => hashInline(source, { chunkSize, report, signal })

  if (thread === 'inline') return inline()
  if (thread === 'auto') {
    const large = 'size' in source && source.size > HASH_WORKER_THRESHOLD
    if (!large || typeof Worker !== 'function') return inline()
  }
  return hashInWorker(source, {
    chunkSize,
    report,
    signal,
    workerUrl,
    fallback: thread === 'auto' ? inline : undefined,
  })
}

type Job = { chunkSize: number; report: (bytesHashed: number) => void; signal: AbortSignal | undefined }

function toSource(input: unknown): HashSource {
  if (typeof input === 'string') return new TextEncoder().encode(input)
  if (isBytes(input)) return input
  if (input instanceof ArrayBuffer || Object.prototype.toString.call(input) === '[object ArrayBuffer]') {
    return new Uint8Array(input as ArrayBuffer)
  }
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
  if (input instanceof Blob || /^\[object (Blob|File)\]$/.test(Object.prototype.toString.call(input))) {
    return input as Blob
  }
  if (typeof (input as ReadableStream | undefined)?.getReader === 'function') return input as ReadableStream<Uint8Array>
  throw new InvalidContentError({ received: describeValue(input) })
}

async function hashInline(source: HashSource, { chunkSize, report, signal }: Job): Promise<Hex> {
  try {
    return await hashSource(source, { chunkSize, onProgress: report, signal, pause: yieldToEventLoop })
  } catch (error) {
    if (signal?.aborted) throw new HashAbortedError({ cause: signal.reason })
    throw error
  }
}

function hashInWorker(
  source: HashSource,
  job: Job & { workerUrl: string | URL | undefined; fallback: (() => Promise<Hex>) | undefined },
): Promise<Hex> {
  const { chunkSize, report, signal, workerUrl, fallback } = job
  return new Promise<Hex>((resolve, reject) => {
    const cannotStart = (reason: string, cause: unknown) => {
      if (fallback) resolve(fallback())
      else reject(new HashWorkerError({ reason, cause }))
    }

    let worker: Worker
    try {
      // Where Trusted Types may be enforced, only a TrustedScriptURL starts a worker without a violation report.
      const trusted = trustedScriptUrl(String(workerUrl ?? new URL('./hashWorker.js', import.meta.url)))
      // The literal `new Worker(new URL('./x.js', import.meta.url), ...)` form is the one bundlers (Vite, webpack,
      // Parcel) recognise and emit the worker for, so it must stay written out like this.
      worker =
        trusted !== undefined
          ? new Worker(trusted as string, { type: 'module' })
          : workerUrl === undefined
            ? new Worker(new URL('./hashWorker.js', import.meta.url), { type: 'module' })
            : new Worker(workerUrl, { type: 'module' })
    } catch (cause) {
      cannotStart('A Web Worker could not be created here.', cause)
      return
    }

    let started = false
    let settled = false
    const settle = () => {
      settled = true
      worker.terminate()
      signal?.removeEventListener('abort', onAbort)
    }
    const onAbort = () => {
      settle()
      reject(new HashAbortedError({ cause: signal?.reason }))
    }
    signal?.addEventListener('abort', onAbort, { once: true })

    worker.onmessage = ({ data }: MessageEvent<HashWorkerResponse>) => {
      // Messages already queued when the caller aborted must not reach onProgress after the rejection.
      if (settled) return
      started = true
      if (data.type === 'progress') {
        try {
          report(data.bytesHashed)
        } catch (error) {
          settle()
          reject(error)
        }
        return
      }
      settle()
      if (data.type === 'done') resolve(data.hash)
      else reject(fromWorkerError(data.error))
    }
    // A module worker that fails to load (missing script, CSP, syntax error) reports it only here, asynchronously.
    // Before its first message nothing has been hashed, so the calling thread can still take over.
    worker.onerror = (event) => {
      event.preventDefault()
      if (settled) return
      settle()
      if (started) reject(new HashWorkerError({ reason: 'The worker stopped part-way.', cause: event.message }))
      else cannotStart('The worker script could not be loaded or run.', event.message)
    }
    worker.onmessageerror = () => {
      if (settled) return
      settle()
      reject(new HashWorkerError({ reason: 'A message from the worker could not be read.' }))
    }

    try {
      const request: HashWorkerRequest = { source, chunkSize }
      // A Blob crosses as a handle (no copy); a stream must be transferred; bytes are copied, so the caller keeps them.
      worker.postMessage(request, 'getReader' in source ? [source] : [])
    } catch (cause) {
      settle()
      cannotStart('The content could not be handed to the worker.', cause)
    }
  })
}

function fromWorkerError(error: Extract<HashWorkerResponse, { type: 'error' }>['error']) {
  if (error.kind === 'invalid-content') return new InvalidContentError({ received: error.received })
  const cause = Object.assign(new Error(error.cause.message), { name: error.cause.name })
  if (error.kind === 'read') return new ContentReadError({ cause })
  return new HashWorkerError({ reason: `The worker failed: ${error.cause.message}`, cause })
}

/**
 * Gives the thread back to the event loop between chunks, so input, rendering, the app's own tasks and an abort can
 * run. Not scheduler.yield(): its continuations outrank ordinary tasks, so the app's timers waited for the whole hash
 * (measured in Chromium). Not setTimeout either, unless nothing else exists: browsers clamp nested timers to 4 ms,
 * which would nearly double the time a 1 MiB chunk takes.
 */
function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve))
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const { port1, port2 } = new MessageChannel()
      port1.onmessage = () => {
        port1.close()
        resolve()
      }
      port2.postMessage(null)
    })
  }
  return new Promise((resolve) => setTimeout(resolve, 0))
}
