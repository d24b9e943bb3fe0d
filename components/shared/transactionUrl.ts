import type { Hash } from 'viem'

/** A link to the transaction on the explorer, for http(s) explorers only: the URL is page input, not trusted code. */
export function transactionUrl(explorerUrl: string | undefined, hash: Hash) {
  if (!explorerUrl) return undefined
  try {
    const url = new URL(`tx/${hash}`, explorerUrl.endsWith('/') ? explorerUrl : `${explorerUrl}/`)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined
  } catch {
    return undefined
  }
}
