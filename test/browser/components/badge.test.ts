import { expect, fixture, html, waitUntil } from '@open-wc/testing'
import { toHex } from 'viem'
import '../../../components/badge/define.js'
import type { LedgerBadge } from '../../../components/badge/badge.js'
import { createDatanetAndWait } from '../../../src/actions/registry/createDatanet.js'
import { registerContributionAndWait } from '../../../src/actions/registry/registerContribution.js'
import { actors, clientOf, contentOf, isolateChain, requestCounter, served } from '../chain.js'

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
})
