import { hexToBytes } from 'viem'
import type { SpanIndex } from './buildSpanIndex.js'

// The span index file, little-endian throughout:
//   magic 'LEDGSPAN' · u32 version · u32 document count · u32 text bytes
//   per document: 32-byte content hash · u32 byte length
//   the documents' bytes, concatenated (separators are implied by the lengths)
//   zero padding to a multiple of 4 · one i32 per suffix-array entry
// Everything before the padding is the index's canonical description, which spanIndexHash hashes.

export const SPAN_INDEX_MAGIC = /* @__PURE__ */ new TextEncoder().encode('LEDGSPAN')
export const SPAN_INDEX_VERSION = 1
/** The format's name where a summary or a model's metadata records an index beside its hash. */
export const SPAN_INDEX_FORMAT = `attribution-ledger/span-index@${SPAN_INDEX_VERSION}`
export const HEADER_SIZE = 20
export const DOCUMENT_ENTRY_SIZE = 36

/** The length of the canonical description: the header, the document table and the documents' bytes. */
export function descriptionSize(index: SpanIndex): number {
  return HEADER_SIZE + index.documents.length * DOCUMENT_ENTRY_SIZE + textBytes(index)
}

/** How many bytes of document text the index holds (its text less one separator per document). */
export const textBytes = (index: SpanIndex) => index.text.length - index.documents.length

/**
 * Hands the canonical description to `write` in pieces of at most `chunkSize` bytes, in order, so it can be hashed
 * without holding a second copy of the text. Each piece is only valid until `write` returns.
 */
export function writeDescription(index: SpanIndex, write: (piece: Uint8Array) => void, chunkSize = 1 << 20): void {
  const { documents, text } = index
  const table = new Uint8Array(HEADER_SIZE + documents.length * DOCUMENT_ENTRY_SIZE)
  const view = new DataView(table.buffer)
  table.set(SPAN_INDEX_MAGIC)
  view.setUint32(8, SPAN_INDEX_VERSION, true)
  view.setUint32(12, documents.length, true)
  view.setUint32(16, textBytes(index), true)
  documents.forEach(({ contentHash, length }, i) => {
    const at = HEADER_SIZE + i * DOCUMENT_ENTRY_SIZE
    table.set(hexToBytes(contentHash), at)
    view.setUint32(at + 32, length, true)
  })
  write(table)
  const piece = new Uint8Array(chunkSize)
  let filled = 0
  for (const { start, length } of documents) {
    for (let i = start, end = start + length; i < end; ) {
      const take = Math.min(end - i, chunkSize - filled)
      for (let k = 0; k < take; k++) piece[filled + k] = text[i + k] as number
      filled += take
      i += take
      if (filled === chunkSize) {
        write(piece)
        filled = 0
      }
    }
  }
  if (filled > 0) write(piece.subarray(0, filled))
}

/** True where typed arrays store numbers little-endian, as every current engine does; the format is little-endian. */
export const littleEndian = /* @__PURE__ */ new Uint8Array(Uint16Array.of(1).buffer)[0] === 1
