import { BaseError } from '../../../src/errors/base.js'
import { type WalletStrings, walletStrings } from './wallet.strings.js'

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

/** The wallet answered the connection request without an account: it is locked, or has none for this site. */
export class WalletNoAccountError extends BaseError {
  override name = 'WalletNoAccountError' as const
  constructor() {
    super('Your wallet shared no account with this page. Unlock it, or add an account, and connect again.')
  }
}

/** The WalletConnect session is gone: ended from the wallet (with this page open or not), or expired. */
export class WalletConnectSessionEndedError extends BaseError {
  override name = 'WalletConnectSessionEndedError' as const
  constructor() {
    super(walletStrings.walletSessionEnded)
  }
}

/** WalletConnect's provider could not be loaded: the network, or a Content-Security-Policy that does not allow it. */
export class WalletConnectUnavailableError extends BaseError {
  override name = 'WalletConnectUnavailableError' as const
  constructor(cause: unknown) {
    super('WalletConnect could not be loaded. Check your connection, or use a wallet installed in this browser.', {
      cause,
      docsPath: 'walletconnect',
    })
  }
}

/** The CDN build was asked for WalletConnect on a page that has not said where to load it from. */
export class WalletConnectModuleUrlMissingError extends BaseError {
  override name = 'WalletConnectModuleUrlMissingError' as const
  constructor() {
    super('WalletConnect is not set up on this page. Use a wallet installed in this browser.', {
      docsPath: 'walletconnect',
      details: 'The CDN build loads WalletConnect only from the URL the page sets in `walletconnect-module-url`.',
    })
  }
}

/** What to show for a wallet error: the page's own wording where it has one, the error's message otherwise. */
export function walletErrorText(error: Error, strings: WalletStrings): string {
  if (error.name === 'WalletConnectSessionEndedError') return strings.walletSessionEnded
  return (error as { shortMessage?: string }).shortMessage ?? error.message
}
