/** The labelling platform: a task, a dataset chooser, <ledger-contribute>, and the person's recent contributions. */

import { displayText } from 'attribution-ledger/components'
import { html, nothing, render } from 'lit'
import { type Address, type Hex, isAddressEqual } from 'viem'
import { type ContributionEntry, datanetName, loadContributions, shortHex, storeContent } from './api.js'
import { messageOf, type Page, startPage } from './page.js'

type Registered = { contentHash: Hex; contributor: Address; datanetId: number }

const SHOWN = 6

function start({ config, wallet }: Page) {
  const widget = document.querySelector('ledger-contribute')
  const chooser = document.querySelector<HTMLFieldSetElement>('#datanets')
  const list = document.querySelector<HTMLElement>('#recent')
  const accountLine = document.querySelector<HTMLElement>('#recent-account')
  if (!widget || !chooser || !list || !accountLine) return
  widget.strings = { contributeTitle: 'Submit your work' }

  let datanetId = config.datanets[0]?.id ?? 0
  let account: Address | undefined = wallet?.address
  let known: ContributionEntry[] = []
  const registered: Registered[] = []

  const renderChooser = () => {
    widget.datanetId = datanetId
    render(
      html`<legend>Dataset</legend>
        ${config.datanets.map(
          (datanet) => html`<label class="choice">
            <input type="radio" name="datanet" .checked=${datanet.id === datanetId} @change=${() => {
              datanetId = datanet.id
              renderChooser()
            }} />
            <span class="title">${displayText(datanet.name, 60)}</span>
            <span class="description">${displayText(datanet.description, 240)}</span>
            <span class="chips">
              <span class="chip">${datanet.kind === 'image' ? 'Images' : 'Text'}</span>
              <span class="chip">${datanet.curated ? 'Curated: reviewed first' : 'Open: counts at once'}</span>
            </span>
          </label>`,
        )}`,
      chooser,
    )
  }

  const renderRecent = () => {
    const mine = (contributor: Address) => account !== undefined && isAddressEqual(contributor, account)
    const names = new Map(known.map((entry) => [entry.contentHash, entry.name]))
    const fresh = new Set(registered.map((entry) => entry.contentHash))
    const items = [
      ...registered.filter((entry) => mine(entry.contributor)),
      ...known.filter((entry) => mine(entry.contributor) && !fresh.has(entry.contentHash)),
    ].slice(0, SHOWN)
    accountLine.textContent = account
      ? `Registered by ${shortHex(account)}${wallet && isAddressEqual(account, wallet.address) ? ` (dev wallet account #${wallet.index})` : ''}.`
      : 'Connect a wallet and contribute: your work appears here.'
    render(
      items.length
        ? items.map(
            (entry) => html`<li>
              <span class="name">
                ${displayText(names.get(entry.contentHash), 80, 'New contribution')}
                ${fresh.has(entry.contentHash) ? html`<span class="new">New</span>` : nothing}
              </span>
              <span class="muted small">
                ${displayText(datanetName(config, entry.datanetId), 60)} · <code title=${entry.contentHash}>${shortHex(entry.contentHash)}</code>
              </span>
              <ledger-badge content-hash=${entry.contentHash}></ledger-badge>
            </li>`,
          )
        : html`<li class="muted">Nothing yet from this account.</li>`,
      list,
    )
  }

  const refresh = async () => {
    known = await loadContributions().catch(() => known)
    renderRecent()
  }

  widget.addEventListener('ledger-contributed', async (event) => {
    const { contentHash, contributor, datanetId, content } = event
    registered.unshift({ contentHash, contributor, datanetId })
    account = contributor
    renderRecent()
    // The platform keeps its dataset: the widget hands over the exact bytes it registered.
    await storeContent(content, content.type || 'application/octet-stream').catch((error) =>
      console.warn('The platform could not keep a copy of the contribution:', messageOf(error)),
    )
    await refresh()
  })
  wallet?.on('accountsChanged', () => {
    account = wallet.address
    renderRecent()
  })

  renderChooser()
  renderRecent()
  void refresh()
}

const page = await startPage()
if (page) start(page)
