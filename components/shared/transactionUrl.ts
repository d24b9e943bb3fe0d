import type { Hash } from 'viem'
import { safeLink } from './safeLink.js'

/** A link to the transaction on the explorer, for http(s) explorers only: the URL is page input, not trusted code. */
export function transactionUrl(explorerUrl: string | undefined, hash: Hash) {
  if (!explorerUrl) return undefined
  const base = safeLink(explorerUrl, { allowHttp: true })
  return base ? new URL(`tx/${hash}`, base.endsWith('/') ? base : `${base}/`).href : undefined
}
