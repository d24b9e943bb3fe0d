import { bytesToHex, type Hex } from 'viem'
import { MAX_SPAN_INDEX_SYMBOLS, SEPARATOR, type SpanIndex, type SpanIndexDocument } from './buildSpanIndex.js'
import { InvalidSpanIndexError, UnsupportedSpanIndexVersionError } from './spanErrors.js'
import {
  DOCUMENT_ENTRY_SIZE,
  descriptionSize,
  HEADER_SIZE,
  littleEndian,
  SPAN_INDEX_MAGIC,
  SPAN_INDEX_VERSION,
  writeDescription,
} from './spanIndexFormat.js'

export type SpanIndexToBytesReturnType = Uint8Array<ArrayBuffer>

export type SpanIndexFromBytesReturnType = SpanIndex

export type SpanIndexFromBytesErrorType = InvalidSpanIndexError | UnsupportedSpanIndexVersionError

const padding = (size: number) => (4 - (size % 4)) % 4

/**
 * Writes a span index as one file: a small versioned little-endian format holding the document table, the documents'
 * bytes and the suffix array, about 5 bytes per byte of text. Read it back with `spanIndexFromBytes`.
 *
 * @example
 * await writeFile('model-7.spans', spanIndexToBytes(index))
 */
export function spanIndexToBytes(index: SpanIndex): SpanIndexToBytesReturnType {
  const head = descriptionSize(index)
  const arrayStart = head + padding(head)
  const bytes = new Uint8Array(arrayStart + index.suffixArray.length * 4)
  let at = 0
  writeDescription(index, (piece) => {
    bytes.set(piece, at)
    at += piece.length
  })
  const { suffixArray } = index
  if (littleEndian) {
    bytes.set(new Uint8Array(suffixArray.buffer, suffixArray.byteOffset, suffixArray.byteLength), arrayStart)
  } else {
    const view = new DataView(bytes.buffer, arrayStart)
    for (let i = 0; i < suffixArray.length; i++) view.setInt32(i * 4, suffixArray[i] as number, true)
  }
  return bytes
}

/**
 * Reads a span index written by `spanIndexToBytes`, checking its structure: the magic and version, that every length
 * adds up, and that the suffix array lists every position once, in order of first symbol. To check it is the index
 * of the contributions it names, compare `spanIndexHash` with the hash recorded in the epoch manifest or the model's
 * metadata; to check the order of the suffix array fully, rebuild it with `buildSpanIndex`.
 *
 * @example
 * const index = spanIndexFromBytes(new Uint8Array(await readFile('model-7.spans')))
 */
export function spanIndexFromBytes(bytes: Uint8Array): SpanIndexFromBytesReturnType {
  if (!(bytes instanceof Uint8Array)) throw new InvalidSpanIndexError('it is not a byte array')
  if (bytes.length < HEADER_SIZE || SPAN_INDEX_MAGIC.some((byte, i) => bytes[i] !== byte)) {
    throw new InvalidSpanIndexError('it does not start with the span index signature')
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const version = view.getUint32(8, true)
  if (version !== SPAN_INDEX_VERSION) throw new UnsupportedSpanIndexVersionError(version, SPAN_INDEX_VERSION)
  const documentCount = view.getUint32(12, true)
  const textLength = view.getUint32(16, true)
  const size = textLength + documentCount
  if (size > MAX_SPAN_INDEX_SYMBOLS) throw new InvalidSpanIndexError('it claims more bytes than an index can hold')
  const tableEnd = HEADER_SIZE + documentCount * DOCUMENT_ENTRY_SIZE
  const head = tableEnd + textLength
  const expected = head + padding(head) + size * 4
  if (bytes.length !== expected) {
    throw new InvalidSpanIndexError(`it is ${bytes.length} bytes long where its header implies ${expected}`)
  }

  const documents: SpanIndexDocument[] = []
  const seen = new Set<Hex>()
  const text = new Uint16Array(size)
  let start = 0
  for (let i = 0; i < documentCount; i++) {
    const at = HEADER_SIZE + i * DOCUMENT_ENTRY_SIZE
    const contentHash: Hex = bytesToHex(bytes.subarray(at, at + 32))
    // buildSpanIndex refuses a repeated document; a file holding one would pay its earlier copy nothing.
    if (seen.has(contentHash)) throw new InvalidSpanIndexError(`it holds document ${contentHash} twice`)
    seen.add(contentHash)
    const length = view.getUint32(at + 32, true)
    if (start - i + length > textLength) throw new InvalidSpanIndexError('its documents add up to more than its text')
    text.set(bytes.subarray(tableEnd + start - i, tableEnd + start - i + length), start)
    text[start + length] = SEPARATOR
    documents.push({ contentHash, start, length })
    start += length + 1
  }
  if (start !== size) throw new InvalidSpanIndexError('its documents add up to less than its text')

  const arrayStart = head + padding(head)
  const suffixArray = new Int32Array(size)
  if (littleEndian) {
    new Uint8Array(suffixArray.buffer).set(bytes.subarray(arrayStart))
  } else {
    for (let i = 0; i < size; i++) suffixArray[i] = view.getInt32(arrayStart + i * 4, true)
  }
  checkSuffixArray(text, suffixArray)
  return { text, suffixArray, documents }
}

/** Every position exactly once, and first symbols in non-decreasing order: what a damaged or foreign array breaks. */
function checkSuffixArray(text: Uint16Array, suffixArray: Int32Array): void {
  const seen = new Uint8Array(Math.ceil(text.length / 8))
  let previous = 0
  for (let i = 0; i < suffixArray.length; i++) {
    const position = suffixArray[i] as number
    if (position < 0 || position >= text.length) {
      throw new InvalidSpanIndexError(`its suffix array points outside the text at entry ${i}`)
    }
    const bit = 1 << (position & 7)
    if ((seen[position >> 3] as number) & bit) {
      throw new InvalidSpanIndexError(`its suffix array lists position ${position} twice`)
    }
    seen[position >> 3] = (seen[position >> 3] as number) | bit
    const symbol = text[position] as number
    if (symbol < previous) throw new InvalidSpanIndexError(`its suffix array is out of order at entry ${i}`)
    previous = symbol
  }
}
