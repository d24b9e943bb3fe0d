/**
 * The Web Worker entry that hashContent starts for large files. It holds no hashing logic of its own: it runs the same
 * core as the calling-thread path and reports progress after every chunk, then the digest or the error.
 * Cancelling is the caller terminating this worker, so no AbortSignal is needed here.
 */
import { type HashWorkerRequest, type HashWorkerResponse, hashSource, serializeHashError } from './hashCore.js'

// The project's lib is DOM, not WebWorker; these two members are all this scope needs.
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<HashWorkerRequest>) => void) | null
  postMessage(message: HashWorkerResponse): void
}

scope.onmessage = async ({ data }) => {
  try {
    const hash = await hashSource(data.source, {
      chunkSize: data.chunkSize,
      onProgress: (bytesHashed) => scope.postMessage({ type: 'progress', bytesHashed }),
    })
    scope.postMessage({ type: 'done', hash })
  } catch (error) {
    scope.postMessage({ type: 'error', error: serializeHashError(error) })
  }
}
