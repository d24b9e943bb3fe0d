import { expect, fixture, html, waitUntil } from '@open-wc/testing'
import { LitElement } from 'lit'
import type { EIP1193Provider } from 'viem'
import { walletStrings } from '../../../components/shared/wallet/wallet.strings.js'
import { WalletController } from '../../../components/shared/wallet/walletController.js'
import { walletPicker } from '../../../components/shared/wallet/walletPicker.js'
import { actors, forwardToNode } from '../chain.js'
import { testWallet } from '../testWallet.js'

/** The wallet chooser as every writing widget shows it, on a host of its own. */
class PickerHost extends LitElement {
  readonly wallet = new WalletController(this)
  protected override render() {
    return walletPicker(this.wallet, walletStrings, { onWalletConnect: undefined })
  }
}
customElements.define('test-picker-host', PickerHost)

const provider = { request: forwardToNode, on() {}, removeListener() {} } as unknown as EIP1193Provider
const announce = (info: Record<string, unknown>, wallet: unknown = provider) =>
  window.dispatchEvent(
    new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider: wallet }) }),
  )
const buttonsOf = (host: PickerHost) =>
  [...(host.shadowRoot?.querySelectorAll('button') ?? [])].map((button) => button.textContent?.trim())

describe('EIP-6963 wallet discovery', () => {
  it('says plainly that no wallet was found when none announces itself', async () => {
    const host = await fixture<PickerHost>(html`<test-picker-host></test-picker-host>`)
    expect(host.shadowRoot?.textContent).to.contain('No wallet was found in this browser')
    expect(buttonsOf(host)).to.deep.equal([])
  })

  it('lists two wallets, a late one too, and a repeated announcement once, with its latest name', async () => {
    const host = await fixture<PickerHost>(html`<test-picker-host></test-picker-host>`)
    announce({ uuid: 'a', name: 'Alpha Wallet', icon: '', rdns: 'a.example' })
    announce({ uuid: 'b', name: 'Beta Wallet', icon: '', rdns: 'b.example' })
    await host.updateComplete
    expect(buttonsOf(host)).to.deep.equal(['Alpha Wallet', 'Beta Wallet'])
    announce({ uuid: 'a', name: 'Alpha Wallet 2', icon: '', rdns: 'a.example' })
    announce({ uuid: 'c', name: 'Late Wallet', icon: '', rdns: 'c.example' })
    await host.updateComplete
    expect(buttonsOf(host)).to.deep.equal(['Alpha Wallet 2', 'Beta Wallet', 'Late Wallet'])
  })

  it('shows hostile names as text without direction overrides, and only image icons as <img>', async () => {
    const host = await fixture<PickerHost>(html`<test-picker-host></test-picker-host>`)
    announce({ uuid: 'h1', name: '<img src=x onerror=alert(1)>\u202Eevil', icon: 'javascript:alert(1)', rdns: 'h' })
    announce({ uuid: 'h2', name: 'Icon Wallet', icon: 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg"/>' })
    announce({ uuid: 'h3', name: 'x'.repeat(500), icon: 'http://insecure.example/icon.png' })
    announce({ uuid: 'h4', name: 'Not a provider' }, { request: 'no' })
    await host.updateComplete
    const images = [...(host.shadowRoot?.querySelectorAll('img') ?? [])].map((image) => image.getAttribute('src'))
    expect(images).to.deep.equal(['data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg"/>'])
    const names = buttonsOf(host)
    expect(names[0]).to.equal('<img src=x onerror=alert(1)>evil')
    expect(names[2]?.length).to.be.at.most(64)
    expect(names).not.to.include('Not a provider')
  })

  it('connects the chosen wallet and follows its chain', async () => {
    const host = await fixture<PickerHost>(html`<test-picker-host></test-picker-host>`)
    const wallet = testWallet(actors.alice, { name: 'Node Wallet' })
    const stop = wallet.announce()
    try {
      await host.updateComplete
      host.shadowRoot?.querySelector('button')?.click()
      await waitUntil(() => host.wallet.connection !== undefined, 'never connected')
      expect(host.wallet.connection?.account).to.equal(actors.alice.address)
      wallet.switchTo(1)
      await waitUntil(() => host.wallet.connection?.chainId === 1, 'the chain change went unnoticed')
    } finally {
      stop()
    }
  })
})
