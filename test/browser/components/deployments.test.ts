/** Every widget refuses contracts, or a chain, that are not among the deployments the page configured. */
import { expect, fixture, html, waitUntil } from '@open-wc/testing'
import type { LedgerBadge } from '../../../components/badge/badge.js'
import type { LedgerClaim } from '../../../components/claim/claim.js'
import type { LedgerContribute } from '../../../components/contribute/contribute.js'
import '../../../components/badge/define.js'
import '../../../components/claim/define.js'
import '../../../components/contribute/define.js'
import '../../../components/provider/define.js'
import { UntrustedDeploymentError } from '../../../src/chains.js'
import { actors, clientOf, contentOf, isolateChain, served } from '../chain.js'
import { testWallet } from '../testWallet.js'

const configured = { ...served, blockNumber: BigInt(served.blockNumber) }
const trusted = [configured]
const impostor = { ...configured, registry: actors.stranger.address, distributor: actors.stranger.address }
const refusal = new UntrustedDeploymentError(impostor).shortMessage
const textOf = (element: HTMLElement) => element.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
const shows = (element: HTMLElement, text: string) =>
  waitUntil(() => textOf(element).includes(text), `never showed "${text}"; it reads: ${textOf(element)}`, {
    timeout: 20_000,
  })

describe('widgets given contracts the page did not configure', () => {
  isolateChain()

  it('<ledger-contribute> says so and offers nothing to sign', async () => {
    const stopAnnouncing = testWallet(actors.alice).announce()
    try {
      const element = await fixture<LedgerContribute>(
        html`<ledger-contribute datanet-id="1" .client=${clientOf()} .deployments=${trusted}
          .deployment=${impostor}></ledger-contribute>`,
      )
      await shows(element, refusal)
      expect(element.shadowRoot?.querySelector('button, textarea, input')).to.equal(null)
      expect(textOf(element)).not.to.contain(impostor.registry)
      await expect(element).to.be.accessible()
    } finally {
      stopAnnouncing()
    }
  })

  it('<ledger-contribute> refuses a chain that has none of the configured deployments', async () => {
    const element = await fixture<LedgerContribute>(
      html`<ledger-contribute datanet-id="1" rpc-url=${served.rpcUrl} chain-id="1" .deployments=${trusted}
        ></ledger-contribute>`,
    )
    await shows(element, 'no deployment on chain 1')
    expect(element.shadowRoot?.querySelector('form')).to.equal(null)
  })

  it('<ledger-badge> does not vouch for what the impostor contracts say', async () => {
    const { contentHash } = await contentOf('asked of an impostor')
    const badge = await fixture<LedgerBadge>(
      html`<ledger-provider .deployments=${trusted}>
        <ledger-badge content-hash=${contentHash} .client=${clientOf()} .deployment=${impostor}></ledger-badge>
      </ledger-provider>`,
    ).then((provider) => provider.querySelector('ledger-badge') as LedgerBadge)
    await shows(badge, 'Not checked: these contracts are not among the ones this site configured.')
    expect(textOf(badge)).not.to.contain('Verified')
  })

  it('<ledger-claim> reads nothing from them and offers no claim', async () => {
    const claim = await fixture<LedgerClaim>(
      html`<ledger-claim .client=${clientOf()} .deployments=${trusted} .deployment=${impostor}
        account=${actors.alice.address} reward-tree="/never-fetched.json"></ledger-claim>`,
    )
    await shows(claim, refusal)
    expect(claim.shadowRoot?.querySelector('[part="claim-button"]')).to.equal(null)
  })

  it('uses a deployment that is among those configured', async () => {
    const badge = await fixture<LedgerBadge>(
      html`<ledger-badge content-hash=${(await contentOf('trusted')).contentHash} .client=${clientOf()}
        .deployments=${trusted} .deployment=${{ ...configured }}></ledger-badge>`,
    )
    await shows(badge, 'Not registered')
  })
})
