import { BaseError } from '../errors/base.js'

/** A reward tree was asked for over no accounts. */
export class EmptyRewardTreeError extends BaseError {
  override name = 'EmptyRewardTreeError' as const
  constructor() {
    super('A reward tree needs at least one account: there is nobody to pay this epoch.')
  }
}

/** An account is not an address, or its letter case breaks the EIP-55 checksum (usually a typo). */
export class InvalidRewardAccountError extends BaseError {
  override name = 'InvalidRewardAccountError' as const
  /** The entry's position in the input, when the account came from a list of entries. */
  readonly index: number | undefined
  constructor(account: unknown, index?: number, reason: 'malformed' | 'checksum' = 'malformed') {
    const where = index === undefined ? '' : `Entry ${index}: `
    super(
      reason === 'checksum'
        ? `${where}${String(account)} fails its checksum (the letter case is wrong), so it may be mistyped. Check the address, or pass it in lower case.`
        : `${where}${String(account)} is not an address (0x followed by 40 hex digits).`,
    )
    this.index = index
  }
}

/** An account appears twice; a cumulative tree holds exactly one amount per account. */
export class DuplicateRewardAccountError extends BaseError {
  override name = 'DuplicateRewardAccountError' as const
  readonly account: string
  /** The positions of the two entries in the input. */
  readonly indices: readonly [number, number]
  constructor(account: string, first: number, second: number) {
    super(
      `${account} appears twice (entries ${first} and ${second}). Add its amounts into one entry: each account gets one cumulative amount.`,
    )
    this.account = account
    this.indices = [first, second]
  }
}

/** An amount is not a bigint from 0 to 2²⁵⁶ − 1, the range of the uint256 the contract reads. */
export class InvalidRewardAmountError extends BaseError {
  override name = 'InvalidRewardAmountError' as const
  readonly index: number
  constructor(amount: unknown, index: number) {
    super(
      `Entry ${index}: the amount ${String(amount)} is not a whole number of token units from 0 to 2^256 - 1 (pass a bigint).`,
    )
    this.index = index
  }
}
