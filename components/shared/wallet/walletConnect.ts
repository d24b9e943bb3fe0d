import type { Chain, EIP1193Provider } from 'viem'
import { BaseError } from '../../../src/errors/base.js'

/** WalletConnect's provider, pinned; fetched only when someone picks WalletConnect. */
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

type WalletConnectModule = {
  EthereumProvider: {
    init(options: {
      projectId: string
      chains: number[]
      showQrModal: boolean
      rpcMap: Record<number, string>
    }): Promise<EIP1193Provider & { connect?: () => Promise<unknown>; session?: unknown }>
  }
}

/**
 * Loads WalletConnect's ethereum-provider by URL (so neither the npm package nor the CDN build carries its ~150 KB) and
 * opens a session, showing its QR code.
 */
export async function loadWalletConnect({
  projectId,
  chain,
  moduleUrl = WALLETCONNECT_MODULE_URL,
}: {
  projectId: string
  chain: Chain
  moduleUrl?: string | undefined
}): Promise<EIP1193Provider> {
  let module: WalletConnectModule
  try {
    module = await import(/* @vite-ignore */ /* webpackIgnore: true */ moduleUrl)
  } catch (error) {
    throw new WalletConnectUnavailableError(error)
  }
  const rpcUrl = chain.rpcUrls.default.http[0]
  const provider = await module.EthereumProvider.init({
    projectId,
    chains: [chain.id],
    showQrModal: true,
    rpcMap: rpcUrl ? { [chain.id]: rpcUrl } : {},
  })
  if (!provider.session) await provider.connect?.()
  return provider
}
