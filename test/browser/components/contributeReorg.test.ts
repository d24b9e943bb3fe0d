/**
 * <ledger-contribute> through reorganisations of the local chain: Hardhat's snapshots stand in for a reorganisation
 * (reverting to a snapshot takes the newest blocks away, and with them the receipts the widget had seen).
 */
import { expect, fixture, html } from '@open-wc/testing'
import type { Hex } from 'viem'
import { getTransactionCount } from 'viem/actions'
import type { LedgerContribute } from '../../../components/contribute/contribute.js'
import '../../../components/contribute/define.js'
import { createDatanetAndWait } from '../../../src/actions/registry/createDatanet.js'
import { getContributionByHash } from '../../../src/actions/registry/getContributionByHash.js'
import { createContributionQueue } from '../../../src/queue/contributionQueue.js'
import { actors, clientOf, isolateChain, testClient } from '../chain.js'
import { RELAY, relayTraffic } from '../relayTraffic.js'
import { type TestWallet, testWallet } from '../testWallet.js'
import { $, buttonNamed, connect, enterText, sha256, shadow, statusOf, type, until } from './contributeDriver.js'

const reader = clientOf()
const REORGED = /pending again/

/** Every text the status line showed, in order (a state can pass faster than a test polls). */
function statusHistory(element: LedgerContribute) {
  const seen: string[] = []
  const record = () => {
    const text = statusOf(element)
    if (text && seen.at(-1) !== text) seen.push(text)
  }
  const observer = new MutationObserver(record)
  observer.observe(shadow(element), { subtree: true, childList: true, characterData: true })
  return { seen, stop: () => observer.disconnect() }
}

/** Whether each step's text was shown, one after another (other texts may come between). */
const shownInOrder = (seen: string[], steps: string[]) => {
  let from = 0
  for (const step of steps) {
    const index = seen.findIndex((text, position) => position >= from && text.includes(step))
    if (index < 0) return false
    from = index + 1
  }
  return true
}

describe('<ledger-contribute> through reorganisations', () => {
  isolateChain()
  let datanetId: number
  let wallet: TestWallet
  let stopAnnouncing: () => void

  beforeEach(async () => {
    ;({ datanetId } = await createDatanetAndWait(clientOf(actors.owner), { metadataURI: 'data:,reorg' }))
    wallet = testWallet(actors.alice)
    stopAnnouncing = wallet.announce()
  })
  afterEach(async () => {
    stopAnnouncing()
    await testClient.setAutomine(true)
  })

  async function mount({ confirmations, relayUrl = '' }: { confirmations: number; relayUrl?: string }) {
    const element = await fixture<LedgerContribute>(
      html`<ledger-contribute datanet-id=${datanetId} .client=${clientOf()} .confirmations=${confirmations}
        relay-url=${relayUrl} queue-name=${`reorg-${crypto.randomUUID()}`}></ledger-contribute>`,
    )
    const text = `Reorganised ${crypto.randomUUID()}`
    await enterText(element, text)
    type($<HTMLInputElement>(element, '#name'), 'Reorg')
    await connect(element)
    return { element, contentHash: (await sha256(new TextEncoder().encode(text))) as Hex }
  }

  const transactionHashShown = (element: LedgerContribute) =>
    shadow(element).querySelector('[role="status"] code[title]')?.getAttribute('title') as Hex | undefined

  it('goes back to pending when a reorganisation takes its block away, and confirms once it is included again', async () => {
    const { element, contentHash } = await mount({ confirmations: 3 })
    const history = statusHistory(element)
    await testClient.setAutomine(false)
    buttonNamed(element, /Sign and register/).click()
    await until(element, () => Boolean(transactionHashShown(element)), 'the transaction was never sent')
    // The transaction waits in the mempool: this snapshot is the chain a reorganisation will return to.
    const beforeBlock = await testClient.snapshot()
    await testClient.mine({ blocks: 1 })
    await until(element, () => /1 of 3 confirmations/.test(statusOf(element)), 'the first confirmation never showed')
    expect(statusOf(element)).not.to.contain('Registered.')

    await testClient.revert({ id: beforeBlock })
    await until(element, () => REORGED.test(statusOf(element)), 'the lost block never sent it back to pending')
    expect(await getContributionByHash(reader, { contentHash })).to.equal(null)

    await testClient.mine({ blocks: 1 })
    await until(element, () => /1 of 3 confirmations/.test(statusOf(element)), 'it was never included again')
    await testClient.mine({ blocks: 2 })
    await until(element, () => /Registered\./.test(statusOf(element)), 'it never confirmed')
    history.stop()

    expect(shownInOrder(history.seen, ['1 of 3', 'pending again', '1 of 3', 'Registered.']), history.seen.join(' | '))
      .to.be.true
    const onChain = await getContributionByHash(reader, { contentHash })
    expect(onChain?.contributor).to.equal(actors.alice.address)
  })

  it('says so when a reorganisation dropped its transaction, and registers it once on retry', async () => {
    const { element, contentHash } = await mount({ confirmations: 2 })
    const beforeSend = await testClient.snapshot()
    buttonNamed(element, /Sign and register/).click()
    await until(element, () => /1 of 2 confirmations/.test(statusOf(element)), 'the first confirmation never showed')

    // The reorganised chain never had the transaction.
    await testClient.revert({ id: beforeSend })
    await until(element, () => /Not registered/.test(statusOf(element)), 'the dropped transaction was never noticed')
    expect(statusOf(element)).to.contain('The network reorganised and dropped this transaction')
    expect(await getContributionByHash(reader, { contentHash })).to.equal(null)

    buttonNamed(element, /Try again/).click()
    await until(element, () => /1 of 2 confirmations/.test(statusOf(element)), 'the retry was never mined')
    await testClient.mine({ blocks: 1 })
    await until(element, () => /Registered\./.test(statusOf(element)), 'the retry never confirmed')
    expect((await getContributionByHash(reader, { contentHash }))?.contributor).to.equal(actors.alice.address)
  })

  it('sends a gas-free registration again through the relay when a reorganisation dropped it, once', async () => {
    const relay = relayTraffic()
    try {
      const { element, contentHash } = await mount({ confirmations: 2, relayUrl: RELAY })
      const history = statusHistory(element)
      const relayerNonce = () => getTransactionCount(reader, { address: actors.relayer.address })
      const nonceBefore = await relayerNonce()
      const beforeSend = await testClient.snapshot()
      buttonNamed(element, /Sign \(no fee\)/).click()
      await until(element, () => /1 of 2 confirmations/.test(statusOf(element)), 'the relayed registration never mined')
      expect(relay.posts).to.equal(1)

      await testClient.revert({ id: beforeSend })
      // The queue sees the transaction gone from the chain and the node, and asks the relay again.
      await until(element, () => relay.posts === 2 && /1 of 2 confirmations/.test(statusOf(element)), 'never resent')
      await testClient.mine({ blocks: 1 })
      await until(element, () => /Registered\./.test(statusOf(element)), 'the resent registration never confirmed')
      history.stop()

      expect(
        history.seen.some((text) => REORGED.test(text)),
        history.seen.join(' | '),
      ).to.equal(true)
      expect((await getContributionByHash(reader, { contentHash }))?.contributor).to.equal(actors.alice.address)
      // One transaction in the chain as it is now: the dropped one is gone, the resent one stands.
      expect((await relayerNonce()) - nonceBefore).to.equal(1)
      expect(relay.posts).to.equal(2)
      const queueName = element.queueName
      const [entry] = await createContributionQueue({ name: queueName }).list()
      expect(entry?.status).to.equal('confirmed')
      expect(entry?.transactionHash).to.equal(transactionHashShown(element))
    } finally {
      relay.restore()
    }
  })
})
