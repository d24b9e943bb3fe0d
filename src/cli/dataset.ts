import { readFileSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import {
  contributionBytesFromDataset,
  type DatasetFile,
  DatasetFileError,
  epochDataFromDataset,
} from '../attribution/epochDataset.js'
import type { EpochUsage } from '../attribution/epochManifest.js'
import { InvalidUsageLogError } from '../attribution/usageLog.js'

/** A dataset file's JSON, and a reader for the contribution files it names, which are found beside it. */
function openDataset(path: string) {
  let file: DatasetFile
  try {
    file = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new DatasetFileError(path, `it is not readable JSON (${(error as Error).message}).`)
  }
  const base = dirname(path)
  // A dataset from someone else names its contribution files; it may not make the CLI read anything outside its folder.
  const readFile = (name: string) => {
    const where = relative(base, resolve(base, name))
    if (where.startsWith('..') || isAbsolute(where)) {
      throw new DatasetFileError(path, `the contribution file "${name}" is outside the dataset's folder.`)
    }
    return readFileSync(resolve(base, name))
  }
  return { file, options: { source: path, readFile } }
}

/** Reads a dataset file into the epoch's training and test points; contribution files are found beside it. */
export function readDataset(path: string) {
  const { file, options } = openDataset(path)
  return epochDataFromDataset(file, options)
}

/** The training contributions' exact bytes, in training-set order, checked against their content hashes. */
export function readContributionBytes(path: string) {
  const { file, options } = openDataset(path)
  return contributionBytesFromDataset(file, options)
}

/**
 * Reads a signed usage log file, `{ "log": UsageLog, "signature": "0x…" }`. Only its shape is checked here: the log's
 * fields and its signature are checked by buildEpoch and verifyEpoch, against the model's owner.
 */
export function readUsageLog(path: string): EpochUsage {
  let file: Partial<EpochUsage>
  try {
    file = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new InvalidUsageLogError(`${path} is not readable JSON (${(error as Error).message}).`)
  }
  if (
    !file ||
    typeof file !== 'object' ||
    !file.log ||
    typeof file.log !== 'object' ||
    typeof file.signature !== 'string'
  ) {
    throw new InvalidUsageLogError(
      `${path} must hold { "log": the usage log, "signature": the operator's signature of it, "0x…" }.`,
    )
  }
  return { log: file.log, signature: file.signature }
}
