import { del, get, set, type UseStore, values } from 'idb-keyval'
import type { Hex } from 'viem'
import { getBlockNumber } from 'viem/actions'
import { isTransactionKnown, receiptOrNull } from '../actions/internal/transactionLookups.js'
import { getContributionByHash } from '../actions/registry/getContributionByHash.js'
import type { SignedContribution } from '../actions/registry/signContribution.js'
import type { LedgerDeployment } from '../chains.js'
import type { LedgerClient } from '../client.js'
import { RelayRejectedError, sendToRelay } from '../relay/sendToRelay.js'
import {
  ContributionNotSentError,
  ContributionQueuedError,
  QueueQuotaError,
  QueueUnavailableError,
} from './queueErrors.js'
import { strictStore } from './strictStore.js'

export type QueuedStatus = 'waiting' | 'sent' | 'confirmed' | 'failed'

/** A signed registration kept until the chain has it. */
export type QueuedContribution = {
  /** `contributor:contentHash:nonce`, all lower case. */
  key: string
  signed: SignedContribution
  relayUrl: string
  status: QueuedStatus
  /** Recorded the moment the relay names it. */
  transactionHash?: Hex | undefined
  /** Why it failed, in words, once it definitely cannot succeed. */
  failure?: string | undefined
  attempts: number
  updatedAt: number
}

export type ContributionQueue = {
  /** Keeps a signed registration (durably, before anything is sent) and returns its entry. */
  add(signed: SignedContribution, relayUrl: string): Promise<QueuedContribution>
  /**
   * Keeps a signed registration durably, then sends what is waiting (see `flush`). Resolves with its transaction hash
   * once the relay has named one (undefined when the chain already had it); rejects with `ContributionQueuedError`
   * when it is saved but could not be sent yet (submit it again later: it is never sent twice), with
   * `ContributionNotSentError` when it cannot succeed, and with `QueueUnavailableError` or `QueueQuotaError` when the
   * device could not keep it, in which case nothing was sent.
   */
  submit(
    client: LedgerClient,
    signed: SignedContribution,
    relayUrl: string,
    options?: FlushOptions,
  ): Promise<QueueSubmitReturnType>
  /** One entry by its key (the `key` of what `add` returned, or of a queue error), or undefined once it is removed. */
  get(key: string): Promise<QueuedContribution | undefined>
  /** Every entry, oldest first. */
  list(): Promise<QueuedContribution[]>
  /** Drops an entry the person no longer wants to see (confirmed or failed ones). */
  remove(key: string): Promise<void>
  /**
   * Sends what is waiting, one tab at a time: reconciles each entry with the chain first (so nothing is sent twice:
   * an entry whose transaction is on-chain or still pending is not sent again, one whose transaction a reorganisation
   * dropped is), then relays it and records its transaction hash. An entry is `confirmed` once its registration is
   * `confirmations` blocks deep; until then a later flush settles it. Resolves with the entries as they are afterwards.
   */
  flush(client: LedgerClient, options?: FlushOptions): Promise<QueuedContribution[]>
  /** Calls `listener` when this or another tab changes the queue. Returns a function that stops listening. */
  subscribe(listener: () => void): () => void
}

export type FlushOptions = {
  deployment?: LedgerDeployment | undefined
  /** Blocks deep a registration must be before its entry counts as confirmed. @default 1 */
  confirmations?: number | undefined
}

/** The registration's transaction hash; undefined when the chain already had it before this queue sent it. */
export type QueueSubmitReturnType = Hex | undefined

export type QueueSubmitErrorType =
  | ContributionQueuedError
  | ContributionNotSentError
  | QueueUnavailableError
  | QueueQuotaError

export type CreateContributionQueueParameters = {
  /** One queue per name (per project, if a page has several), shared by every tab of the origin. @default 'default' */
  name?: string | undefined
}

const queueKey = ({ contributor, registration, nonce }: SignedContribution) =>
  `${contributor}:${registration.contentHash}:${nonce}`.toLowerCase()

/**
 * A durable queue of signed contributions in IndexedDB, so that a closed tab, a crash or a lost connection never loses
 * one: entries are written with strict durability before they are sent, the transaction hash is recorded as soon as
 * it exists, and after a reload they are reconciled with the chain before anything is sent again.
 *
 * @example
 * const queue = createContributionQueue()
 * const signed = await signContribution(walletClient, registration)
 * try {
 *   const transactionHash = await queue.submit(client, signed, 'https://platform.example/relay')
 * } catch (error) {
 *   if (!(error instanceof ContributionQueuedError)) throw error
 *   // Saved on this device: `queue.flush(client)` later (when back online, say) sends it.
 * }
 */
export function createContributionQueue({
  name = 'default',
}: CreateContributionQueueParameters = {}): ContributionQueue {
  const store: UseStore = strictStore(`attribution-ledger-queue-${name}`, 'contributions')
  const channel =
    typeof BroadcastChannel === 'function' ? new BroadcastChannel(`attribution-ledger-queue-${name}`) : undefined
  const listeners = new Set<() => void>()
  const changed = () => {
    channel?.postMessage('changed')
    for (const listener of listeners) listener()
  }
  channel?.addEventListener('message', () => {
    for (const listener of listeners) listener()
  })
  const put = async (entry: QueuedContribution) => {
    await set(entry.key, entry, store)
    changed()
    return entry
  }
  const update = (entry: QueuedContribution, change: Partial<QueuedContribution>) =>
    put({ ...entry, ...change, updatedAt: Date.now() })

  /** What the chain says of an entry, and whether it needs sending: never while its transaction may still land. */
  async function settle(
    client: LedgerClient,
    entry: QueuedContribution,
    { deployment, confirmations = 1 }: FlushOptions,
  ): Promise<{ entry: QueuedContribution; send: boolean }> {
    const { contentHash } = entry.signed.registration
    const onChain = await getContributionByHash(client, { contentHash, ...(deployment ? { deployment } : {}) })
    const receipt = entry.transactionHash ? await receiptOrNull(client, entry.transactionHash) : null
    if (onChain) {
      if (onChain.contributor.toLowerCase() !== entry.signed.contributor.toLowerCase()) {
        return {
          entry: await update(entry, { status: 'failed', failure: `Already contributed by ${onChain.contributor}.` }),
          send: false,
        }
      }
      // Confirmed only as deep as asked: until then a reorganisation could still take it away.
      const shallow =
        receipt && (await getBlockNumber(client, { cacheTime: 0 })) - receipt.blockNumber + 1n < confirmations
      if (shallow)
        return { entry: entry.status === 'sent' ? entry : await update(entry, { status: 'sent' }), send: false }
      return { entry: await update(entry, { status: 'confirmed', failure: undefined }), send: false }
    }
    if (receipt?.status === 'reverted') {
      return { entry: await update(entry, { status: 'failed', failure: 'The chain refused it.' }), send: false }
    }
    // A transaction still waiting to be mined is left to land; one the network dropped (or never had) is sent again.
    const pending = entry.transactionHash && !receipt ? await isTransactionKnown(client, entry.transactionHash) : false
    return { entry, send: !pending }
  }

  async function send(entry: QueuedContribution) {
    try {
      const answer = await sendToRelay(entry.relayUrl, entry.signed)
      if (answer.status === 'already-registered') return entry
      return await update(entry, {
        status: 'sent',
        transactionHash: answer.transactionHash,
        attempts: entry.attempts + 1,
      })
    } catch (error) {
      // A relay's definite "no" (an expired signature, a bad request) will not change; anything else may.
      if (error instanceof RelayRejectedError && error.status < 500 && error.status !== 429) {
        return update(entry, { status: 'failed', failure: error.shortMessage, attempts: entry.attempts + 1 })
      }
      return update(entry, { attempts: entry.attempts + 1 })
    }
  }

  async function flushNow(client: LedgerClient, options: FlushOptions) {
    for (const stored of await list()) {
      if (stored.status === 'confirmed' || stored.status === 'failed') continue
      const { entry, send: needed } = await settle(client, stored, options)
      if (needed) await settle(client, await send(entry), options)
    }
  }

  async function list() {
    const entries = await values<QueuedContribution>(store)
    return entries.sort((a, b) => a.updatedAt - b.updatedAt)
  }

  const getEntry = (key: string) => get<QueuedContribution>(key, store)

  async function add(signed: SignedContribution, relayUrl: string) {
    const key = queueKey(signed)
    const existing = await getEntry(key)
    if (existing) return existing
    return put({ key, signed, relayUrl, status: 'waiting', attempts: 0, updatedAt: Date.now() })
  }

  async function flush(client: LedgerClient, options: FlushOptions = {}) {
    const locks = (globalThis.navigator as Navigator | undefined)?.locks
    // Another tab holding the lock is already sending; this one only watches.
    if (locks)
      await locks.request(
        `attribution-ledger-queue-${name}`,
        { ifAvailable: true },
        (lock) => lock && flushNow(client, options),
      )
    else await flushNow(client, options)
    return list()
  }

  return {
    add,
    async submit(client, signed, relayUrl, options = {}) {
      const { key } = await add(signed, relayUrl)
      await flush(client, options).catch((error) => {
        // Kept on the device whatever the network did; only a device that cannot keep it is a failure.
        if (error instanceof QueueUnavailableError || error instanceof QueueQuotaError) throw error
      })
      const sent = await getEntry(key)
      if (sent?.status === 'confirmed' || (sent?.status === 'sent' && sent.transactionHash)) return sent.transactionHash
      if (sent?.status === 'failed') throw new ContributionNotSentError({ key, reason: sent.failure })
      throw new ContributionQueuedError({ key })
    },
    get: getEntry,
    list,
    async remove(key) {
      await del(key, store)
      changed()
    },
    flush,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
