const DEFAULT_IPFS_GATEWAY = 'https://ipfs.io/ipfs/'

/**
 * The URL as a link a widget may render, or undefined: only https, and ipfs:// rewritten to an https gateway.
 * Everything the WHATWG parser would ignore (leading and trailing controls and spaces, tabs and newlines anywhere)
 * is removed first and the scheme compared in lower case, so `\tJaVa\nscript:` or `\u0000javascript:` cannot pass.
 */
export function safeLink(value: unknown, { ipfsGateway = DEFAULT_IPFS_GATEWAY, allowHttp = false } = {}) {
  if (typeof value !== 'string') return undefined
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping what a browser would strip is the point
  const cleaned = value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '')
  let url: URL
  try {
    url = new URL(cleaned)
  } catch {
    return undefined
  }
  if (url.protocol === 'ipfs:') {
    const path = `${url.hostname}${url.pathname}`.replace(/^ipfs\//, '')
    if (!/^[A-Za-z0-9]+(\/[^?#]*)?$/.test(path) || path.split('/').some((part) => part === '..')) return undefined
    return new URL(path, ipfsGateway.endsWith('/') ? ipfsGateway : `${ipfsGateway}/`).href
  }
  if (url.protocol === 'https:' || (allowHttp && url.protocol === 'http:')) return url.href
  return undefined
}
