/**
 * Rewards: <ledger-claim> for the connected wallet or any account, with shortcuts to the top earners (the latest
 * manifest's cumulative amounts) and to the accounts that have claimed most (getLeaderboard: the indexer, each total
 * checked against the distributor, or the chain's claim logs).
 */

import { getLeaderboard } from 'attribution-ledger'
import { formatAmount, type TokenInfo } from 'attribution-ledger/components'
import { html, nothing, render } from 'lit'
import { type Address, formatUnits, getAddress, isAddress, isAddressEqual } from 'viem'
import { deploymentOf, loadManifest, shortHex } from './api.js'
import { ledgerClient, messageOf, type Page, readRewardToken, startPage } from './page.js'

const TOP_EARNERS = 5
const twoDecimals = new Intl.NumberFormat('en', { maximumFractionDigits: 2 })

/** Rounded for a shortcut's label; the exact amount is in its tooltip and in the widget. */
const roughAmount = (amount: bigint, token: TokenInfo) =>
  `${twoDecimals.format(Number(formatUnits(amount, token.decimals)))} ${token.symbol}`

function start({ config, wallet }: Page) {
  const claim = document.querySelector('ledger-claim')
  const form = document.querySelector<HTMLFormElement>('#lookup')
  const input = document.querySelector<HTMLInputElement>('#account')
  const error = document.querySelector<HTMLElement>('#account-error')
  const earners = document.querySelector<HTMLElement>('#earners')
  const earnersHeading = document.querySelector<HTMLElement>('#earners-heading')
  const claimers = document.querySelector<HTMLElement>('#claimers')
  const claimersHeading = document.querySelector<HTMLElement>('#claimers-heading')
  if (!claim || !form || !input || !error || !earners || !earnersHeading || !claimers || !claimersHeading) return

  const latest = config.latestEpoch
  if (!latest) {
    const notice = document.createElement('p')
    notice.className = 'notice'
    notice.append('No attribution epoch has been published yet, so there is nothing to claim. ')
    const link = Object.assign(document.createElement('a'), { href: '/attribution.html', textContent: 'Run one' })
    notice.append(link, '.')
    claim.replaceWith(notice)
    return
  }
  claim.setAttribute('reward-shards', `${latest.base}shards.json`)

  /** Shows `value`'s rewards, or the connected wallet's when it is empty; says so when it is not an address. */
  const show = (value: string) => {
    const account = value.trim()
    const valid = account === '' || isAddress(account, { strict: false })
    error.hidden = valid
    error.textContent = valid ? '' : 'That is not an account address: 0x followed by 40 hexadecimal digits.'
    input.setAttribute('aria-invalid', String(!valid))
    if (!valid) return
    if (account) claim.setAttribute('account', getAddress(account))
    else claim.removeAttribute('account')
    const url = new URL(location.href)
    if (account) url.searchParams.set('account', getAddress(account))
    else url.searchParams.delete('account')
    history.replaceState(null, '', url)
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    show(input.value)
  })
  input.value = new URL(location.href).searchParams.get('account') ?? ''
  show(input.value)

  const pick = (account: Address) => {
    input.value = account
    show(account)
  }
  /** Accounts with amounts, as buttons that show each one's rewards; the heading hidden while there are none. */
  const shortcuts = (
    list: HTMLElement,
    heading: HTMLElement,
    rows: { account: Address; amount: bigint }[],
    token: TokenInfo,
  ) => {
    heading.hidden = rows.length === 0
    render(
      rows.map(
        ({ account, amount }) => html`<li>
          <button type="button" @click=${() => pick(account)}>
            <span class="mono" title=${account}>${shortHex(account)}${
              wallet && isAddressEqual(account, wallet.address) ? html` <span class="chip">you</span>` : nothing
            }</span>
            <span class="amount" title=${formatAmount(amount, token)}>${roughAmount(amount, token)}</span>
          </button>
        </li>`,
      ),
      list,
    )
  }
  const token = readRewardToken(config)
  Promise.all([loadManifest(latest.epochId), token])
    .then(([manifest, token]) => {
      const top = manifest.cumulative
        .map((row) => ({ account: row.account, amount: BigInt(row.amount) }))
        .sort((a, b) => (b.amount > a.amount ? 1 : b.amount < a.amount ? -1 : 0))
        .slice(0, TOP_EARNERS)
      shortcuts(earners, earnersHeading, top, token)
    })
    .catch((reason) => console.warn('The top earners could not be loaded:', messageOf(reason)))
  const leaderboard = getLeaderboard(ledgerClient(config), {
    limit: TOP_EARNERS,
    deployment: deploymentOf(config),
    ...(config.indexerUrl ? { indexerUrl: config.indexerUrl } : {}),
  })
  Promise.all([leaderboard, token])
    .then(([{ items }, token]) =>
      shortcuts(
        claimers,
        claimersHeading,
        items.map(({ account, claimed }) => ({ account, amount: claimed })),
        token,
      ),
    )
    .catch((reason) => console.warn('The leaderboard could not be loaded:', messageOf(reason)))
}

const page = await startPage()
if (page) start(page)
