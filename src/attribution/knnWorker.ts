/**
 * Node worker threads for knnShapley. Each worker runs the same kernel as the calling thread on blocks of test
 * points and sends back one sum per block; the caller adds the blocks up in block order, so the result does not
 * depend on how many workers there are or which one finished first.
 *
 * Why the worker is started from source text (`eval: true`) and not from a file: a file would be `knnWorker.js` in
 * the build but `knnWorker.ts` under tsx, and an app bundled with esbuild or webpack has neither beside it. The
 * kernel's own `toString()` is plain JavaScript in every one of those cases, and the worker needs no loader.
 * Browsers would need a Content-Security-Policy that allows blob: workers for the same trick, so for now they
 * compute on the calling thread.
 */
import type { Worker as NodeWorker } from 'node:worker_threads'
import { KnnAbortedError, KnnWorkerError } from './knnErrors.js'
import { createKnnKernel, type KnnKernel, type KnnKernelData } from './knnKernel.js'

type KnnWorkerRequest =
  | { type: 'init'; data: KnnKernelData }
  | { type: 'block'; index: number; start: number; end: number }

type KnnWorkerResponse =
  | { type: 'block'; index: number; sums: Float64Array; totals?: Float64Array }
  | { type: 'error'; message: string }

type WorkerPort = {
  on(event: 'message', listener: (message: KnnWorkerRequest) => void): void
  postMessage(message: KnnWorkerResponse, transfer?: ArrayBuffer[]): void
}

// Runs inside the worker, from its source text: it may use only its arguments and globals.
function knnWorkerMain(port: WorkerPort, create: (data: KnnKernelData) => KnnKernel) {
  let kernel: KnnKernel | undefined
  let usage = false
  port.on('message', (message) => {
    try {
      if (message.type === 'init') {
        kernel = create(message.data)
        usage = message.data.testFee !== undefined
        return
      }
      if (!kernel) throw new Error('A block arrived before the data.')
      const { index, start, end } = message
      if (usage) {
        const { sums, totals } = kernel.usageBlock(start, end)
        port.postMessage({ type: 'block', index, sums, totals }, [
          sums.buffer as ArrayBuffer,
          totals.buffer as ArrayBuffer,
        ])
        return
      }
      const sums = kernel.sumBlock(start, end)
      port.postMessage({ type: 'block', index, sums }, [sums.buffer as ArrayBuffer])
    } catch (error) {
      port.postMessage({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : `${error}` })
    }
  })
}

/** The worker's whole program: plain JavaScript from the two functions' own source text (see knnKernel.ts on why). */
const workerSource = () =>
  `'use strict';(${knnWorkerMain.toString()})(require('node:worker_threads').parentPort,${createKnnKernel.toString()})`

/** True in Node (and runtimes that mimic it, such as Bun and Deno), where `node:worker_threads` exists. */
export const isNodeLike = () =>
  typeof process !== 'undefined' && typeof (process as { versions?: { node?: unknown } }).versions?.node === 'string'

// Non-literal specifiers keep browser bundlers from trying to resolve Node built-ins they will never load.
const nodeImport = <T>(specifier: string): Promise<T> => import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)

/** The number of CPU cores Node may use, or 1 when it cannot tell. */
export async function availableCores(): Promise<number> {
  const os = await nodeImport<typeof import('node:os')>('node:os')
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length || 1
}

function shared<T extends Float32Array | Float64Array>(array: T): T {
  if (typeof SharedArrayBuffer === 'undefined' || array.buffer instanceof SharedArrayBuffer) return array
  const buffer = new SharedArrayBuffer(array.byteLength)
  const copy = (array instanceof Float32Array ? new Float32Array(buffer) : new Float64Array(buffer)) as T
  copy.set(array)
  return copy
}

export type BlockRange = { start: number; end: number }

/**
 * Runs `blocks` on `workers` Node worker threads and hands each block's sums (and, when `data` has fees, its
 * queries' totals) to `onBlock` as it arrives (in any order). Resolves when every block is done; the workers are stopped in every case.
 *
 * @example
 * await sumBlocksInWorkers(data, blocks, { workers: 2, onBlock: (index, sums) => folder.add(index, sums) })
 */
export async function sumBlocksInWorkers(
  data: KnnKernelData,
  blocks: readonly BlockRange[],
  {
    workers: count,
    onBlock,
    signal,
  }: {
    workers: number
    onBlock: (index: number, sums: Float64Array, totals?: Float64Array) => void
    signal?: AbortSignal | undefined
  },
): Promise<void> {
  if (signal?.aborted) throw new KnnAbortedError(signal.reason)
  const { Worker } = await nodeImport<typeof import('node:worker_threads')>('node:worker_threads')
  // Shared memory: every worker reads the one copy of the features instead of receiving its own.
  const sharedData: KnnKernelData = {
    ...data,
    trainX: shared(data.trainX),
    trainY: shared(data.trainY),
    testX: shared(data.testX),
    testY: shared(data.testY),
    testFee: data.testFee && shared(data.testFee),
  }
  const source = workerSource()
  const pool: NodeWorker[] = []
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0
      let done = 0
      let settled = false
      const settle = (error?: Error) => {
        if (settled) return
        settled = true
        signal?.removeEventListener('abort', onAbort)
        if (error) reject(error)
        else resolve()
      }
      const fail = (error: Error) => settle(error)
      const onAbort = () => fail(new KnnAbortedError(signal?.reason))
      signal?.addEventListener('abort', onAbort, { once: true })
      // The signal may have fired while node:worker_threads was loading, before anyone listened.
      if (signal?.aborted) return onAbort()
      const give = (worker: NodeWorker) => {
        const block = blocks[next]
        if (!block) return
        worker.postMessage({ type: 'block', index: next, ...block } satisfies KnnWorkerRequest)
        next++
      }
      const workerCount = Math.min(count, blocks.length)
      for (let w = 0; w < workerCount; w++) {
        let worker: NodeWorker
        try {
          // execArgv: [] so a worker does not load the parent's loaders (tsx): its program is plain JavaScript.
          worker = new Worker(source, { eval: true, execArgv: [] })
        } catch (cause) {
          return fail(new KnnWorkerError({ reason: 'a worker thread could not be started.', cause }))
        }
        pool.push(worker)
        worker.on('message', (message: KnnWorkerResponse) => {
          if (settled) return
          if (message.type === 'error') {
            const reason = 'a worker failed. Passing `workers: 0` computes on this thread instead.'
            return fail(new KnnWorkerError({ reason, cause: new Error(message.message) }))
          }
          try {
            onBlock(message.index, message.sums, message.totals)
          } catch (error) {
            return fail(error as Error)
          }
          done++
          if (done === blocks.length) return settle()
          give(worker)
        })
        worker.on('error', (cause) => fail(new KnnWorkerError({ reason: 'a worker stopped with an error.', cause })))
        worker.on('messageerror', (cause) =>
          fail(new KnnWorkerError({ reason: 'a message from a worker could not be read.', cause })),
        )
        worker.on('exit', (code) => {
          if (!settled) fail(new KnnWorkerError({ reason: `a worker exited early (code ${code}).` }))
        })
        worker.postMessage({ type: 'init', data: sharedData } satisfies KnnWorkerRequest)
        give(worker)
      }
    })
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()))
  }
}
