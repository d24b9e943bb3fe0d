import { expect, fixture, html } from '@open-wc/testing'
import '../../../components/claim/define.js'
import type { LedgerClaim } from '../../../components/claim/claim.js'
import { shortHash } from '../../../src/format.js'
import type { RewardTree } from '../../../src/rewards/buildRewardTree.js'
import { actors, clientOf, isolateChain } from '../chain.js'
import {
  endSessionAtRelay,
  endSessionFromWallet,
  expireSession,
  initialisedWith,
  loadedFrom,
  resetStandIn,
  sessionsOpened,
} from '../fixtures/walletConnectModule.js'
import { fund, partOf, publishEpoch, textOf, tokens, treeURL, until } from './claimFixtures.js'

/** Where the widgets remember, on the device, that WalletConnect was used. */
const REMEMBERED = 'attribution-ledger:walletconnect'
const ENDED = 'Your WalletConnect session was ended from your wallet, or it expired. Connect again to continue.'
const CONNECTED = `Connected with WalletConnect: ${shortHash(actors.carol.address)}`
const moduleUrl = new URL('../fixtures/walletConnectModule.ts', import.meta.url).href

describe('WalletConnect sessions across visits (<ledger-claim>)', () => {
  isolateChain()
  const reader = clientOf()
  let tree: RewardTree

  beforeEach(async () => {
    localStorage.removeItem(REMEMBERED)
    resetStandIn()
    await fund(tokens('10000'))
    ;({ tree } = await publishEpoch([{ account: actors.alice.address, amount: tokens('1500.25') }]))
  })
  afterEach(() => {
    localStorage.removeItem(REMEMBERED)
    resetStandIn()
  })

  /** Opens the page: a claim widget for Alice's rewards, with WalletConnect enabled (Carol's wallet answers). */
  const visit = (walletConnectModuleUrl = moduleUrl) =>
    fixture<LedgerClaim>(
      html`<ledger-claim
        .client=${reader}
        account=${actors.alice.address}
        reward-tree=${treeURL(tree)}
        walletconnect-project-id="demo-project"
        walletconnect-module-url=${walletConnectModuleUrl}
      ></ledger-claim>`,
    )
  /** Closes the page: the widget goes; what the browser stored stays. */
  const close = (claim: LedgerClaim) => claim.remove()

  const buttonNamed = (claim: LedgerClaim, name: string) =>
    [...(claim.shadowRoot?.querySelectorAll('button') ?? [])].find((button) => button.textContent?.trim() === name)
  const connected = (claim: LedgerClaim) => textOf(claim).includes(CONNECTED)

  /** Picks WalletConnect, which shows its QR code; the stand-in's wallet scans it at once. */
  async function connectWithQrCode(claim: LedgerClaim) {
    await until(() => buttonNamed(claim, 'WalletConnect') !== undefined, 'WalletConnect was not offered')
    buttonNamed(claim, 'WalletConnect')?.click()
    await until(() => connected(claim), 'WalletConnect never connected')
  }

  async function connectThenClose() {
    const first = await visit()
    await connectWithQrCode(first)
    close(first)
  }

  async function expectEndedAndOffered(claim: LedgerClaim) {
    await until(
      () => textOf(claim).includes(ENDED) && buttonNamed(claim, 'WalletConnect') !== undefined,
      'the ended session was not reported with the wallet choices',
    )
    expect(connected(claim)).to.equal(false)
    expect(partOf(claim, 'claim-button')).to.equal(null)
    expect(localStorage.getItem(REMEMBERED)).to.equal(null, 'the ended session is forgotten')
  }

  it('reconnects a live session on the next visit, without a click, a prompt or a QR code', async () => {
    await connectThenClose()
    expect(localStorage.getItem(REMEMBERED)).to.not.contain('walletConnectModule', 'never the module URL')
    const opened = sessionsOpened.length
    const initialised = initialisedWith.length

    const again = await visit()
    await until(() => connected(again) && partOf(again, 'claim-button') !== null, 'the session was not restored')
    expect(sessionsOpened.length).to.equal(opened, 'no new session was opened, so no QR code was shown')
    expect(initialisedWith.length).to.equal(initialised + 1)
    expect(textOf(again)).to.not.contain(ENDED)
  })

  it('says so when the wallet ended the session while the page was closed, and connects again on request', async () => {
    await connectThenClose()
    endSessionFromWallet()

    const again = await visit()
    await expectEndedAndOffered(again)
    await expect(again).to.be.accessible()

    const opened = sessionsOpened.length
    await connectWithQrCode(again)
    expect(sessionsOpened.length).to.equal(opened + 1)
    expect(textOf(again)).to.not.contain(ENDED)
  })

  it('says so when the session expired while the page was closed', async () => {
    await connectThenClose()
    expireSession()

    await expectEndedAndOffered(await visit())
  })

  it('drops a restored session whose end the relay delivers right after loading', async () => {
    await connectThenClose()
    endSessionAtRelay()

    await expectEndedAndOffered(await visit())
  })

  it('drops the connection when the wallet ends the session while the page is open', async () => {
    const claim = await visit()
    await connectWithQrCode(claim)
    endSessionFromWallet()
    await expectEndedAndOffered(claim)
  })

  it('does not download WalletConnect on load when this device never used it', async () => {
    const lazyUrl = `${moduleUrl}?page=${crypto.randomUUID()}`
    const claim = await visit(lazyUrl)
    await until(() => buttonNamed(claim, 'WalletConnect') !== undefined, 'WalletConnect was not offered')
    expect(textOf(claim)).to.not.contain('Reconnecting')
    expect(loadedFrom(lazyUrl)).to.equal(false)

    await connectWithQrCode(claim)
    expect(loadedFrom(lazyUrl)).to.equal(true, 'the check above would have seen it')
  })

  it('forgets the connection when the person disconnects', async () => {
    const claim = await visit()
    await connectWithQrCode(claim)
    expect(localStorage.getItem(REMEMBERED)).to.not.equal(null)

    buttonNamed(claim, 'Disconnect')?.click()
    await until(() => buttonNamed(claim, 'WalletConnect') !== undefined, 'the wallet choices did not come back')
    expect(localStorage.getItem(REMEMBERED)).to.equal(null)
    close(claim)

    const initialised = initialisedWith.length
    const again = await visit()
    await until(() => buttonNamed(again, 'WalletConnect') !== undefined, 'WalletConnect was not offered')
    expect(connected(again)).to.equal(false)
    expect(textOf(again)).to.not.contain('Reconnecting')
    expect(initialisedWith.length).to.equal(initialised, 'WalletConnect was not loaded')
  })
})
