type TrustedTypePolicy = { createScriptURL(url: string): unknown }
type TrustedTypes = {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): TrustedTypePolicy
}

/** The Trusted Types policy name a page lists (`trusted-types … attribution-ledger`) to let the hash worker start. */
export const TRUSTED_TYPES_POLICY = 'attribution-ledger'

let policy: TrustedTypePolicy | null | undefined
const allowed = new Set<string>()

/**
 * `url` as a TrustedScriptURL, for pages that may enforce Trusted Types, where a plain URL cannot start a worker. The
 * policy passes only the URLs this library asked for, so it cannot be used to load anything else. Undefined where
 * there are no Trusted Types, or the page does not allow the policy.
 */
export function trustedScriptUrl(url: string): unknown {
  const trustedTypes = (globalThis as { trustedTypes?: TrustedTypes }).trustedTypes
  if (!trustedTypes) return undefined
  if (policy === undefined) {
    try {
      policy = trustedTypes.createPolicy(TRUSTED_TYPES_POLICY, {
        createScriptURL: (candidate) => {
          if (!allowed.has(candidate)) throw new TypeError(`attribution-ledger does not load ${candidate}`)
          return candidate
        },
      })
    } catch {
      policy = null
    }
  }
  if (!policy) return undefined
  allowed.add(url)
  return policy.createScriptURL(url)
}
