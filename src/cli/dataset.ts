import { readFileSync } from 'node:fs'
import type { Hex } from 'viem'
import { featurizeTexts } from '../attribution/featurizeText.js'
import { BaseError } from '../errors/base.js'

type Row = { text?: string; embedding?: number[]; label: number }

/**
 * An epoch's dataset file: `{ "train": [{ "contentHash", "text" | "embedding", "label" }], "test": [{ "text" |
 * "embedding", "label" }] }`. Text goes through the built-in featuriser; embeddings from any model are taken as they are.
 */
export type DatasetFile = { train: (Row & { contentHash: Hex })[]; test: Row[]; dimension?: number }

export class DatasetFileError extends BaseError {
  override name = 'DatasetFileError' as const
  constructor(path: string, problem: string) {
    super(`The dataset ${path} is not usable: ${problem}`)
  }
}

function points(path: string, rows: Row[], dimension: number | undefined, name: string) {
  if (!Array.isArray(rows) || rows.length === 0) throw new DatasetFileError(path, `"${name}" needs at least one row.`)
  const texts = rows.every((row) => typeof row.text === 'string')
  const embeddings = rows.every((row) => Array.isArray(row.embedding))
  if (!texts && !embeddings)
    throw new DatasetFileError(path, `every "${name}" row needs a "text", or every one an "embedding".`)
  const y = Float64Array.from(rows, (row) => row.label)
  if (texts)
    return {
      ...featurizeTexts(
        rows.map((row) => row.text as string),
        dimension ? { dimension } : {},
      ),
      y,
    }
  const width = rows[0]?.embedding?.length ?? 0
  if (!rows.every((row) => row.embedding?.length === width)) {
    throw new DatasetFileError(path, `every "${name}" embedding needs the same length.`)
  }
  return { x: Float64Array.from(rows.flatMap((row) => row.embedding ?? [])), dimension: width, y }
}

/** Reads a dataset file into the epoch's training and test points. */
export function readDataset(path: string) {
  let file: DatasetFile
  try {
    file = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new DatasetFileError(path, `it is not readable JSON (${(error as Error).message}).`)
  }
  return {
    train: {
      ...points(path, file.train, file.dimension, 'train'),
      contentHashes: file.train.map((row) => row.contentHash),
    },
    test: points(path, file.test, file.dimension, 'test'),
  }
}
