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

/** The WalletConnect session is gone: ended from the wallet (with this page open or not), or expired. */
export class WalletConnectSessionEndedError extends BaseError {
  override name = 'WalletConnectSessionEndedError' as const
  constructor() {
    super(walletStrings.walletSessionEnded)
  }
}

/** What to show for a wallet error: the page's own wording where it has one, the error's message otherwise. */
export function walletErrorText(error: Error, strings: WalletStrings): string {
  if (error.name === 'WalletConnectSessionEndedError') return strings.walletSessionEnded
  return (error as { shortMessage?: string }).shortMessage ?? error.message
}
