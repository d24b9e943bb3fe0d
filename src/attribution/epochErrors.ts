import { BaseError } from '../errors/base.js'

/** Recomputing an epoch gave something other than its manifest says; `field` is the first difference. */
export class EpochMismatchError extends BaseError {
  override name = 'EpochMismatchError' as const
  readonly field: string
  constructor(field: string, expected: unknown, actual: unknown) {
    super(`The epoch does not verify: ${field} differs from what its inputs produce.`, {
      details: `manifest: ${String(expected)}; recomputed: ${String(actual)}`,
    })
    this.field = field
  }
}

/** The epoch's inputs are inconsistent (sizes, training set, previous epoch) before anything is computed. */
export class EpochInputError extends BaseError {
  override name = 'EpochInputError' as const
  constructor(message: string) {
    super(message)
  }
}

/** A training row names a contribution outside the model's training set. */
export class ContributionNotInTrainingSetError extends BaseError {
  override name = 'ContributionNotInTrainingSetError' as const
  constructor(row: number, contentHash: string) {
    super(
      `Training row ${row} belongs to contribution ${contentHash}, which is not in the model's training set: remove the row or train the model on that contribution.`,
    )
  }
}
