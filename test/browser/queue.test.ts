import { expect } from '@open-wc/testing'
import { createStore, set } from 'idb-keyval'
import { createDatanetAndWait } from '../../src/actions/registry/createDatanet.js'
import { getContributionByHash } from '../../src/actions/registry/getContributionByHash.js'
import { signContribution } from '../../src/actions/registry/signContribution.js'
import { createContributionQueue } from '../../src/queue/contributionQueue.js'
import { QueueQuotaError, QueueUnavailableError } from '../../src/queue/queueErrors.js'
import { sendToRelay } from '../../src/relay/sendToRelay.js'
import { actors, clientOf, contentOf, increaseTime, isolateChain, rejectsWith } from './chain.js'
import { RELAY, relayTraffic } from './relayTraffic.js'
import { ownStorageBucket, setQuota, usage } from './storageQuota.js'

const reader = clientOf()

// A bucket that has written asks the quota manager again only for a write larger than the room it was granted. So the
// quota test's bucket (see ownStorageBucket) is granted only ROOM before its first write, and once the quota is lowered
// makes one write larger than ROOM, which the browser refuses after asking.
const ROOM = 1024 * 1024

/** Random, so that Chromium cannot compress it below the room it stands for. */
function incompressible(size: number) {
  const bytes = new Uint8Array(size)
  for (let offset = 0; offset < size; offset += 65_536) crypto.getRandomValues(bytes.subarray(offset, offset + 65_536))
  return bytes
}

/** Lowers the quota to what the origin already uses, and makes IndexedDB see it at once (see ROOM). */
async function fillQuota() {
  await setQuota(await usage())
  const otherData = createStore(`other-data-${crypto.randomUUID()}`, 'data')
  await rejectsWith(set('large', incompressible(2 * ROOM), otherData), 'QuotaExceededError')
}

describe('durable contribution queue (IndexedDB, strict durability)', () => {
  isolateChain()
  let datanetId: number
  let traffic: ReturnType<typeof relayTraffic>
  const alice = clientOf(actors.alice)
  const fresh = () => createContributionQueue({ name: crypto.randomUUID() })

  beforeEach(async () => {
    ;({ datanetId } = await createDatanetAndWait(clientOf(actors.owner), { metadataURI: 'data:,queue' }))
    traffic = relayTraffic()
  })
  afterEach(() => traffic.restore())

  const signed = async (label: string, validFor?: number) => {
    const { bytes: _, ...registration } = await contentOf(label)
    return signContribution(alice, { datanetId, ...registration, ...(validFor ? { validFor } : {}) })
  }

  it('keeps a signed contribution before sending it, and a reloaded page finds it', async () => {
    const name = crypto.randomUUID()
    const entry = await createContributionQueue({ name }).add(await signed('kept'), RELAY)
    const reloaded = await createContributionQueue({ name }).list()
    expect(reloaded.map((item) => [item.key, item.status])).to.deep.equal([[entry.key, 'waiting']])
    expect(traffic.posts).to.equal(0)
  })

  it('sends once, records the transaction hash, and confirms against the chain', async () => {
    const queue = fresh()
    const item = await signed('sent once')
    await queue.add(item, RELAY)
    const [entry] = await queue.flush(reader)
    expect(entry?.status).to.equal('confirmed')
    expect(entry?.transactionHash).to.match(/^0x[0-9a-f]{64}$/)
    expect(traffic.posts).to.equal(1)
    const onChain = await getContributionByHash(reader, { contentHash: item.registration.contentHash })
    expect(onChain?.contributor).to.equal(actors.alice.address)
    await queue.flush(reader)
    expect(traffic.posts).to.equal(1)
  })

  it('after a crash between relaying and confirming, reconciles with the chain and sends nothing again', async () => {
    const name = crypto.randomUUID()
    const item = await signed('crashed tab')
    await createContributionQueue({ name }).add(item, RELAY)
    // The first tab got this far, then died.
    await sendToRelay(RELAY, item)
    const postsBefore = traffic.posts
    const [entry] = await createContributionQueue({ name }).flush(reader)
    expect(entry?.status).to.equal('confirmed')
    expect(traffic.posts).to.equal(postsBefore)
  })

  it('keeps waiting through a lost connection and sends once when it is back', async () => {
    const queue = fresh()
    const item = await signed('flaky network')
    await queue.add(item, RELAY)
    traffic.failNext(2)
    expect((await queue.flush(reader)).map((entry) => entry.status)).to.deep.equal(['waiting'])
    expect((await queue.flush(reader)).map((entry) => entry.status)).to.deep.equal(['waiting'])
    const [entry] = await queue.flush(reader)
    expect(entry?.status).to.equal('confirmed')
    expect(entry?.attempts).to.equal(3)
    expect(traffic.posts).to.equal(1)
  })

  it('marks a signature that expired while waiting as failed, with the reason, and keeps it listed', async () => {
    const queue = fresh()
    await queue.add(await signed('expired', 60), RELAY)
    await increaseTime(120)
    const [entry] = await queue.flush(reader)
    expect(entry?.status).to.equal('failed')
    expect(entry?.failure).to.match(/expired/i)
  })

  it('submits: keeps it, sends it once and resolves with the transaction hash, which get(key) also gives', async () => {
    const queue = fresh()
    const item = await signed('submitted')
    const hash = await queue.submit(reader, item, RELAY)
    expect(hash).to.match(/^0x[0-9a-f]{64}$/)
    const [entry] = await queue.list()
    expect(await queue.get(entry?.key ?? '')).to.deep.equal(entry)
    expect(entry?.status).to.equal('confirmed')
    expect(entry?.transactionHash).to.equal(hash)
    expect((await getContributionByHash(reader, { contentHash: item.registration.contentHash }))?.contributor).to.equal(
      actors.alice.address,
    )
    expect(await queue.submit(reader, item, RELAY)).to.equal(hash)
    expect(traffic.posts).to.equal(1)
    expect(await queue.get('0xnot:a:key')).to.equal(undefined)
  })

  it('says a submission is saved for later when the relay cannot be reached, and sends it once when submitted again', async () => {
    const queue = fresh()
    const item = await signed('saved for later')
    traffic.failNext(1)
    const error = await rejectsWith(queue.submit(reader, item, RELAY), 'ContributionQueuedError')
    expect(error.shortMessage).to.match(/Saved on this device/)
    expect((await queue.get(error.key as string))?.status).to.equal('waiting')
    const hash = await queue.submit(reader, item, RELAY)
    expect((await queue.get(error.key as string))?.transactionHash).to.equal(hash)
    expect(traffic.posts).to.equal(1)
  })

  it('fails a submission for good, with the reason, when its signature expired while it waited', async () => {
    const queue = fresh()
    const item = await signed('expired before submit', 60)
    await queue.add(item, RELAY)
    await increaseTime(120)
    const error = await rejectsWith(queue.submit(reader, item, RELAY), 'ContributionNotSentError')
    expect(error.shortMessage).to.match(/expired/i)
    expect((await queue.get(error.key as string))?.status).to.equal('failed')
  })

  it('lets one tab send at a time: two flushing at once relay each contribution once', async () => {
    const name = crypto.randomUUID()
    const [first, second] = [createContributionQueue({ name }), createContributionQueue({ name })]
    await first.add(await signed('two tabs'), RELAY)
    await Promise.all([first.flush(reader), second.flush(reader)])
    expect(traffic.posts).to.equal(1)
    expect((await second.list()).map((entry) => entry.status)).to.deep.equal(['confirmed'])
  })

  it('tells other tabs when the queue changes', async () => {
    const name = crypto.randomUUID()
    const [here, there] = [createContributionQueue({ name }), createContributionQueue({ name })]
    const heard = new Promise<void>((resolve) => there.subscribe(resolve))
    await here.add(await signed('broadcast'), RELAY)
    await heard
    expect(await there.list()).to.have.length(1)
  })

  it('says plainly when the browser gives the page no IndexedDB, and sends nothing', async () => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true })
    try {
      await rejectsWith(fresh().add(await signed('no storage'), RELAY), 'QueueUnavailableError')
      expect(new QueueUnavailableError().shortMessage).to.match(/nothing was sent/)
    } finally {
      delete (window as { indexedDB?: unknown }).indexedDB
    }
    expect(traffic.posts).to.equal(0)
  })

  describe('when the browser has no room left for the site', () => {
    let leaveBucket: () => Promise<void>
    beforeEach(async () => {
      leaveBucket = await ownStorageBucket()
    })
    afterEach(async () => {
      await setQuota()
      await leaveBucket()
    })

    it('refuses with QueueQuotaError, loses nothing saved, and saves once there is room again', async () => {
      const queue = fresh()
      const [before, refused] = [await signed('saved before the disk filled'), await signed('no room for it')]
      await setQuota((await usage()) + ROOM)
      const saved = await queue.add(before, RELAY)
      await fillQuota()

      const error = await rejectsWith(queue.add(refused, RELAY), 'QueueQuotaError')
      expect(error.shortMessage).to.equal(new QueueQuotaError().shortMessage)
      expect((error.cause as DOMException).name).to.equal('QuotaExceededError')
      expect(await queue.list()).to.deep.equal([saved])

      await setQuota()
      const added = await queue.add(refused, RELAY)
      expect((await queue.list()).map((entry) => entry.key)).to.deep.equal([saved.key, added.key])
      expect(traffic.posts).to.equal(0)
    })
  })
})
