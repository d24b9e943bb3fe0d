import { html, render } from 'lit'
import { shortHex } from './api.js'
import { ACCOUNT_COUNT, type DevWallet } from './devWallet.js'

// Who the local chain's accounts are (scripts/lib/localChain.ts); account 9 plays the person trying the demo.
const roles: Record<number, string> = { 0: 'owner', 1: 'attributor', 2: 'guardian', 9: 'you' }
const timeOfDay = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' })

/** The development wallet's panel in the page's corner: which test account signs, and what it last signed. */
export function showDevWalletPanel(wallet: DevWallet) {
  const host = document.createElement('aside')
  host.className = 'dev-wallet'
  host.setAttribute('aria-label', 'Development wallet')
  document.body.append(host)
  let activity = 'Nothing signed yet.'

  const update = () =>
    render(
      html`<details>
        <summary>
          <span class="tag">Dev</span>
          <span>Dev wallet · account #${wallet.index}</span>
          <code>${shortHex(wallet.address)}</code>
        </summary>
        <div class="panel">
          <p class="warning">
            These are Hardhat's public test keys: anyone can sign with them. This wallet signs on the local chain
            (31337) only and refuses every other chain.
          </p>
          <label>
            Signing account
            <select class="input" @change=${(event: Event) => wallet.select(Number((event.target as HTMLSelectElement).value))}>
              ${Array.from(
                { length: ACCOUNT_COUNT },
                (_, index) =>
                  html`<option value=${index} ?selected=${index === wallet.index}>
                    #${index}${roles[index] ? ` · ${roles[index]}` : ''}
                  </option>`,
              )}
            </select>
          </label>
          <code title="Address of the signing account">${wallet.address}</code>
          <p class="activity" role="status">${activity}</p>
        </div>
      </details>`,
      host,
    )

  wallet.onActivity = (text) => {
    activity = `${text} · ${timeOfDay.format(new Date())}`
    update()
  }
  wallet.on('accountsChanged', update)
  update()
}
