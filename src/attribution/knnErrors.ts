import { BaseError } from '../errors/base.js'

/** Which of the two data sets a problem was found in. */
export type DatasetName = 'train' | 'test'

const setName = (which: DatasetName) => (which === 'train' ? 'training' : 'test')

/** The training or the test set has no points, so there is nothing to value or nothing to value against. */
export class EmptyDatasetError extends BaseError {
  override name = 'EmptyDatasetError' as const
  readonly which: DatasetName

  constructor(which: DatasetName) {
    super(
      which === 'train'
        ? 'The training set is empty: add at least one point to value.'
        : 'The test set is empty: add at least one point to measure the training points against.',
    )
    this.which = which
  }
}

/**
 * The features or labels do not line up: a different number of labels than points, rows of different lengths, a
 * flat array whose length is not a multiple of the dimension, or training and test points of different dimensions.
 */
export class DatasetShapeError extends BaseError {
  override name = 'DatasetShapeError' as const
  readonly which: DatasetName

  constructor(which: DatasetName, problem: string) {
    super(`The ${setName(which)} set is not shaped correctly: ${problem}.`)
    this.which = which
  }
}

/** A feature, label or target is NaN or infinite (or a label is not a whole number), so no distance or value exists. */
export class NonFiniteValueError extends BaseError {
  override name = 'NonFiniteValueError' as const
  readonly which: DatasetName
  /** `'x'` for a feature, `'y'` for a label or target. */
  readonly field: 'x' | 'y'
  /** The point's position in its set. */
  readonly index: number

  constructor({ which, field, index, value }: { which: DatasetName; field: 'x' | 'y'; index: number; value: number }) {
    const what = field === 'x' ? 'a feature' : 'a label or target'
    super(
      `Point ${index} of the ${setName(which)} set has ${what} equal to ${value}; every value must be a finite number.`,
    )
    this.which = which
    this.field = field
    this.index = index
  }
}

/** A classification label is not a whole number. Labels name classes, so 1 and 1.5 cannot both be classes. */
export class InvalidLabelError extends BaseError {
  override name = 'InvalidLabelError' as const
  readonly which: DatasetName
  readonly index: number

  constructor({ which, index, value }: { which: DatasetName; index: number; value: number }) {
    super(`Point ${index} of the ${setName(which)} set has label ${value}; class labels must be whole numbers.`)
    this.which = which
    this.index = index
  }
}

/** `k`, the number of neighbours that vote, is not a whole number of at least 1. */
export class InvalidNeighborCountError extends BaseError {
  override name = 'InvalidNeighborCountError' as const
  readonly k: number

  constructor(k: number) {
    super(`The number of neighbours k must be a whole number of at least 1 (got ${k}).`)
    this.k = k
  }
}

/** `workers` is not a whole number of at least 0. */
export class InvalidWorkerCountError extends BaseError {
  override name = 'InvalidWorkerCountError' as const
  readonly workers: number

  constructor(workers: number) {
    super(`The number of workers must be a whole number of at least 0, where 0 means this thread (got ${workers}).`)
    this.workers = workers
  }
}

/** A worker thread could not start or stopped with an error; `cause` holds what it reported. */
export class KnnWorkerError extends BaseError {
  override name = 'KnnWorkerError' as const

  constructor({ reason, cause }: { reason: string; cause?: unknown }) {
    super(`The data values could not be computed in a worker thread: ${reason}`, { cause })
  }
}

/** The caller's AbortSignal fired before the values were ready. */
export class KnnAbortedError extends BaseError {
  override name = 'KnnAbortedError' as const

  constructor(cause?: unknown) {
    super('Computing the data values was cancelled.', { cause })
  }
}
