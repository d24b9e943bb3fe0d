import { html, nothing } from 'lit'
import type { PasskeyStrings } from './passkey.strings.js'
import type { PasskeyController } from './passkeyController.js'

const busyText = (passkey: PasskeyController, strings: PasskeyStrings) => {
  switch (passkey.busy) {
    case 'creating':
      return strings.passkeyCreating
    case 'finding':
      return strings.passkeyFinding
    case 'restoring':
      return strings.passkeyRestoring
    case 'adding':
      return strings.passkeyAdding
    case 'checking':
      return strings.passkeyChecking
    case 'removing':
      return strings.passkeyRemoving
    default:
      return undefined
  }
}

const errorLine = (error: Error | undefined) =>
  error
    ? html`<p class="error"><span aria-hidden="true">!</span> ${(error as { shortMessage?: string }).shortMessage ?? error.message}</p>`
    : nothing

const warning = (text: string) =>
  html`<p class="warning"><span class="symbol" aria-hidden="true">!</span><span>${text}</span></p>`

/**
 * The passkey choice, first among the ways to sign in: a button, then, once pressed, what a passkey account is and
 * the two ways in (create one, or use a passkey the person already has). Nothing when passkeys are not offered.
 */
export function passkeyChoice(passkey: PasskeyController, strings: PasskeyStrings) {
  if (!passkey.available) return nothing
  const busy = busyText(passkey, strings)
  if (busy) return html`<div part="passkey"><p class="hint" part="wallet-status">${busy}</p></div>`
  if (!passkey.choosing) {
    return html`<div part="passkey">
      <button type="button" part="passkey-button" class="primary" @click=${() => passkey.choose()}>
        ${strings.passkeyContinue}
      </button>
      <p class="hint">${strings.passkeyContinueHint}</p>
      ${passkey.removed ? html`<p>${strings.passkeyRemoved}</p>` : nothing}
      ${errorLine(passkey.error)}
    </div>`
  }
  return html`<section part="passkey" aria-labelledby="passkey-heading">
    <h3 id="passkey-heading">${strings.passkeyIntroHeading}</h3>
    <p>${strings.passkeyIntro}</p>
    <div class="actions">
      <button type="button" part="passkey-button" class="primary" @click=${() => passkey.create()}>
        ${strings.passkeyCreate}
      </button>
      <button type="button" @click=${() => passkey.choose(false)}>${strings.passkeyBack}</button>
    </div>
    <p class="hint">
      ${strings.passkeyUseExistingHint}
      <button type="button" class="link" @click=${() => passkey.find()}>${strings.passkeyUseExisting}</button>
    </p>
    ${errorLine(passkey.error)}
  </section>`
}

/** What removing this device does, shown before its one prompt: the other devices that still open the account. */
const removalReview = (passkey: PasskeyController, strings: PasskeyStrings, others: number, locked: boolean) =>
  html`<section aria-labelledby="passkey-remove-heading">
    <h3 id="passkey-remove-heading">${strings.passkeyRemoveHeading}</h3>
    <p>${strings.passkeyRemoveReview(others)}</p>
    <div class="actions">
      <button type="button" class="primary" ?disabled=${locked} @click=${() => passkey.removeDevice()}>
        ${strings.passkeyRemoveConfirm}
      </button>
      <button type="button" @click=${() => passkey.cancelRemoval()}>${strings.passkeyRemoveKeep}</button>
    </div>
  </section>`

/**
 * The signed-in passkey account: whose it is, adding another device (with a plain warning while the account's
 * passkeys all stay on one device each), removing this one (reviewed first; refused while it is the only one), the
 * technical facts behind a disclosure, and signing out.
 */
export function passkeyAccountPanel(passkey: PasskeyController, strings: PasskeyStrings, { locked = false } = {}) {
  const account = passkey.account
  if (!account) return nothing
  const busy = busyText(passkey, strings)
  const { added, removal } = passkey
  return html`<div part="passkey">
    <p class="connected">
      <span>${strings.passkeyConnected(account.address)}</span>
      <button type="button" class="link" ?disabled=${locked || Boolean(busy)} @click=${() => passkey.signOut()}>
        ${strings.passkeySignOut}
      </button>
    </p>
    ${passkey.deviceBound && !added ? warning(strings.passkeyDeviceBound) : nothing}
    ${added ? html`<p>${strings.passkeyAdded}</p>` : nothing}
    ${added?.deviceBound ? warning(strings.passkeyAddedDeviceBound) : nothing}
    ${
      busy
        ? html`<p class="hint">${busy}</p>`
        : removal?.others
          ? removalReview(passkey, strings, removal.others, locked)
          : html`${removal ? warning(strings.passkeyRemoveLast) : nothing}
            <p class="hint">${strings.passkeyAddDeviceHint}</p>
            <div class="actions">
              <button type="button" ?disabled=${locked} @click=${() => passkey.addDevice()}>${strings.passkeyAddDevice}</button>
              <button type="button" ?disabled=${locked} @click=${() => passkey.reviewRemoval()}>${strings.passkeyRemoveDevice}</button>
            </div>`
    }
    ${errorLine(passkey.error)}
    <details>
      <summary>${strings.passkeyDetails}</summary>
      <dl>
        <dt>${strings.passkeyDetailsAccount}</dt>
        <dd>${account.address}</dd>
      </dl>
    </details>
  </div>`
}
