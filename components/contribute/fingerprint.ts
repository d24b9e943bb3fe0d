import { HashWorkerError, hashContent } from '../../src/content/hashContent.js'
import { toLedgerError } from '../../src/errors/contract.js'
import type { Content } from './contribute.templates.js'

const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/

type FingerprintOptions = {
  /** What to call a text (a file goes by its name). */
  textLabel: string
  signal: AbortSignal
  /** Told of each step (hashing with progress, then hashed or unreadable), unless `signal` has fired. */
  onContent: (content: Content) => void
}

/** Fingerprints a file or a text (SHA-256 of its exact bytes, as a text's UTF-8), telling `onContent` how it goes. */
export async function fingerprint(input: File | string, { textLabel, signal, onContent }: FingerprintOptions) {
  const isText = typeof input === 'string'
  const label = isText ? textLabel : input.name
  const totalBytes = isText ? new TextEncoder().encode(input).byteLength : input.size
  const mediaType = isText ? 'text/plain' : MEDIA_TYPE.test(input.type) ? input.type : 'application/octet-stream'
  const tell = (content: Content) => {
    if (!signal.aborted) onContent(content)
  }
  tell({ kind: 'hashing', label, bytesHashed: 0, totalBytes })
  const onProgress = ({ bytesHashed }: { bytesHashed: number }) =>
    tell({ kind: 'hashing', label, bytesHashed, totalBytes })
  const hash = (thread: 'worker' | 'inline') => hashContent(input, { onProgress, signal, thread })
  try {
    // In a worker so a large file never freezes the page; on the page itself only where workers are forbidden.
    const contentHash = await hash('worker').catch((error) => {
      if (error instanceof HashWorkerError) return hash('inline')
      throw error
    })
    tell({ kind: 'hashed', label, contentHash, byteSize: totalBytes, mediaType })
  } catch (error) {
    tell({ kind: 'unreadable', error: toLedgerError(error) })
  }
}
