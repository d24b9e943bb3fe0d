import type { Chain, EIP1193Provider } from 'viem'
import type { LedgerConfig } from '../config.js'
import { importWalletConnectPackage, type WalletConnectModule } from './walletConnectPackage.js'
import { WalletConnectModuleUrlMissingError, WalletConnectUnavailableError } from './walletErrors.js'

export type WalletConnectOptions = { projectId: string; chain: Chain; moduleUrl?: string | undefined }

/** What this code reads of WalletConnect's session (`SessionTypes.Struct`): its expiry, in seconds. */
type Session = { expiry?: number }
type WalletConnectProvider = EIP1193Provider & { connect?: () => Promise<unknown>; session?: Session | undefined }

/**
 * What WalletConnect needs, or undefined when it is not to be offered: the page set no project id, there is no chain
 * yet, or this build cannot load it (the CDN build loads it only from the page's `walletconnect-module-url`).
 */
export function walletConnectOptions(
  { walletConnectProjectId: projectId, walletConnectModuleUrl: moduleUrl }: LedgerConfig,
  chain: Chain | undefined,
): WalletConnectOptions | undefined {
  if (!projectId || !chain || (!moduleUrl && !importWalletConnectPackage)) return undefined
  return { projectId, chain, moduleUrl }
}

/** The page's own copy when it names one (self-hosted, under its CSP), else the app's bundled npm package. */
async function importWalletConnect(moduleUrl: string | undefined): Promise<WalletConnectModule> {
  if (!moduleUrl) {
    if (!importWalletConnectPackage) throw new WalletConnectModuleUrlMissingError()
    return importWalletConnectPackage()
  }
  try {
    return await import(/* @vite-ignore */ /* webpackIgnore: true */ moduleUrl)
  } catch (error) {
    throw new WalletConnectUnavailableError(error)
  }
}

/**
 * Loads WalletConnect's ethereum-provider only now, so that pages which never use it never download it.
 * `init` restores the session WalletConnect kept in this browser, if there is one.
 */
async function initWalletConnect({
  projectId,
  chain,
  moduleUrl,
  showQrModal,
}: WalletConnectOptions & { showQrModal: boolean }) {
  const module = await importWalletConnect(moduleUrl)
  const rpcUrl = chain.rpcUrls.default.http[0]
  return module.EthereumProvider.init({
    projectId,
    chains: [chain.id],
    showQrModal,
    rpcMap: rpcUrl ? { [chain.id]: rpcUrl } : {},
  })
}

/** Whether the provider's session is still usable: present, and not past its expiry. */
export function hasLiveSession(provider: EIP1193Provider): boolean {
  const { session } = provider as WalletConnectProvider
  if (!session) return false
  return session.expiry === undefined || session.expiry * 1000 > Date.now()
}

/** Loads WalletConnect and opens a session, showing its QR code, unless one restored from this browser is still live. */
export async function loadWalletConnect(options: WalletConnectOptions): Promise<EIP1193Provider> {
  const provider = await initWalletConnect({ ...options, showQrModal: true })
  if (!hasLiveSession(provider)) await provider.connect?.()
  return provider
}

/**
 * Loads WalletConnect and returns its provider if the session it kept in this browser is still live, or undefined if
 * the wallet ended it or it expired. Never shows a QR code or asks the wallet anything.
 */
export async function restoreWalletConnect(options: WalletConnectOptions): Promise<EIP1193Provider | undefined> {
  const provider = await initWalletConnect({ ...options, showQrModal: false })
  return hasLiveSession(provider) ? provider : undefined
}
