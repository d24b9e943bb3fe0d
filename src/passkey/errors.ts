import { BaseError } from '../errors/base.js'

/**
 * The person closed the passkey prompt, or their device could not confirm it was them (a fingerprint, face or PIN
 * that did not match). Browsers report both the same way, on purpose, so a page cannot tell them apart.
 */
export class PasskeyCancelledError extends BaseError {
  override name = 'PasskeyCancelledError' as const
  constructor(cause?: unknown) {
    super('The passkey request was cancelled, or your device could not confirm it was you. Nothing was signed.', {
      cause,
      docsPath: 'passkeys',
    })
  }
}

/** This browser, device or page cannot use passkeys (no passkey support, or a page address passkeys refuse). */
export class PasskeyUnsupportedError extends BaseError {
  override name = 'PasskeyUnsupportedError' as const
  constructor(cause?: unknown, details?: string) {
    super('Passkeys cannot be used here. Try an up-to-date browser on a device with a screen lock.', {
      cause,
      details,
      docsPath: 'passkeys',
    })
  }
}

/** The passkey the person chose belongs to no account of these contracts, or was removed from its account. */
export class PasskeyNotFoundError extends BaseError {
  override name = 'PasskeyNotFoundError' as const
  constructor(details?: string) {
    super(
      'No account was found for this passkey. Choose the passkey you created your account with, or create a new account.',
      { details, docsPath: 'passkeys' },
    )
  }
}

/** The deployment has no passkey contracts (account factory, WebAuthn verifier, entry point) on this chain. */
export class PasskeysNotConfiguredError extends BaseError {
  override name = 'PasskeysNotConfiguredError' as const
  readonly chainId: number
  constructor(chainId: number, missing: readonly string[]) {
    super('Passkey accounts are not set up for these contracts, so a passkey cannot be used here.', {
      details: `Chain ${chainId}: the deployment has no ${missing.join(', ')}.`,
      docsPath: 'passkeys',
    })
    this.chainId = chainId
  }
}

/** The account's action was sent but did not go through (for example, not enough tokens to send). */
export class PasskeyOperationFailedError extends BaseError {
  override name = 'PasskeyOperationFailedError' as const
  readonly transactionHash: string
  constructor(transactionHash: string, details?: string) {
    super('Your account could not complete this action, so nothing changed. Check the amount and try again.', {
      details: details ?? `Transaction ${transactionHash}.`,
      docsPath: 'passkeys',
    })
    this.transactionHash = transactionHash
  }
}

/**
 * Removing this passkey would leave the account with none, and nobody could ever use it again (its rewards included).
 * Nothing was asked or sent.
 */
export class LastPasskeyError extends BaseError {
  override name = 'LastPasskeyError' as const
  constructor(account: string) {
    super('This is the only passkey that opens the account, so it cannot be removed. Add another device first.', {
      details: `Account ${account}.`,
      docsPath: 'passkeys',
    })
  }
}
