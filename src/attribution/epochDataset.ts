import type { Hex } from 'viem'
import { BaseError } from '../errors/base.js'
import { featurizeTexts } from './featurizeText.js'

type Row = { text?: string; embedding?: number[]; label: number }

/**
 * An epoch's dataset file: `{ "train": [{ "contentHash", "text" | "embedding", "label" }], "test": [{ "text" |
 * "embedding", "label" }] }`. Text goes through the built-in featuriser; embeddings from any model are taken as they are.
 */
export type DatasetFile = { train: (Row & { contentHash: Hex })[]; test: Row[]; dimension?: number }

export class DatasetFileError extends BaseError {
  override name = 'DatasetFileError' as const
  constructor(source: string, problem: string) {
    super(`The dataset ${source} is not usable: ${problem}`)
  }
}

function points(source: string, rows: Row[], dimension: number | undefined, name: string) {
  if (!Array.isArray(rows) || rows.length === 0) throw new DatasetFileError(source, `"${name}" needs at least one row.`)
  const texts = rows.every((row) => typeof row.text === 'string')
  const embeddings = rows.every((row) => Array.isArray(row.embedding))
  if (!texts && !embeddings)
    throw new DatasetFileError(source, `every "${name}" row needs a "text", or every one an "embedding".`)
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
    throw new DatasetFileError(source, `every "${name}" embedding needs the same length.`)
  }
  return { x: Float64Array.from(rows.flatMap((row) => row.embedding ?? [])), dimension: width, y }
}

/**
 * An epoch's training and test points from a dataset file's JSON: text rows are featurised with the built-in
 * featuriser (the same bits everywhere, so a browser can re-run `verifyEpoch`), embedding rows are taken as they are.
 *
 * @example
 * const { train, test } = epochDataFromDataset(await (await fetch('/epochs/1/dataset.json')).json())
 * await verifyEpoch(manifest, { train, test })
 */
export function epochDataFromDataset(file: DatasetFile, source = 'the dataset') {
  if (!file || typeof file !== 'object') throw new DatasetFileError(source, 'it is not a JSON object.')
  return {
    train: {
      ...points(source, file.train, file.dimension, 'train'),
      contentHashes: file.train.map((row) => row.contentHash),
    },
    test: points(source, file.test, file.dimension, 'test'),
  }
}
