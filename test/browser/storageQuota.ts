// Storage quota control for tests: Chromium's real quota, lowered through DevTools (scripts/lib/wtrStorageQuotaPlugin.mjs).
import { executeServerCommand } from '@web/test-runner-commands'

type StorageBuckets = {
  open(name: string): Promise<{ indexedDB: IDBFactory }>
  delete(name: string): Promise<void>
}
const storageBuckets = () => (navigator as Navigator & { storageBuckets: StorageBuckets }).storageBuckets

export const usage = async () => (await navigator.storage.estimate()).usage ?? 0

/** Sets the quota Chromium grants this origin, in bytes; without a size, gives the normal quota back. */
export const setQuota = (quotaSize?: number) =>
  executeServerCommand('storage-quota', quotaSize === undefined ? {} : { quotaSize })

/**
 * Gives the page's IndexedDB a storage bucket of its own until the returned function is called. Chromium's IndexedDB
 * lets a bucket keep writing, for up to 30 s, on room the quota manager granted it earlier (other tests' writes got the
 * default bucket gigabytes); a bucket that has never written asks at its first write, so it meets a quota lowered
 * just before.
 */
export async function ownStorageBucket() {
  const name = `quota-${crypto.randomUUID()}`
  const bucket = await storageBuckets().open(name)
  Object.defineProperty(window, 'indexedDB', { value: bucket.indexedDB, configurable: true })
  return async () => {
    delete (window as { indexedDB?: unknown }).indexedDB
    await storageBuckets().delete(name)
  }
}
