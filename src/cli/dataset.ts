import { readFileSync } from 'node:fs'
import { type DatasetFile, DatasetFileError, epochDataFromDataset } from '../attribution/epochDataset.js'

/** Reads a dataset file into the epoch's training and test points. */
export function readDataset(path: string) {
  let file: DatasetFile
  try {
    file = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new DatasetFileError(path, `it is not readable JSON (${(error as Error).message}).`)
  }
  return epochDataFromDataset(file, path)
}
