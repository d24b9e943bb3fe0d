import { expect, fixture, html, waitUntil } from '@open-wc/testing'
import { type Hex, toHex } from 'viem'
import '../../../components/badge/define.js'
import type { LedgerBadge } from '../../../components/badge/badge.js'
import { createDatanetAndWait } from '../../../src/actions/registry/createDatanet.js'
import { registerContributionAndWait } from '../../../src/actions/registry/registerContribution.js'
import { registerModelAndWait } from '../../../src/actions/registry/registerModel.js'
import '../../../components/provider/define.js'
import { trainingSetRootOf } from '../../../src/registry/trainingSet.js'
import { actors, clientOf, contentOf, isolateChain, requestCounter, served } from '../chain.js'
import { screenshotBothSchemes } from '../screenshots.js'

const textOf = (badge: LedgerBadge) => badge.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
const settled = (badge: LedgerBadge) =>
  waitUntil(() => !/Checking provenance/.test(textOf(badge)) && textOf(badge) !== '', 'the badge never settled', {
    timeout: 20_000,
  })

describe('<ledger-badge>', () => {
  isolateChain()
  const reader = clientOf()

  async function registered(label: string) {
    const alice = clientOf(actors.alice)
    const { datanetId } = await createDatanetAndWait(clientOf(actors.owner), { metadataURI: 'data:,badges' })
    const content = await contentOf(label)
    await registerContributionAndWait(alice, { datanetId, ...content })
    return { ...content, datanetId }
  }

  it('shows verified provenance: contributor, date, datanet and status, in words', async () => {
    const content = await registered('a labelled image')
    const badge = await fixture<LedgerBadge>(
      html`<ledger-badge variant="expanded" content-hash=${content.contentHash} .client=${reader}></ledger-badge>`,
    )
    await settled(badge)
    const text = textOf(badge)
    expect(text).to.contain('Verified contribution')
    expect(text).to.contain('0x90F7…b906')
    expect(text).to.contain(`datanet #${content.datanetId}`)
    expect(text).to.contain('status: accepted')
    expect(badge.shadowRoot?.querySelector('[role="status"]')).to.exist
    await expect(badge).to.be.accessible()
  })

  it('works from attributes alone, with an RPC URL and a chain id', async () => {
    const content = await registered('configured by attributes')
    const badge = await fixture<LedgerBadge>(
      html`<ledger-badge content-hash=${content.contentHash} rpc-url=${served.rpcUrl} chain-id="31337"></ledger-badge>`,
    )
    await settled(badge)
    expect(textOf(badge)).to.contain('Verified contribution')
  })

  it('says plainly when nothing is registered for the content', async () => {
    const { contentHash } = await contentOf('never registered')
    const badge = await fixture<LedgerBadge>(
      html`<ledger-badge content-hash=${contentHash} .client=${reader}></ledger-badge>`,
    )
    await settled(badge)
    expect(textOf(badge)).to.contain('Not registered')
    await expect(badge).to.be.accessible()
  })

  it('hashes a src in the page, and says so when it is not the registered content', async () => {
    const content = await registered('the real file')
    const src = `data:application/octet-stream;base64,${btoa(String.fromCharCode(...content.bytes))}`
    const verified = await fixture<LedgerBadge>(html`<ledger-badge src=${src} .client=${reader}></ledger-badge>`)
    await settled(verified)
    expect(textOf(verified)).to.contain('Verified contribution')

    const tampered = `data:application/octet-stream;base64,${btoa('not the real file')}`
    const mismatch = await fixture<LedgerBadge>(
      html`<ledger-badge src=${tampered} content-hash=${content.contentHash} .client=${reader}></ledger-badge>`,
    )
    await settled(mismatch)
    expect(textOf(mismatch)).to.contain('Hash mismatch')
  })

  it('says network error, distinctly, when the chain cannot be reached', async () => {
    const { contentHash } = await contentOf('offline')
    const badge = await fixture<LedgerBadge>(
      html`<ledger-badge content-hash=${contentHash} rpc-url="http://127.0.0.1:9/" chain-id="31337"></ledger-badge>`,
    )
    await settled(badge)
    expect(textOf(badge)).to.contain('Network error')
  })

  it('costs at most 2 JSON-RPC HTTP requests for 1,000 badges on a page', async () => {
    const content = await registered('one of a thousand')
    const counter = requestCounter()
    const client = clientOf(undefined, counter.transport)
    const hashes = [content.contentHash, ...Array.from({ length: 999 }, (_, i) => toHex(i + 1, { size: 32 }))]
    const page = await fixture<HTMLElement>(
      html`<div>${hashes.map((hash) => html`<ledger-badge content-hash=${hash} .client=${client}></ledger-badge>`)}</div>`,
    )
    const badges = [...page.querySelectorAll('ledger-badge')]
    await Promise.all(badges.map((badge) => settled(badge)))
    expect(counter.count).to.be.at.most(2)
    expect(textOf(badges[0] as LedgerBadge)).to.contain('Verified contribution')
    expect(badges.filter((badge) => textOf(badge).includes('Not registered'))).to.have.length(999)
  })

  const modelWith = async (name: string, trainingSet: Hex[], published: Hex[] = trainingSet) => {
    const metadata = JSON.stringify({ name, trainingSet: published })
    await registerModelAndWait(clientOf(actors.carol), {
      metadataURI: `data:application/json,${encodeURIComponent(metadata)}`,
      trainingSetRoot: trainingSetRootOf(trainingSet),
      datanetIds: [],
    })
  }

  it('lists, expanded, the models whose verified training set contains the contribution', async () => {
    const content = await registered('trained on')
    const other = await contentOf('another item')
    await modelWith('Sentiment v1', [content.contentHash, other.contentHash])
    await modelWith('Unrelated model', [other.contentHash])
    // Claims to include it, but its list does not hash to the root it registered: not believed.
    await modelWith('Liar model', [other.contentHash], [content.contentHash])
    // A client of its own: each page load reads the models once, and the chain is reset between tests.
    const fresh = clientOf()
    const badge = await fixture<LedgerBadge>(
      html`<ledger-badge variant="expanded" contribution-id=${content.contentHash} .client=${fresh}></ledger-badge>`,
    )
    await waitUntil(() => /used by|not yet used/.test(textOf(badge)), 'models never listed', { timeout: 20_000 })
    expect(textOf(badge)).to.contain('used by Sentiment v1')
    expect(textOf(badge)).not.to.contain('Unrelated')
    expect(textOf(badge)).not.to.contain('Liar')
  })

  it('shows hostile model names as inert text, without direction overrides', async () => {
    const content = await registered('hostile model name')
    await modelWith('<img src=x onerror="window.__pwned=1">\u202Edecnarf', [content.contentHash])
    const fresh = clientOf()
    const badge = await fixture<LedgerBadge>(
      html`<ledger-badge variant="expanded" content-hash=${content.contentHash} .client=${fresh}></ledger-badge>`,
    )
    await waitUntil(() => /used by/.test(textOf(badge)), 'models never listed', { timeout: 20_000 })
    expect(badge.shadowRoot?.querySelector('img')).to.equal(null)
    expect(textOf(badge)).to.contain('used by <img src=x')
    expect(textOf(badge)).not.to.contain('\u202E')
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined)
  })

  it('takes its chain and text from a <ledger-provider>', async () => {
    const content = await registered('provided')
    const provider = await fixture<HTMLElement>(html`<ledger-provider rpc-url=${served.rpcUrl} chain-id="31337"
      .strings=${{ badgeVerified: 'Vérifié' }}><ledger-badge content-hash=${content.contentHash}></ledger-badge></ledger-provider>`)
    const badge = provider.querySelector('ledger-badge') as LedgerBadge
    await settled(badge)
    expect(textOf(badge)).to.contain('Vérifié')
  })

  it('takes from a <ledger-provider> inside another what the inner one does not set, and its own over the outer’s', async () => {
    const content = await registered('nested providers')
    const outer = await fixture<HTMLElement>(html`<ledger-provider rpc-url=${served.rpcUrl} chain-id="31337"
      .strings=${{ badgeVerified: 'Vérifié', badgeBy: 'par' }}><ledger-provider .strings=${{ badgeVerified: 'Geprüft' }}>
      <ledger-badge content-hash=${content.contentHash}></ledger-badge></ledger-provider></ledger-provider>`)
    const badge = outer.querySelector('ledger-badge') as LedgerBadge
    await settled(badge)
    expect(textOf(badge)).to.contain('Geprüft')
    expect(textOf(badge)).to.contain('par 0x90F7…b906')
  })

  it('looks right in each state, in light and dark (test-artifacts/screenshots)', async () => {
    const content = await registered('screenshot')
    await modelWith('Street-sign OCR v2', [content.contentHash])
    const { contentHash: unknown } = await contentOf('unknown')
    const fresh = clientOf()
    const tampered = `data:application/octet-stream;base64,${btoa('tampered')}`
    await fixture(html`<div style="display: grid; gap: 12px; padding: 16px; width: 560px" id="badges">
      <ledger-badge content-hash=${content.contentHash} .client=${fresh}></ledger-badge>
      <ledger-badge variant="expanded" content-hash=${content.contentHash} .client=${fresh}></ledger-badge>
      <ledger-badge content-hash=${unknown} .client=${fresh}></ledger-badge>
      <ledger-badge src=${tampered} content-hash=${content.contentHash} .client=${fresh}></ledger-badge>
      <ledger-badge content-hash=${unknown} rpc-url="http://127.0.0.1:9/" chain-id="31337"></ledger-badge>
    </div>`)
    const badges = [...document.querySelectorAll<LedgerBadge>('#badges ledger-badge')]
    await Promise.all(badges.map((badge) => settled(badge)))
    await waitUntil(() => /used by/.test(textOf(badges[1] as LedgerBadge)), 'models never listed', { timeout: 20_000 })
    await screenshotBothSchemes('badge-states', '#badges')
  })
})
