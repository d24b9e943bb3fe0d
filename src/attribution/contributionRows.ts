/**
 * A contribution's bytes as labelled rows: the training points it adds to a model. The rules below are part of the
 * epoch method: a verifier who parses the same bytes with them gets the same rows, bit for bit.
 *
 * - The bytes are UTF-8 (a leading byte-order mark is dropped); anything else is refused.
 * - `jsonl`: one JSON object per line: `{ "text": "…", "label": 1 }`, or `{ "features": [0.1, 2], "label": 1 }`
 *   (`embedding` is accepted for `features`). Lines end in `\n` or `\r\n`; blank lines are skipped.
 * - `csv` (RFC 4180): a header, then one row per line. A `label` column is required. Either a `text` column
 *   (and no other), or every other column is a numeric feature, in header order. Header names are trimmed; fields may
 *   be double-quoted (`""` is a quote) and then hold commas and line breaks; numbers are trimmed decimal literals.
 * - `item`: the whole bytes are one text point, labelled by the dataset.
 *
 * Every row's label is a finite number. Features are finite numbers, and every row of a contribution has as many.
 * Text rows and feature rows never mix in one contribution.
 */
import { BaseError } from '../errors/base.js'

export type ContributionFormat = 'jsonl' | 'csv' | 'item'

/** A contribution's rows: texts (featurised later, with the rest of the epoch) or feature vectors, and their labels. */
export type ContributionRows =
  | { kind: 'text'; texts: string[]; y: Float64Array }
  | { kind: 'features'; x: Float64Array; dimension: number; y: Float64Array }

export type ParseContributionRowsParameters = {
  format: ContributionFormat
  /** Names the contribution in error messages, such as its file name. */
  source: string
  /** The label of an `item`: one item carries none itself. */
  label?: number | undefined
}

const where = (source: string, line?: number) => (line === undefined ? source : `${source}, line ${line}`)

/** The contribution has no rows: an empty file, or a header with nothing under it. */
export class EmptyContributionError extends BaseError {
  override name = 'EmptyContributionError' as const
  constructor(source: string) {
    super(`${source} holds no rows: a contribution needs at least one labelled row.`)
  }
}

/** A feature (or a label) is NaN, infinite, or not a number at all, so no distance to it exists. */
export class NonFiniteFeatureError extends BaseError {
  override name = 'NonFiniteFeatureError' as const
  constructor(source: string, line: number | undefined, what: string) {
    super(`${where(source, line)}: ${what} is not a finite number. Write every feature as a plain decimal number.`)
  }
}

/** Rows of one contribution have different numbers of fields or features. */
export class RaggedContributionRowsError extends BaseError {
  override name = 'RaggedContributionRowsError' as const
  constructor(source: string, line: number, problem: string) {
    super(`${where(source, line)}: ${problem}. Every row needs the same number of features.`)
  }
}

/** A row has no label, or its label is not a number. */
export class MissingLabelError extends BaseError {
  override name = 'MissingLabelError' as const
  constructor(source: string, line: number | undefined, problem = 'has no label') {
    super(`${where(source, line)} ${problem}. Every row needs a numeric "label".`)
  }
}

/** Text rows and numeric rows are mixed in one contribution (or one row has both). */
export class MixedContributionRowsError extends BaseError {
  override name = 'MixedContributionRowsError' as const
  constructor(source: string, line: number | undefined, problem: string) {
    super(`${where(source, line)}: ${problem}. A contribution holds text rows or feature rows, not both.`)
  }
}

/** The bytes are not what their format says: not UTF-8, a line that is not a JSON object, an unclosed quote. */
export class MalformedContributionError extends BaseError {
  override name = 'MalformedContributionError' as const
  constructor(source: string, line: number | undefined, problem: string) {
    super(`${where(source, line)}: ${problem}.`)
  }
}

export type ParseContributionRowsErrorType =
  | EmptyContributionError
  | NonFiniteFeatureError
  | RaggedContributionRowsError
  | MissingLabelError
  | MixedContributionRowsError
  | MalformedContributionError

// A decimal literal and nothing else: Number() would also take '', '0x10', ' 1 ' and 'Infinity'.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

function decode(bytes: Uint8Array, source: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new MalformedContributionError(source, undefined, 'it is not UTF-8 text')
  }
}

/** Collects rows of one kind, checking that kinds never mix and that feature rows all have one width. */
function rowCollector(source: string) {
  const texts: string[] = []
  const features: number[] = []
  const labels: number[] = []
  let kind: 'text' | 'features' | undefined
  let width = 0
  const setKind = (next: 'text' | 'features', line: number) => {
    if (kind !== undefined && kind !== next) {
      throw new MixedContributionRowsError(source, line, `this row holds ${next} but the rows before it hold ${kind}`)
    }
    kind = next
  }
  return {
    text(line: number, text: string, label: number) {
      setKind('text', line)
      texts.push(text)
      labels.push(label)
    },
    features(line: number, row: readonly number[], label: number) {
      setKind('features', line)
      if (labels.length === 0) width = row.length
      else if (row.length !== width) {
        throw new RaggedContributionRowsError(
          source,
          line,
          `this row has ${row.length} features, the first has ${width}`,
        )
      }
      // A loop, not push(...row): spreading a very wide row overflows the call stack.
      for (const value of row) features.push(value)
      labels.push(label)
    },
    done(): ContributionRows {
      const y = Float64Array.from(labels)
      if (kind === undefined) throw new EmptyContributionError(source)
      return kind === 'text' ? { kind, texts, y } : { kind, x: Float64Array.from(features), dimension: width, y }
    },
  }
}

function jsonLabel(value: unknown, source: string, line: number): number {
  if (value === undefined || value === null) throw new MissingLabelError(source, line)
  if (typeof value !== 'number') throw new MissingLabelError(source, line, `has a label that is not a number`)
  if (!Number.isFinite(value)) throw new NonFiniteFeatureError(source, line, 'the label')
  return value
}

function parseJsonl(text: string, source: string): ContributionRows {
  const rows = rowCollector(source)
  text.split('\n').forEach((raw, i) => {
    const line = i + 1
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (content.trim() === '') return
    let row: unknown
    try {
      row = JSON.parse(content)
    } catch {
      throw new MalformedContributionError(source, line, 'this line is not valid JSON')
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new MalformedContributionError(source, line, 'each line must be one JSON object')
    }
    const { text: rowText, features, embedding, label } = row as Record<string, unknown>
    if (features !== undefined && embedding !== undefined) {
      throw new MalformedContributionError(source, line, 'give "features" or "embedding", not both')
    }
    const vector = features ?? embedding
    if (rowText !== undefined && vector !== undefined) {
      throw new MixedContributionRowsError(source, line, 'this row has both "text" and features')
    }
    if (typeof rowText === 'string') {
      rows.text(line, rowText, jsonLabel(label, source, line))
      return
    }
    if (!Array.isArray(vector) || vector.length === 0) {
      throw new MalformedContributionError(
        source,
        line,
        'each row needs a "text" string or a non-empty "features" array',
      )
    }
    vector.forEach((value, j) => {
      // JSON has no NaN or Infinity: JSON.stringify writes them as null, and 1e999 parses as Infinity.
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new NonFiniteFeatureError(source, line, `feature ${j + 1} (${JSON.stringify(value) ?? value})`)
      }
    })
    rows.features(line, vector as number[], jsonLabel(label, source, line))
  })
  return rows.done()
}

/** RFC 4180 records, each with the line it starts on; blank lines are skipped. */
function csvRecords(text: string, source: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = []
  let fields: string[] = []
  let field = ''
  // Whether the current field was quoted: a quoted empty field is a value, an empty line is not a record.
  let quoted = false
  let line = 1
  let start = 1
  const endField = () => {
    fields.push(field)
    field = ''
    quoted = false
  }
  const endRecord = () => {
    const blank = fields.length === 0 && field === '' && !quoted
    endField()
    if (!blank) records.push({ line: start, fields })
    fields = []
  }
  let i = 0
  while (i < text.length) {
    const char = text[i]
    if (char === '"' && field === '' && !quoted) {
      quoted = true
      const opened = line
      i++
      while (!(text[i] === '"' && text[i + 1] !== '"')) {
        if (i >= text.length) throw new MalformedContributionError(source, opened, 'a quoted field is never closed')
        if (text[i] === '\n') line++
        field += text[i]
        i += text[i] === '"' ? 2 : 1
      }
      i++
      const next = text[i]
      if (next !== undefined && next !== ',' && next !== '\n' && !(next === '\r' && text[i + 1] === '\n')) {
        throw new MalformedContributionError(source, line, 'a closing quote must end its field')
      }
      continue
    }
    if (char === ',') endField()
    else if (char === '\n' || (char === '\r' && text[i + 1] === '\n')) {
      if (char === '\r') i++
      endRecord()
      line++
      start = line
    } else field += char
    i++
  }
  if (field !== '' || quoted || fields.length > 0) endRecord()
  return records
}

const NON_FINITE = /^[+-]?(?:nan|inf(?:inity)?)$/i

function csvNumber(value: string, source: string, line: number, what: string): number {
  const trimmed = value.trim()
  const number = Number(trimmed)
  if (!DECIMAL.test(trimmed) || !Number.isFinite(number)) {
    throw new NonFiniteFeatureError(source, line, `${what} ("${value}")`)
  }
  return number
}

function parseCsv(text: string, source: string): ContributionRows {
  const [header, ...records] = csvRecords(text, source)
  if (!header) throw new EmptyContributionError(source)
  const names = header.fields.map((name) => name.trim())
  const duplicate = names.find((name, i) => names.indexOf(name) !== i)
  if (duplicate !== undefined) {
    throw new MalformedContributionError(source, header.line, `the header names column "${duplicate}" twice`)
  }
  const labelAt = names.indexOf('label')
  if (labelAt < 0) throw new MissingLabelError(source, header.line, 'has no "label" column in its header')
  const textAt = names.indexOf('text')
  const featureAt = names.flatMap((name, i) => (name === 'label' || name === 'text' ? [] : [i]))
  if (textAt >= 0 && featureAt.length > 0) {
    throw new MixedContributionRowsError(
      source,
      header.line,
      `the header has a "text" column and feature columns (${featureAt.map((i) => names[i]).join(', ')})`,
    )
  }
  if (textAt < 0 && featureAt.length === 0) {
    throw new MalformedContributionError(source, header.line, 'the header needs a "text" column or feature columns')
  }
  const rows = rowCollector(source)
  for (const { line, fields } of records) {
    if (fields.length !== names.length) {
      throw new RaggedContributionRowsError(
        source,
        line,
        `this row has ${fields.length} fields, the header ${names.length}`,
      )
    }
    const labelField = fields[labelAt] as string
    const trimmed = labelField.trim()
    if (trimmed === '') throw new MissingLabelError(source, line)
    if (!DECIMAL.test(trimmed) && !NON_FINITE.test(trimmed)) {
      throw new MissingLabelError(source, line, `has a label ("${labelField}") that is not a number`)
    }
    const label = csvNumber(labelField, source, line, 'the label')
    if (textAt >= 0) rows.text(line, fields[textAt] as string, label)
    else
      rows.features(
        line,
        featureAt.map((i) => csvNumber(fields[i] as string, source, line, `column "${names[i]}"`)),
        label,
      )
  }
  return rows.done()
}

/**
 * Parses a contribution's bytes into labelled rows, by the rules at the top of this module: JSONL or CSV rows of text
 * or numeric features, or the whole bytes as one text item. Throws a named error naming the source and line for
 * anything it cannot read as rows.
 *
 * @example
 * const rows = parseContributionRows(readFileSync('alice.jsonl'), { format: 'jsonl', source: 'alice.jsonl' })
 * // { kind: 'features', x: Float64Array [...], dimension: 64, y: Float64Array [0, 1, …] }
 */
export function parseContributionRows(
  bytes: Uint8Array,
  { format, source, label }: ParseContributionRowsParameters,
): ContributionRows {
  if (bytes.byteLength === 0) throw new EmptyContributionError(source)
  const text = decode(bytes, source)
  if (format === 'jsonl') return parseJsonl(text, source)
  if (format === 'csv') return parseCsv(text, source)
  if (label === undefined)
    throw new MissingLabelError(source, undefined, 'is one item, and its dataset entry has no label')
  if (!Number.isFinite(label)) throw new NonFiniteFeatureError(source, undefined, 'the label')
  return { kind: 'text', texts: [text], y: Float64Array.of(label) }
}
