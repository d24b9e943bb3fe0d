import { bytesToHex, type Hex } from 'viem'
import { createSha256 } from '../../content/sha256.js'
import type { SpanIndex } from './buildSpanIndex.js'
import { writeDescription } from './spanIndexFormat.js'

export type SpanIndexHashReturnType = Hex

/**
 * The SHA-256 of the index's canonical description: the format version, each document's content hash and length in
 * order, and the documents' bytes (the first part of the file `spanIndexToBytes` writes, before the suffix array).
 * Record it in the epoch manifest or the model's metadata; anyone holding the contributions can rebuild the index
 * with `buildSpanIndex` and get the same hash.
 *
 * The suffix array is left out on purpose: it is a function of the text, so it adds nothing to what the hash pins
 * down, and leaving it out means the hash does not depend on how the array was built. The bytes are hashed even
 * though the content hashes name them, so an index loaded from a file whose text was altered gets a different hash.
 *
 * @example
 * const index = buildSpanIndex({ documents })
 * const indexHash = spanIndexHash(index) // '0x…', 32 bytes
 */
export function spanIndexHash(index: SpanIndex): SpanIndexHashReturnType {
  const hash = createSha256()
  writeDescription(index, (piece) => hash.update(piece))
  return bytesToHex(hash.digest())
}
