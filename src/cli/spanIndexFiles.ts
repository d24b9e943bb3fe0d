import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Hex } from 'viem'
import { buildSpanIndex, type SpanIndex } from '../attribution/spans/buildSpanIndex.js'
import { spanIndexFromBytes, spanIndexToBytes } from '../attribution/spans/spanIndexBytes.js'
import { SPAN_INDEX_FORMAT } from '../attribution/spans/spanIndexFormat.js'
import { spanIndexHash } from '../attribution/spans/spanIndexHash.js'
import { BaseError } from '../errors/base.js'
import { readContributionBytes } from './dataset.js'

export const SPAN_INDEX_FILE = 'span-index.bin'
const SPAN_INDEX_SUMMARY_FILE = 'span-index.json'

/** What span-index.json says of span-index.bin beside it: enough to check it, or rebuild it, without reading it. */
type SpanIndexSummary = {
  format: string
  /** spanIndexHash: what a span-usage epoch's manifest records as `method.indexHash`. */
  hash: Hex
  modelId: number
  documents: number
  bytes: number
  /** The shortest span that earns, in UTF-8 bytes, for the epochs built on this index. */
  minLength: number
}

/** The index in a file does not match the one its training contributions give. */
class SpanIndexMismatchError extends BaseError {
  override name = 'SpanIndexMismatchError' as const
  constructor(file: string, problem: string) {
    super(
      `The span index ${file} is not the index of the dataset's training contributions: ${problem} Rebuild it with "attribution-ledger index build".`,
    )
  }
}

/** Builds the span index of a dataset's training contributions, in training-set order, from their checked bytes. */
export function spanIndexOfDataset(path: string): SpanIndex {
  return buildSpanIndex({ documents: readContributionBytes(path) })
}

/** Writes span-index.bin (spanIndexToBytes) and span-index.json into `out`, beside the epoch files. */
export function writeSpanIndexFiles(
  out: string,
  index: SpanIndex,
  { modelId, minLength }: { modelId: number; minLength: number },
): SpanIndexSummary {
  mkdirSync(out, { recursive: true })
  const summary: SpanIndexSummary = {
    format: SPAN_INDEX_FORMAT,
    hash: spanIndexHash(index),
    modelId,
    documents: index.documents.length,
    bytes: index.documents.reduce((sum, { length }) => sum + length, 0),
    minLength,
  }
  writeFileSync(join(out, SPAN_INDEX_FILE), spanIndexToBytes(index))
  writeFileSync(join(out, SPAN_INDEX_SUMMARY_FILE), `${JSON.stringify(summary, null, 2)}\n`)
  return summary
}

/**
 * Checks a span index file against the index its dataset's contributions give: the same hash (documents, their order
 * and bytes) and the same suffix array, which the hash leaves out and a damaged or altered file could still change.
 */
export function verifySpanIndexFile(file: string, dataset: string): { hash: Hex; documents: number } {
  const stored = spanIndexFromBytes(new Uint8Array(readFileSync(file)))
  const rebuilt = spanIndexOfDataset(dataset)
  const hash = spanIndexHash(rebuilt)
  const storedHash = spanIndexHash(stored)
  if (storedHash !== hash) {
    throw new SpanIndexMismatchError(file, `its hash is ${storedHash}, and the contributions give ${hash}.`)
  }
  const bytesOf = ({ suffixArray: array }: SpanIndex) => Buffer.from(array.buffer, array.byteOffset, array.byteLength)
  if (!bytesOf(stored).equals(bytesOf(rebuilt))) {
    throw new SpanIndexMismatchError(file, 'its suffix array is not in the order its text gives.')
  }
  return { hash, documents: rebuilt.documents.length }
}
