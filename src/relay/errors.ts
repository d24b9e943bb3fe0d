import { BaseError, type BaseErrorParameters } from '../errors/base.js'

/** A problem with one field of a request, by its path (`registration.contentHash`). */
export type RelayIssue = { field: string; message: string }

/**
 * A request the relay refuses before sending anything, with the HTTP status it answers: 400 for a request it cannot
 * read, 403 for one it will not pay for, 429 for one that comes too soon. Its `name` and `shortMessage` go to the
 * caller, who may show them to a person; `details` says what an engineer needs.
 */
export class RelayRefusalError extends BaseError {
  override name: string = 'RelayRefusalError'
  readonly status: number
  constructor(status: number, shortMessage: string, parameters: BaseErrorParameters = {}) {
    super(shortMessage, parameters)
    this.status = status
  }
}

/** The request is not one the relay reads: not JSON, a missing or malformed field, another chain or contract. */
export class RelayRequestError extends RelayRefusalError {
  override name = 'RelayRequestError' as const
  readonly issues: RelayIssue[]
  constructor(message: string, issues: RelayIssue[] = [], parameters: BaseErrorParameters = {}) {
    super(400, message, parameters)
    this.issues = issues
  }
}

/** One account asked more often than the relay allows in its window; `retryAfter` says when to ask again. */
export class RelayRateLimitError extends RelayRefusalError {
  override name = 'RelayRateLimitError' as const
  readonly retryAfter: number
  constructor(what: string, retryAfter: number) {
    super(429, `Too many ${what} from this account; try again in ${retryAfter} s.`)
    this.retryAfter = retryAfter
  }
}

/** The relay has created as many accounts as it may in its window, overall or for this passkey. */
export class AccountCreationLimitError extends RelayRefusalError {
  override name = 'AccountCreationLimitError' as const
  readonly retryAfter: number
  constructor({ retryAfter, scope }: { retryAfter: number; scope: 'all' | 'signer' }) {
    super(
      429,
      scope === 'all'
        ? `Many new accounts are being set up right now; try again in ${retryAfter} s.`
        : `This passkey has set up too many accounts; try again in ${retryAfter} s.`,
      { details: `Account creation budget (${scope === 'all' ? 'global' : 'per signer'}) spent for this window.` },
    )
    this.retryAfter = retryAfter
  }
}

/** A signature or action asks the relay to set up an account with another platform's account factory. */
export class ForeignAccountFactoryError extends RelayRefusalError {
  override name = 'ForeignAccountFactoryError' as const
  constructor({ factory, expected }: { factory: string; expected: string }) {
    super(403, 'This account was not made on this platform, so the relay cannot set it up.', {
      details: `ERC-6492 / initCode factory ${factory} is not the deployment's accountFactory ${expected}.`,
    })
  }
}

/** The account factory is the right one, but what it is asked to do is not creating an account. */
export class AccountCreationRefusedError extends RelayRefusalError {
  override name = 'AccountCreationRefusedError' as const
  constructor(details: string) {
    super(403, 'The account setup that came with this request is not one the relay carries out.', { details })
  }
}

/** Setting up the account as asked would make another account than the one the request names. */
export class AccountAddressMismatchError extends RelayRefusalError {
  override name = 'AccountAddressMismatchError' as const
  constructor({ predicted, account }: { predicted: string; account: string }) {
    super(403, `This request names account ${account}, but its passkey belongs to another account.`, {
      details: `factory.predictAddress(signer, salt) is ${predicted}.`,
    })
  }
}

/** The relay acts only for accounts of the platform's factory, and this one is not. */
export class UnknownAccountError extends RelayRefusalError {
  override name = 'UnknownAccountError' as const
  constructor({ account, details }: { account: string; details: string }) {
    super(403, `The relay acts only for accounts made on this platform, and ${account} is not one.`, { details })
  }
}

/** An action includes a call the relay does not pay for (see the README's list of what it carries out). */
export class CallNotAllowedError extends RelayRefusalError {
  override name = 'CallNotAllowedError' as const
  constructor(details: string) {
    super(403, 'The relay does not carry out this kind of action.', { details })
  }
}

/** An action asks for more than the relay pays for one action. */
export class OperationLimitError extends RelayRefusalError {
  override name = 'OperationLimitError' as const
  constructor(details: string) {
    super(403, 'This action is larger than the relay carries out for free.', { details })
  }
}

/** The account did not accept the passkey's approval of the action: another passkey, or not verified. */
export class OperationSignatureInvalidError extends RelayRefusalError {
  override name = 'OperationSignatureInvalidError' as const
  constructor(details: string) {
    super(
      422,
      "The passkey's approval of this action was not accepted. Approve it again with this account's passkey.",
      {
        details,
      },
    )
  }
}

/** The action was carried out already, or was approved before another one of the account's actions went through. */
export class OperationAlreadyUsedError extends RelayRefusalError {
  override name = 'OperationAlreadyUsedError' as const
  constructor(details: string) {
    super(422, 'This approval was already used, or another action went first. Prepare the action again.', { details })
  }
}

/** The EntryPoint refused the action for another reason, named in `details`. */
export class OperationRefusedError extends RelayRefusalError {
  override name = 'OperationRefusedError' as const
  constructor(details: string) {
    super(422, 'The relay could not carry out this action.', { details })
  }
}

/** The account's calls would fail (for example, sending more tokens than it holds), so nothing was sent. */
export class OperationWouldFailError extends RelayRefusalError {
  override name = 'OperationWouldFailError' as const
  constructor(cause: unknown) {
    super(422, 'This action would fail, so the relay did not send it.', { cause })
  }
}

/** The relay is not set up for passkey accounts: its deployment has no account factory or EntryPoint. */
export class PasskeysNotRelayedError extends RelayRefusalError {
  override name = 'PasskeysNotRelayedError' as const
  constructor(missing: string[]) {
    super(400, 'This relay does not take passkey accounts.', {
      details: `The deployment has no ${missing.join(', ')}.`,
    })
  }
}
