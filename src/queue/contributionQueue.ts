import { del, get, set, type UseStore, values } from 'idb-keyval'
import type { Hex } from 'viem'
import { getTransactionReceipt } from 'viem/actions'
import type { LedgerClient } from '../actions/internal/write.js'
import { getContributionByHash } from '../actions/registry/getContributionByHash.js'
import { waitForRegistrations } from '../actions/registry/registerContribution.js'
import type { SignedContribution } from '../actions/registry/signContribution.js'
import type { LedgerDeployment } from '../chains.js'
import { RelayRejectedError, sendToRelay } from '../relay/sendToRelay.js'
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
  /** Every entry, oldest first. */
  list(): Promise<QueuedContribution[]>
  /** Drops an entry the person no longer wants to see (confirmed or failed ones). */
  remove(key: string): Promise<void>
  /**
   * Sends what is waiting, one tab at a time: reconciles each entry with the chain first (so nothing is sent twice),
   * then relays it and waits for it. Resolves with the entries as they are afterwards.
   */
  flush(client: LedgerClient, options?: { deployment?: LedgerDeployment }): Promise<QueuedContribution[]>
  /** Calls `listener` when this or another tab changes the queue. Returns a function that stops listening. */
  subscribe(listener: () => void): () => void
}

export const queueKey = ({ contributor, registration, nonce }: SignedContribution) =>
  `${contributor}:${registration.contentHash}:${nonce}`.toLowerCase()

/**
 * A durable queue of signed contributions in IndexedDB, so that a closed tab, a crash or a lost connection never loses
 * one: entries are written with strict durability before they are sent, the transaction hash is recorded as soon as
 * it exists, and after a reload they are reconciled with the chain before anything is sent again.
 *
 * @example
 * const queue = createContributionQueue()
 * await queue.add(await signContribution(walletClient, registration), 'https://platform.example/relay')
 * await queue.flush(client)
 */
export function createContributionQueue({ name = 'default' }: { name?: string } = {}): ContributionQueue {
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

  async function settle(client: LedgerClient, entry: QueuedContribution, deployment?: LedgerDeployment) {
    const { contentHash } = entry.signed.registration
    const onChain = await getContributionByHash(client, { contentHash, ...(deployment ? { deployment } : {}) })
    if (onChain) {
      const ours = onChain.contributor.toLowerCase() === entry.signed.contributor.toLowerCase()
      return update(entry, {
        status: ours ? 'confirmed' : 'failed',
        failure: ours ? undefined : `Already contributed by ${onChain.contributor}.`,
      })
    }
    if (entry.transactionHash) {
      const receipt = await getTransactionReceipt(client, { hash: entry.transactionHash }).catch(() => undefined)
      if (receipt?.status === 'reverted') return update(entry, { status: 'failed', failure: 'The chain refused it.' })
    }
    return entry
  }

  async function send(client: LedgerClient, entry: QueuedContribution) {
    try {
      const answer = await sendToRelay(entry.relayUrl, entry.signed)
      if (answer.status === 'already-registered') return entry
      const sent = await update(entry, {
        status: 'sent',
        transactionHash: answer.transactionHash,
        attempts: entry.attempts + 1,
      })
      await waitForRegistrations(client, answer.transactionHash)
      return sent
    } catch (error) {
      // A relay's definite "no" (an expired signature, a bad request) will not change; anything else may.
      if (error instanceof RelayRejectedError && error.status < 500 && error.status !== 429) {
        return update(entry, { status: 'failed', failure: error.shortMessage, attempts: entry.attempts + 1 })
      }
      return update(entry, { attempts: entry.attempts + 1 })
    }
  }

  async function flushNow(client: LedgerClient, deployment?: LedgerDeployment) {
    for (const entry of await list()) {
      if (entry.status === 'confirmed' || entry.status === 'failed') continue
      const reconciled = await settle(client, entry, deployment)
      if (reconciled.status !== 'waiting' && reconciled.status !== 'sent') continue
      await settle(client, await send(client, reconciled), deployment)
    }
  }

  async function list() {
    const entries = await values<QueuedContribution>(store)
    return entries.sort((a, b) => a.updatedAt - b.updatedAt)
  }

  return {
    async add(signed, relayUrl) {
      const key = queueKey(signed)
      const existing = await get<QueuedContribution>(key, store)
      if (existing) return existing
      return put({ key, signed, relayUrl, status: 'waiting', attempts: 0, updatedAt: Date.now() })
    },
    list,
    async remove(key) {
      await del(key, store)
      changed()
    },
    async flush(client, { deployment } = {}) {
      const locks = (globalThis.navigator as Navigator | undefined)?.locks
      // Another tab holding the lock is already sending; this one only watches.
      if (locks)
        await locks.request(
          `attribution-ledger-queue-${name}`,
          { ifAvailable: true },
          (lock) => lock && flushNow(client, deployment),
        )
      else await flushNow(client, deployment)
      return list()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
