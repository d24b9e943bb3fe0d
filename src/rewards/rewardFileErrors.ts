import { BaseError } from '../errors/base.js'

/** The reward file does not belong to the epoch that is claimable on-chain (stale, tampered or for another chain). */
export class RewardTreeMismatchError extends BaseError {
  override name = 'RewardTreeMismatchError' as const
  readonly epochId: number
  constructor(epochId: number, details: string) {
    super(`The reward file does not match epoch ${epochId} on-chain, so no amount from it can be trusted.`, { details })
    this.epochId = epochId
  }
}

/** The reward file could not be fetched or read. */
export class RewardTreeUnavailableError extends BaseError {
  override name = 'RewardTreeUnavailableError' as const
  constructor(source: string, cause?: unknown) {
    super(`The reward file at ${source} could not be loaded. Check your connection and try again.`, { cause })
  }
}
