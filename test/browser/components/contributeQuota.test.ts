import { expect, fixture, html } from '@open-wc/testing'
import type { Hex } from 'viem'
import type { LedgerContribute } from '../../../components/contribute/contribute.js'
import '../../../components/contribute/define.js'
import type { LedgerErrorEvent } from '../../../components/shared/events.js'
import { createDatanetAndWait } from '../../../src/actions/registry/createDatanet.js'
import { getContributionByHash } from '../../../src/actions/registry/getContributionByHash.js'
import { QueueQuotaError } from '../../../src/queue/queueErrors.js'
import { actors, clientOf, isolateChain, served } from '../chain.js'
import { RELAY, relayTraffic } from '../relayTraffic.js'
import { ownStorageBucket, setQuota, usage } from '../storageQuota.js'
import { type TestWallet, testWallet } from '../testWallet.js'
import { $, buttonNamed, connect, enterText, sha256, statusOf, type, until } from './contributeDriver.js'

const reader = clientOf()
describe('<ledger-contribute> gas-free, when the browser has no room left for the site', () => {
  isolateChain()
  let datanetId: number
  let wallet: TestWallet
  let stopAnnouncing: () => void
  let traffic: ReturnType<typeof relayTraffic>
  let leaveBucket: () => Promise<void>

  beforeEach(async () => {
    ;({ datanetId } = await createDatanetAndWait(clientOf(actors.owner), { metadataURI: 'data:,contribute-quota' }))
    wallet = testWallet(actors.alice)
    stopAnnouncing = wallet.announce()
    traffic = relayTraffic()
    leaveBucket = await ownStorageBucket()
  })
  afterEach(async () => {
    await setQuota()
    await leaveBucket()
    traffic.restore()
    stopAnnouncing()
  })

  it('explains that the signed contribution could not be kept, and sends nothing', async () => {
    const element = await fixture<LedgerContribute>(
      html`<ledger-contribute datanet-id=${datanetId} rpc-url=${served.rpcUrl} chain-id="31337" relay-url=${RELAY}
        queue-name=${crypto.randomUUID()}></ledger-contribute>`,
    )
    const errors: LedgerErrorEvent[] = []
    element.addEventListener('ledger-error', (event) => errors.push(event))
    const text = `no room on this device ${crypto.randomUUID()}`
    await enterText(element, text)
    type($<HTMLInputElement>(element, '#name'), 'Nowhere to keep it')
    await connect(element)

    await setQuota(await usage())
    buttonNamed(element, /Sign \(no fee\)/).click()
    await until(element, () => /Not registered/.test(statusOf(element)), 'no failure shown')

    expect(statusOf(element)).to.contain(new QueueQuotaError().shortMessage)
    expect(errors.map((event) => event.error.name)).to.deep.equal(['QueueQuotaError'])
    expect(wallet.calls).to.include('eth_signTypedData_v4')
    expect(wallet.calls).not.to.include('eth_sendTransaction')
    expect(traffic.posts).to.equal(0)
    const contentHash = (await sha256(new TextEncoder().encode(text))) as Hex
    expect(await getContributionByHash(reader, { contentHash })).to.equal(null)
    await expect(element).to.be.accessible()
  })
})
