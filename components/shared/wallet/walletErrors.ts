import { BaseError } from '../../../src/errors/base.js'

/** The wallet moved to another network while it was asked to sign: whatever it signs now is for the wrong chain. */
export class ChainChangedError extends BaseError {
  override name = 'ChainChangedError' as const
  readonly from: number | undefined
  readonly to: number
  constructor(from: number | undefined, to: number) {
    super('Your wallet switched networks while signing, so nothing was sent. Check the network and try again.', {
      details: `chain ${from ?? 'unknown'} → ${to}`,
    })
    this.from = from
    this.to = to
  }
}
