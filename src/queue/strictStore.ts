import { promisifyRequest, type UseStore } from 'idb-keyval'
import { QueueQuotaError, QueueUnavailableError } from './queueErrors.js'

/**
 * An idb-keyval store whose writes are `durability: 'strict'`: a write resolves only once the browser has flushed it
 * to disk, so an item the page has been told is saved survives a crash or a power cut a moment later.
 */
export function strictStore(dbName: string, storeName: string): UseStore {
  let db: Promise<IDBDatabase> | undefined
  const open = () => {
    if (typeof indexedDB === 'undefined') return Promise.reject(new QueueUnavailableError())
    const request = indexedDB.open(dbName)
    request.onupgradeneeded = () => request.result.createObjectStore(storeName)
    db = promisifyRequest(request).catch((error) => {
      db = undefined
      throw new QueueUnavailableError(error)
    })
    return db
  }
  return async (mode, callback) => {
    const database = await (db ?? open())
    try {
      // idb-keyval's writes resolve when their transaction completes, which a strict transaction does once on disk.
      return await callback(database.transaction(storeName, mode, { durability: 'strict' }).objectStore(storeName))
    } catch (error) {
      if ((error as DOMException | null)?.name === 'QuotaExceededError') throw new QueueQuotaError(error)
      throw error
    }
  }
}
