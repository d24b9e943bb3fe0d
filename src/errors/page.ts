import { BaseError } from './base.js'

/** A page of a list was asked for with a cursor or a size the list cannot take. */
export class InvalidPageError extends BaseError {
  override name = 'InvalidPageError' as const
  constructor(details: string) {
    super('This page of the list cannot be read: pass a `nextCursor` the list gave, and a limit from 1 to 500.', {
      details,
    })
  }
}
