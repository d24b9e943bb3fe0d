import { html, nothing } from 'lit'
import { passkeyChoice } from '../passkey/passkey.templates.js'
import type { PasskeyController } from '../passkey/passkeyController.js'
import type { WalletStrings } from './wallet.strings.js'
import type { WalletController } from './walletController.js'

/**
 * The wallet chooser both writing widgets show: first a passkey, when the page offers one (no wallet needed); then one
 * native button per discovered wallet (its name as text, its icon as an `<img>`), then WalletConnect when the page
 * enabled it. While the passkey's first-use explanation is open, it alone is shown.
 */
export function walletPicker(
  wallet: WalletController,
  strings: WalletStrings,
  options: { onWalletConnect: (() => void) | undefined; passkey?: PasskeyController | undefined },
) {
  if (wallet.connecting) return html`<p class="hint" part="wallet-status">${strings.walletConnecting}</p>`
  if (wallet.restoring) return html`<p class="hint" part="wallet-status">${strings.walletReconnecting}</p>`
  const { passkey } = options
  const passkeyFirst = passkey ? passkeyChoice(passkey, strings) : nothing
  if (passkey?.available && (passkey.choosing || passkey.busy)) return passkeyFirst
  const { wallets } = wallet
  return html`${passkeyFirst}<fieldset part="wallets" class="wallets">
    <legend>${strings.walletHeading}</legend>
    ${wallets.length === 0 && !options.onWalletConnect ? html`<p class="hint">${strings.walletNone}</p>` : nothing}
    ${wallets.map(
      (candidate) =>
        html`<button type="button" part="wallet-button" class="wallet" @click=${() => wallet.connect(candidate)}>
          ${candidate.icon ? html`<img src=${candidate.icon} alt="" width="20" height="20" />` : nothing}
          <span>${candidate.name}</span>
        </button>`,
    )}
    ${
      options.onWalletConnect
        ? html`<button type="button" part="wallet-button" class="wallet" @click=${options.onWalletConnect}>
          <span>${strings.walletConnect}</span>
        </button>`
        : nothing
    }
  </fieldset>`
}
