/**
 * Which WalletConnect project this device last connected through, so that the next visit can look for the session
 * WalletConnect kept. Only the project id is stored: the module URL always comes from the page's configuration, so
 * nothing written to storage can choose which code is loaded.
 */
const KEY = 'attribution-ledger:walletconnect'

// Storage can be unavailable (blocked cookies, sandboxed frames) or hold anything: remembering is a convenience, so a
// failure only means there is nothing to restore.
export function rememberWalletConnect(projectId: string) {
  try {
    localStorage.setItem(KEY, JSON.stringify({ projectId }))
  } catch {}
}

/** The project id remembered on this device, if any. */
export function rememberedWalletConnect(): string | undefined {
  try {
    const { projectId } = JSON.parse(localStorage.getItem(KEY) ?? 'null') ?? {}
    return typeof projectId === 'string' ? projectId : undefined
  } catch {
    return undefined
  }
}

export function forgetWalletConnect() {
  try {
    localStorage.removeItem(KEY)
  } catch {}
}
