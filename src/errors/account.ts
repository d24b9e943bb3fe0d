import { BaseError } from './base.js'

/** The client has no account to sign or send with. */
export class AccountRequiredError extends BaseError {
  override name = 'AccountRequiredError' as const
  constructor() {
    super('Connect a wallet first: signing needs an account.')
  }
}
