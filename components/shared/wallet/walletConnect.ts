import type { Chain, EIP1193Provider } from 'viem'
import { BaseError } from '../../../src/errors/base.js'

/** WalletConnect's provider, pinned; fetched only when someone picks WalletConnect, or had picked it on this device. */
export const WALLETCONNECT_MODULE_URL = 'https://esm.sh/@walletconnect/ethereum-provider@2.25.0'

export class WalletConnectUnavailableError extends BaseError {
  override name = 'WalletConnectUnavailableError' as const
  constructor(cause: unknown) {
    super('WalletConnect could not be loaded. Check your connection, or use a wallet installed in this browser.', {
      cause,
      docsPath: 'components#walletconnect',
    })
  }
}

export type WalletConnectOptions = { projectId: string; chain: Chain; moduleUrl?: string | undefined }

/** What this code reads of WalletConnect's session (`SessionTypes.Struct`): its expiry, in seconds. */
type Session = { expiry?: number }
type WalletConnectProvider = EIP1193Provider & { connect?: () => Promise<unknown>; session?: Session | undefined }

type WalletConnectModule = {
  EthereumProvider: {
    init(options: {
      projectId: string
      chains: number[]
      showQrModal: boolean
      rpcMap: Record<number, string>
    }): Promise<WalletConnectProvider>
  }
}

/**
 * Loads WalletConnect's ethereum-provider by URL (so neither the npm package nor the CDN build carries its ~150 KB).
 * `init` restores the session WalletConnect kept in this browser, if there is one.
 */
async function initWalletConnect({
  projectId,
  chain,
  moduleUrl = WALLETCONNECT_MODULE_URL,
  showQrModal,
}: WalletConnectOptions & { showQrModal: boolean }) {
  let module: WalletConnectModule
  try {
    module = await import(/* @vite-ignore */ /* webpackIgnore: true */ moduleUrl)
  } catch (error) {
    throw new WalletConnectUnavailableError(error)
  }
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
