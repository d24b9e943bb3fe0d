import { expect, fixture, html } from '@open-wc/testing'
import { sendKeys } from '@web/test-runner-commands'
import { getBalance } from 'viem/actions'
import type { LedgerContributedEvent } from '../../../components/contribute/contribute.events.js'
import type { LedgerContribute } from '../../../components/contribute/contribute.js'
import '../../../components/contribute/define.js'
import '../../../components/provider/define.js'
import type { LedgerErrorEvent } from '../../../components/shared/events.js'
import { createDatanetAndWait } from '../../../src/actions/registry/createDatanet.js'
import { getContributionByHash } from '../../../src/actions/registry/getContributionByHash.js'
import { registerContributionAndWait } from '../../../src/actions/registry/registerContribution.js'
import { actors, clientOf, contentOf, isolateChain, served, testClient } from '../chain.js'
import { RELAY, relayTraffic } from '../relayTraffic.js'
import { screenshotBothSchemes } from '../screenshots.js'
import { type TestWallet, testWallet } from '../testWallet.js'
import {
  $,
  buttonNamed,
  connect,
  enterText,
  sha256,
  shadow,
  statusOf,
  textOf,
  type,
  until,
} from './contributeDriver.js'

const reader = clientOf()
describe('<ledger-contribute>', () => {
  isolateChain()
  let datanetId: number
  let wallet: TestWallet
  let stopAnnouncing: () => void

  beforeEach(async () => {
    ;({ datanetId } = await createDatanetAndWait(clientOf(actors.owner), { metadataURI: 'data:,contribute' }))
    wallet = testWallet(actors.alice)
    stopAnnouncing = wallet.announce()
  })
  afterEach(() => stopAnnouncing())

  const mount = (attributes: { relayUrl?: string } = {}) =>
    fixture<LedgerContribute>(
      html`<ledger-contribute datanet-id=${datanetId} rpc-url=${served.rpcUrl} chain-id="31337"
        relay-url=${attributes.relayUrl ?? ''}></ledger-contribute>`,
    )

  it('registers a text under the connected wallet, showing chain, contract and fingerprint before it signs', async () => {
    const element = await mount()
    const text = `A labelled sentence ${crypto.randomUUID()}`
    await enterText(element, text)
    const contentHash = await sha256(new TextEncoder().encode(text))
    type($<HTMLInputElement>(element, '#name'), 'Sentence 1')
    type($<HTMLInputElement>(element, '#tags'), 'nlp, sentiment')
    await connect(element)

    const summary = $(element, '[part="summary"]').textContent ?? ''
    expect(summary).to.contain('Local chain (31337)')
    expect(summary).to.contain(served.registry)
    expect(summary).to.contain(`#${datanetId}`)
    expect(summary).to.contain(contentHash)
    expect(wallet.calls).not.to.include('eth_sendTransaction')

    const contributed = new Promise<LedgerContributedEvent>((resolve) =>
      element.addEventListener('ledger-contributed', resolve, { once: true }),
    )
    buttonNamed(element, /Sign and register/).click()
    const event = await contributed
    expect(event.contentHash).to.equal(contentHash)
    expect(event.contributor).to.equal(actors.alice.address)
    expect(event.transactionHash).to.match(/^0x[0-9a-f]{64}$/)
    expect(await event.content.text()).to.equal(text)
    expect(statusOf(element)).to.contain(`Registered. Contribution id: ${contentHash}`)

    const onChain = await getContributionByHash(reader, { contentHash: contentHash as `0x${string}` })
    expect(onChain?.contributor).to.equal(actors.alice.address)
    expect(onChain?.datanetId).to.equal(datanetId)
    await expect(element).to.be.accessible()
  })

  it('fingerprints a chosen file off the page with progress, to the same SHA-256 as sha256sum', async () => {
    const element = await mount()
    const bytes = new Uint8Array(3 * 1024 * 1024 + 7).map((_, i) => (i * 31) % 251)
    const file = new File([bytes], 'labels.csv', { type: 'text/csv' })
    const transfer = new DataTransfer()
    transfer.items.add(file)
    const input = $<HTMLInputElement>(element, 'input[type=file]')
    input.files = transfer.files
    input.dispatchEvent(new Event('change'))
    await until(element, () => Boolean(shadow(element).querySelector('progress')), 'no progress bar')
    await until(element, () => Boolean(shadow(element).querySelector('#name')), 'hashing never finished')
    const expected = await sha256(bytes)
    expect($(element, '.file code').getAttribute('title')).to.equal(expected)
    expect(textOf(element)).to.contain('labels.csv (3.0 MB)')
    expect($<HTMLInputElement>(element, '#name').value).to.equal('labels.csv')
  })

  it('says who contributed it first, and when, instead of offering to sign a duplicate', async () => {
    const content = await contentOf('already there')
    await registerContributionAndWait(clientOf(actors.bob), { datanetId, ...content })
    const element = await mount()
    const label = new TextDecoder().decode(content.bytes)
    await enterText(element, label)
    await until(element, () => /Already contributed/.test(statusOf(element)), 'no duplicate notice')
    expect(statusOf(element)).to.match(/Already contributed by 0x15d3…6A65 on \d{1,2} \w{3} \d{4}\./)
    expect(shadow(element).querySelector('[part="submit"]')).to.equal(null)
    await expect(element).to.be.accessible()
  })

  it('shows each metadata problem beside its field and signs nothing', async () => {
    const element = await mount()
    await enterText(element, `needs a name ${crypto.randomUUID()}`)
    type($<HTMLSelectElement>(element, '#license'), 'other')
    await element.updateComplete
    type($<HTMLInputElement>(element, '#license-other'), 'not a licence!')
    await connect(element)
    buttonNamed(element, /Sign and register/).click()
    await until(element, () => Boolean(shadow(element).querySelector('#name-error')), 'no name error')
    expect($(element, '#name-error').textContent).to.contain('Give the contribution a name.')
    expect($(element, '#license-error').textContent).to.match(/SPDX|licen[cs]e/i)
    expect($(element, '#name').getAttribute('aria-invalid')).to.equal('true')
    expect($(element, '#name').getAttribute('aria-describedby')).to.equal('name-error')
    expect(shadow(element).activeElement?.id).to.equal('name')
    expect(wallet.calls.filter((call) => call.startsWith('eth_sign') || call === 'eth_sendTransaction')).to.be.empty
    await expect(element).to.be.accessible()
  })

  it('registers gas-free through a relay: the contributor signs, the relayer pays', async () => {
    const element = await mount({ relayUrl: '/__relay' })
    const text = `relayed ${crypto.randomUUID()}`
    await enterText(element, text)
    type($<HTMLInputElement>(element, '#name'), 'Relayed sentence')
    await connect(element)
    expect($(element, '[part="summary"]').textContent).to.contain('none: sent for you by the platform')
    const balanceBefore = await getBalance(reader, { address: actors.alice.address })
    buttonNamed(element, /Sign \(no fee\)/).click()
    await until(element, () => /Registered/.test(statusOf(element)), 'never registered')
    const contentHash = (await sha256(new TextEncoder().encode(text))) as `0x${string}`
    expect((await getContributionByHash(reader, { contentHash }))?.contributor).to.equal(actors.alice.address)
    expect(await getBalance(reader, { address: actors.alice.address })).to.equal(balanceBefore)
    expect(wallet.calls).to.include('eth_signTypedData_v4')
    expect(wallet.calls).not.to.include('eth_sendTransaction')
  })

  it('keeps a gas-free contribution on the device while the relay is unreachable, and sends it once when online', async () => {
    const traffic = relayTraffic()
    try {
      const element = await fixture<LedgerContribute>(
        html`<ledger-contribute datanet-id=${datanetId} rpc-url=${served.rpcUrl} chain-id="31337" relay-url=${RELAY}
          queue-name=${crypto.randomUUID()}></ledger-contribute>`,
      )
      const text = `offline first ${crypto.randomUUID()}`
      await enterText(element, text)
      type($<HTMLInputElement>(element, '#name'), 'Written on a train')
      await connect(element)
      traffic.failNext(1_000)
      // A browser that will not promise to keep site data: the widget says what that means.
      const persist = navigator.storage.persist
      navigator.storage.persist = async () => false
      buttonNamed(element, /Sign \(no fee\)/).click()
      await until(element, () => /Saved on this device/.test(statusOf(element)), 'not kept for later')
      navigator.storage.persist = persist
      await until(element, () => /may clear it/.test(statusOf(element)), 'the refused persistence went unsaid')
      await expect(element).to.be.accessible()
      traffic.failNext(0)
      window.dispatchEvent(new Event('online'))
      await until(element, () => /Registered/.test(statusOf(element)), 'never sent when back online')
      const contentHash = (await sha256(new TextEncoder().encode(text))) as `0x${string}`
      expect((await getContributionByHash(reader, { contentHash }))?.contributor).to.equal(actors.alice.address)
      expect(traffic.posts).to.equal(1)
    } finally {
      traffic.restore()
    }
  })

  it('sends what an earlier visit saved when the page is opened again', async () => {
    const traffic = relayTraffic()
    const queueName = crypto.randomUUID()
    const mountWidget = () =>
      fixture<LedgerContribute>(
        html`<ledger-contribute datanet-id=${datanetId} rpc-url=${served.rpcUrl} chain-id="31337" relay-url=${RELAY}
          queue-name=${queueName}></ledger-contribute>`,
      )
    try {
      const first = await mountWidget()
      const text = `saved before closing ${crypto.randomUUID()}`
      await enterText(first, text)
      type($<HTMLInputElement>(first, '#name'), 'Closed the tab')
      await connect(first)
      traffic.failNext(1_000)
      buttonNamed(first, /Sign \(no fee\)/).click()
      await until(first, () => /Saved on this device/.test(statusOf(first)), 'not kept for later')
      first.remove()
      traffic.failNext(0)
      const second = await mountWidget()
      await until(second, () => /Registered/.test(statusOf(second)), 'the saved contribution was not sent')
      const contentHash = (await sha256(new TextEncoder().encode(text))) as `0x${string}`
      expect((await getContributionByHash(reader, { contentHash }))?.contributor).to.equal(actors.alice.address)
      expect(traffic.posts).to.equal(1)
    } finally {
      traffic.restore()
    }
  })

  it('says confirmed only once the registration has the confirmations asked for', async () => {
    const element = await fixture<LedgerContribute>(
      html`<ledger-contribute datanet-id=${datanetId} rpc-url=${served.rpcUrl} chain-id="31337"
        confirmations="3"></ledger-contribute>`,
    )
    await enterText(element, `three blocks deep ${crypto.randomUUID()}`)
    type($<HTMLInputElement>(element, '#name'), 'Patient')
    await connect(element)
    buttonNamed(element, /Sign and register/).click()
    await until(element, () => /1 of 3 confirmations/.test(statusOf(element)), 'never counted its block')
    await testClient.mine({ blocks: 1 })
    await until(element, () => /2 of 3 confirmations/.test(statusOf(element)), 'never counted the next block')
    expect(statusOf(element)).not.to.contain('Registered.')
    await testClient.mine({ blocks: 1 })
    await until(element, () => /Registered/.test(statusOf(element)), 'never confirmed after three blocks')
  })

  it('fails plainly when the wallet declines, and registers on retry', async () => {
    const element = await mount()
    const errors: LedgerErrorEvent[] = []
    element.addEventListener('ledger-error', (event) => errors.push(event))
    await enterText(element, `declined first ${crypto.randomUUID()}`)
    type($<HTMLInputElement>(element, '#name'), 'Second thoughts')
    await connect(element)
    wallet.rejectNext()
    buttonNamed(element, /Sign and register/).click()
    await until(element, () => /Not registered/.test(statusOf(element)), 'no failure shown')
    expect(statusOf(element)).to.contain('declined')
    expect(errors.map((event) => event.error.name)).to.deep.equal(['UserRejectedError'])
    await expect(element).to.be.accessible()
    buttonNamed(element, /Try again/).click()
    await until(element, () => /Registered/.test(statusOf(element)), 'the retry did not register')
  })

  it('abandons a signature when the wallet switches networks before it signs, and sends nothing', async () => {
    const element = await mount({ relayUrl: RELAY })
    const text = `switched mid-flow ${crypto.randomUUID()}`
    await enterText(element, text)
    type($<HTMLInputElement>(element, '#name'), 'Moving target')
    await connect(element)
    const release = wallet.hold()
    buttonNamed(element, /Sign \(no fee\)/).click()
    await until(element, () => wallet.calls.includes('eth_signTypedData_v4'), 'the wallet was never asked')
    wallet.switchTo(1)
    await until(element, () => /switched networks/.test(statusOf(element)), 'the change of network went unnoticed')
    release()
    const contentHash = (await sha256(new TextEncoder().encode(text))) as `0x${string}`
    expect(await getContributionByHash(reader, { contentHash })).to.equal(null)
  })

  it('asks the wallet to switch to the ledger’s chain, adding the chain when the wallet does not know it', async () => {
    stopAnnouncing()
    wallet = testWallet(actors.alice, { chainId: 5, knownChains: [5] })
    stopAnnouncing = wallet.announce()
    const element = await mount()
    await enterText(element, `wrong chain ${crypto.randomUUID()}`)
    type($<HTMLInputElement>(element, '#name'), 'Cross-chain')
    await connect(element)
    expect(textOf(element)).to.contain('Your wallet is on another network')
    buttonNamed(element, /Switch your wallet to Local chain/).click()
    await until(element, () => Boolean(shadow(element).querySelector('[part="submit"]')), 'never switched')
    expect(wallet.chainId).to.equal(31337)
    expect(wallet.calls).to.include.members(['wallet_switchEthereumChain', 'wallet_addEthereumChain'])
    buttonNamed(element, /Sign and register/).click()
    await until(element, () => /Registered/.test(statusOf(element)), 'never registered')
  })

  it('takes its chain, relay and text from a <ledger-provider>', async () => {
    const provider = await fixture(html`<ledger-provider rpc-url=${served.rpcUrl} chain-id="31337"
      .strings=${{ contributeTitle: 'Share your data', contributeModeText: 'Écrire' }}>
      <ledger-contribute datanet-id=${datanetId}></ledger-contribute>
    </ledger-provider>`)
    const element = provider.querySelector('ledger-contribute') as LedgerContribute
    await element.updateComplete
    expect($(element, 'h2').textContent).to.equal('Share your data')
    expect(textOf(element)).to.contain('Écrire')
    await enterText(element, `via provider ${crypto.randomUUID()}`)
    await connect(element)
  })

  it('can be operated with the keyboard alone', async () => {
    const element = await mount()
    element.focus()
    await sendKeys({ press: 'ArrowRight' })
    await element.updateComplete
    expect(shadow(element).querySelector('#text')).to.exist
    await sendKeys({ press: 'Tab' })
    await sendKeys({ type: `typed ${crypto.randomUUID()}` })
    await sendKeys({ press: 'Tab' })
    await sendKeys({ press: 'Enter' })
    await until(element, () => Boolean(shadow(element).querySelector('#name')), 'the text was not taken')
    shadow(element).querySelector<HTMLElement>('#name')?.focus()
    await sendKeys({ type: 'Typed by keyboard' })
    await until(element, () => /Connect a wallet/.test(textOf(element)), 'no wallet picker')
    buttonNamed(element, /Test Wallet/).focus()
    await sendKeys({ press: 'Enter' })
    await until(element, () => Boolean(shadow(element).querySelector('[part="submit"]')), 'no submit')
    $(element, '[part="submit"]').focus()
    await sendKeys({ press: 'Enter' })
    await until(element, () => /Registered/.test(statusOf(element)), 'never registered')
  })

  it('shows hostile wallet names as inert text', async () => {
    stopAnnouncing()
    wallet = testWallet(actors.alice, { name: '<img src=x onerror="window.__pwned=1">\u202Etellaw' })
    stopAnnouncing = wallet.announce()
    const element = await mount()
    await enterText(element, `hostile ${crypto.randomUUID()}`)
    const button = buttonNamed(element, /img src=x/)
    expect(button.querySelector('img')).to.equal(null)
    expect(button.textContent).not.to.contain('\u202E')
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined)
  })

  it('loads WalletConnect only when it is chosen, and registers through its session', async () => {
    const { loadedFrom } = await import('../fixtures/walletConnectModule.js')
    // A URL of its own, so that whether this page loaded it says whether this widget did.
    const moduleUrl = `${new URL('../fixtures/walletConnectModule.ts', import.meta.url).href}?lazy=${crypto.randomUUID()}`
    const element = await fixture<LedgerContribute>(
      html`<ledger-contribute datanet-id=${datanetId} rpc-url=${served.rpcUrl} chain-id="31337"
        walletconnect-project-id="demo-project" walletconnect-module-url=${moduleUrl}></ledger-contribute>`,
    )
    await enterText(element, `over walletconnect ${crypto.randomUUID()}`)
    type($<HTMLInputElement>(element, '#name'), 'Via WalletConnect')
    expect(loadedFrom(moduleUrl)).to.equal(false)
    buttonNamed(element, /^\s*WalletConnect\s*$/).click()
    await until(element, () => /You are about to sign/.test(textOf(element)), 'WalletConnect never connected')
    expect(loadedFrom(moduleUrl)).to.equal(true)
    const { initialisedWith } = await import(/* @vite-ignore */ moduleUrl)
    expect(initialisedWith.at(-1)).to.deep.include({ projectId: 'demo-project', chains: [31337] })
    expect(textOf(element)).to.contain('Connected with WalletConnect')
    buttonNamed(element, /Sign and register/).click()
    await until(element, () => /Registered/.test(statusOf(element)), 'never registered')
  })
})

describe('<ledger-contribute> screenshots (test-artifacts/screenshots)', () => {
  isolateChain()
  let datanetId: number
  let stopAnnouncing: () => void
  let wallet: TestWallet

  beforeEach(async () => {
    ;({ datanetId } = await createDatanetAndWait(clientOf(actors.owner), { metadataURI: 'data:,screenshots' }))
    wallet = testWallet(actors.alice, { name: 'Test Wallet' })
    stopAnnouncing = wallet.announce()
  })
  afterEach(() => stopAnnouncing())

  const mount = () =>
    fixture<LedgerContribute>(
      html`<div style="width: 520px; padding: 16px"><ledger-contribute datanet-id=${datanetId} rpc-url=${served.rpcUrl}
        chain-id="31337"></ledger-contribute></div>`,
    ).then((wrapper) => wrapper.querySelector('ledger-contribute') as LedgerContribute)

  it('looks right empty, ready to sign, confirmed and failed, in light and dark', async () => {
    const element = await mount()
    await screenshotBothSchemes('contribute-empty', 'ledger-contribute')
    await enterText(element, `screenshot ${crypto.randomUUID()}`)
    type($<HTMLInputElement>(element, '#name'), 'Street signs, Lisbon')
    type($<HTMLInputElement>(element, '#tags'), 'images, ocr')
    await screenshotBothSchemes('contribute-wallets', 'ledger-contribute')
    await connect(element)
    await screenshotBothSchemes('contribute-ready', 'ledger-contribute')
    wallet.rejectNext()
    buttonNamed(element, /Sign and register/).click()
    await until(element, () => /Not registered/.test(statusOf(element)), 'no failure shown')
    await screenshotBothSchemes('contribute-failed', 'ledger-contribute')
    buttonNamed(element, /Try again/).click()
    await until(element, () => /Registered/.test(statusOf(element)), 'never registered')
    await screenshotBothSchemes('contribute-confirmed', 'ledger-contribute')
  })

  it('looks right as a duplicate, in light and dark', async () => {
    const content = await contentOf('duplicate screenshot')
    await registerContributionAndWait(clientOf(actors.bob), { datanetId, ...content })
    const element = await mount()
    await enterText(element, new TextDecoder().decode(content.bytes))
    await until(element, () => /Already contributed/.test(statusOf(element)), 'no duplicate notice')
    await screenshotBothSchemes('contribute-duplicate', 'ledger-contribute')
  })
})
