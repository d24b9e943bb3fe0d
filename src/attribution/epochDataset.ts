import { bytesToHex, type Hex } from 'viem'
import { createSha256 } from '../content/sha256.js'
import { BaseError } from '../errors/base.js'
import {
  type ContributionFormat,
  type ContributionRows,
  MissingLabelError,
  MixedContributionRowsError,
  NonFiniteFeatureError,
  parseContributionRows,
} from './contributionRows.js'
import { featurizeTexts } from './featurizeText.js'

type Row = { text?: string; embedding?: number[]; label: number }

/** One training point of the contribution `contentHash`; a contribution may have several. */
type RowEntry = Row & { contentHash: Hex }
/**
 * A contribution file: all of its rows. `format` defaults from the name (`.jsonl` or `.ndjson`, `.csv`, anything else
 * one item, labelled by `label`). `contentHash` defaults to the file's SHA-256; given, it must equal it.
 */
type FileEntry = { file: string; contentHash?: Hex; format?: ContributionFormat; label?: number }

/**
 * An epoch's dataset file: `{ "train": [...], "test"?: [{ "text" | "embedding", "label" }], "dimension"? }`. A train
 * entry is a row, `{ "contentHash", "text" | "embedding", "label" }` (rows sharing a content hash belong to one
 * contribution), or a contribution file, `{ "file", "contentHash"?, "format"?, "label"? }` (see `parseContributionRows`).
 * Text goes through the built-in featuriser; embeddings from any model are taken as they are. A usage epoch, valued
 * against the queries of a signed usage log, needs no `test`.
 */
export type DatasetFile = { train: (RowEntry | FileEntry)[]; test?: Row[]; dimension?: number }

export type EpochDataFromDatasetOptions = {
  /** Names the dataset in error messages. */
  source?: string
  /** Reads a contribution file named by a train entry's `file` (the CLI resolves it beside the dataset file). */
  readFile?: (path: string) => Uint8Array
}

export class DatasetFileError extends BaseError {
  override name = 'DatasetFileError' as const
  constructor(source: string, problem: string) {
    super(`The dataset ${source} is not usable: ${problem}`)
  }
}

const formatOf = (file: string): ContributionFormat =>
  /\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : /\.csv$/i.test(file) ? 'csv' : 'item'

const sha256Hex = (bytes: Uint8Array): Hex => bytesToHex(createSha256().update(bytes).digest())

/** An inline row as rows of its own, checked as a contribution file's row would be. */
function inlineRows(row: Row, where: string, missing: () => Error): ContributionRows {
  if (typeof row.label !== 'number') throw new MissingLabelError(where, undefined)
  if (!Number.isFinite(row.label)) throw new NonFiniteFeatureError(where, undefined, 'the label')
  const y = Float64Array.of(row.label)
  if (typeof row.text === 'string' && row.embedding !== undefined) {
    throw new MixedContributionRowsError(where, undefined, 'this row has both "text" and an "embedding"')
  }
  if (typeof row.text === 'string') return { kind: 'text', texts: [row.text], y }
  if (!Array.isArray(row.embedding)) throw missing()
  row.embedding.forEach((value, j) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new NonFiniteFeatureError(where, undefined, `embedding value ${j + 1} (${JSON.stringify(value)})`)
    }
  })
  return { kind: 'features', x: Float64Array.from(row.embedding), dimension: row.embedding.length, y }
}

/** Gathers one set's rows (texts or embeddings, never both) and featurises texts once, at the end. */
function pointCollector(source: string, name: string) {
  const texts: string[] = []
  const features: number[] = []
  const labels: number[] = []
  let kind: ContributionRows['kind'] | undefined
  let width = 0
  // A row that is neither text nor embedding, or not the kind of the rows before it.
  const mixed = () => new DatasetFileError(source, `every "${name}" row needs a "text", or every one an "embedding".`)
  return {
    mixed,
    add(rows: ContributionRows) {
      if (kind !== undefined && kind !== rows.kind) throw mixed()
      if (rows.kind === 'features') {
        if (kind !== undefined && rows.dimension !== width) {
          throw new DatasetFileError(source, `every "${name}" embedding needs the same length.`)
        }
        width = rows.dimension
        for (const value of rows.x) features.push(value)
      } else texts.push(...rows.texts)
      kind = rows.kind
      for (const label of rows.y) labels.push(label)
    },
    points(dimension: number | undefined) {
      const y = Float64Array.from(labels)
      if (kind === 'text') return { ...featurizeTexts(texts, dimension ? { dimension } : {}), y }
      return { x: Float64Array.from(features), dimension: width, y }
    },
    /** Each row's text, for the near-duplicate rule; `undefined` when the rows are embeddings (they carry none). */
    texts: (): string[] | undefined => (kind === 'text' ? texts : undefined),
  }
}

/**
 * An epoch's training and test points from a dataset file's JSON. Contribution files are read with `readFile`, checked
 * against their content hash (SHA-256) and parsed into rows by `parseContributionRows`; every row remembers its
 * contribution (`rowContentHashes`), and text rows their text (`texts`), so the near-duplicate rule compares texts too.
 * Text rows are featurised with the built-in featuriser (the same bits everywhere, so a browser can re-run
 * `verifyEpoch`); embedding rows are taken as they are. `test` is `undefined` when the file has none (a usage epoch).
 *
 * @example
 * const { train, test } = epochDataFromDataset(await (await fetch('/epochs/1/dataset.json')).json())
 * await verifyEpoch(manifest, { train, test })
 */
export function epochDataFromDataset(
  file: DatasetFile,
  { source = 'the dataset', readFile }: EpochDataFromDatasetOptions = {},
) {
  if (!file || typeof file !== 'object') throw new DatasetFileError(source, 'it is not a JSON object.')
  if (!Array.isArray(file.train) || file.train.length === 0) {
    throw new DatasetFileError(source, '"train" needs at least one row.')
  }
  // Absent, the epoch is valued against a usage log; present, it must hold something to value against.
  if (file.test !== undefined && (!Array.isArray(file.test) || file.test.length === 0)) {
    throw new DatasetFileError(source, '"test" needs at least one row, or leave it out for a usage epoch.')
  }
  const train = pointCollector(source, 'train')
  const contentHashes: Hex[] = []
  const rowContentHashes: Hex[] = []
  // Each contribution once, by lower-case hash: whether a file holds it (then that is its only entry), and its hash
  // as first written, which all its rows then name.
  const seen = new Map<string, { file: boolean; contentHash: Hex }>()
  file.train.forEach((entry, i) => {
    if (typeof entry !== 'object' || entry === null) {
      throw new DatasetFileError(source, `train entry ${i + 1} is not a JSON object.`)
    }
    const isFile = 'file' in entry
    let contentHash = entry.contentHash
    let rows: ContributionRows
    if (isFile) {
      const { bytes, actual } = readContributionFile(entry, i, source, readFile)
      contentHash ??= actual
      rows = parseContributionRows(bytes, {
        format: entry.format ?? formatOf(entry.file),
        source: entry.file,
        label: entry.label,
      })
    } else {
      rows = inlineRows(entry, `${source}, train entry ${i + 1}`, train.mixed)
    }
    if (typeof contentHash !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(contentHash)) {
      throw new DatasetFileError(source, `train entry ${i + 1} needs a "contentHash" (0x and 64 hex digits).`)
    }
    const key = contentHash.toLowerCase()
    const before = seen.get(key)
    if (before && (before.file || isFile)) {
      throw new DatasetFileError(
        source,
        `contribution ${contentHash} has a file and another train entry; give its rows once.`,
      )
    }
    if (!before) {
      seen.set(key, { file: isFile, contentHash })
      contentHashes.push(contentHash)
    }
    const named = before?.contentHash ?? contentHash
    train.add(rows)
    for (let row = 0; row < rows.y.length; row++) rowContentHashes.push(named)
  })
  return {
    train: { ...train.points(file.dimension), contentHashes, rowContentHashes, texts: train.texts() },
    test: file.test && testPoints(file.test, source, file.dimension),
  }
}

/** A train entry's file, read and checked against the content hash the entry names, if it names one. */
function readContributionFile(
  entry: FileEntry,
  i: number,
  source: string,
  readFile: EpochDataFromDatasetOptions['readFile'],
) {
  if (!readFile) throw new DatasetFileError(source, `train entry ${i + 1} names a file, and no files can be read here.`)
  let bytes: Uint8Array
  try {
    bytes = readFile(entry.file)
  } catch (error) {
    throw new DatasetFileError(source, `${entry.file} cannot be read (${(error as Error).message}).`)
  }
  const actual = sha256Hex(bytes)
  if (entry.contentHash !== undefined && actual !== entry.contentHash.toLowerCase()) {
    throw new DatasetFileError(
      source,
      `${entry.file} has SHA-256 ${actual}, not the content hash ${entry.contentHash} its entry names: it is not that contribution.`,
    )
  }
  return { bytes, actual }
}

/** A training contribution is given as inline rows, so the dataset does not hold its bytes. */
export class MissingContributionBytesError extends BaseError {
  override name = 'MissingContributionBytesError' as const
  readonly contentHash: string
  constructor(source: string, contentHash: string) {
    super(
      `The dataset ${source} gives contribution ${contentHash} as rows, not as its file: a span index is built over each training contribution's exact bytes, so give it as { "file": "…" } beside the dataset.`,
    )
    this.contentHash = contentHash
  }
}

export type ContributionBytesFromDatasetReturnType = { contentHash: Hex; bytes: Uint8Array }[]

/**
 * Each training contribution's exact bytes, in the dataset's training-set order, for `buildSpanIndex`: every
 * contribution must be given as a file, whose SHA-256 is its content hash (checked; the hash defaults to it, as in
 * `epochDataFromDataset`). A contribution given as inline rows throws `MissingContributionBytesError`.
 *
 * @example
 * const index = buildSpanIndex({ documents: contributionBytesFromDataset(file, { readFile }) })
 */
export function contributionBytesFromDataset(
  file: DatasetFile,
  { source = 'the dataset', readFile }: EpochDataFromDatasetOptions = {},
): ContributionBytesFromDatasetReturnType {
  if (!file || typeof file !== 'object') throw new DatasetFileError(source, 'it is not a JSON object.')
  if (!Array.isArray(file.train) || file.train.length === 0) {
    throw new DatasetFileError(source, '"train" needs at least one row.')
  }
  return file.train.map((entry, i) => {
    if (typeof entry !== 'object' || entry === null) {
      throw new DatasetFileError(source, `train entry ${i + 1} is not a JSON object.`)
    }
    if (!('file' in entry)) {
      throw new MissingContributionBytesError(source, String(entry.contentHash ?? `of train entry ${i + 1}`))
    }
    const { bytes, actual } = readContributionFile(entry, i, source, readFile)
    return { contentHash: entry.contentHash ?? actual, bytes }
  })
}

function testPoints(rows: Row[], source: string, dimension: number | undefined) {
  const test = pointCollector(source, 'test')
  rows.forEach((row, i) => {
    if (typeof row !== 'object' || row === null) throw test.mixed()
    test.add(inlineRows(row, `${source}, test row ${i + 1}`, test.mixed))
  })
  return test.points(dimension)
}
