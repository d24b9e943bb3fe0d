import type { EIP1193Provider } from 'viem'
import { WalletConnectUnavailableError } from './walletErrors.js'

/** What this package uses of `@walletconnect/ethereum-provider`. */
export type WalletConnectModule = {
  EthereumProvider: {
    init(options: {
      projectId: string
      chains: number[]
      showQrModal: boolean
      rpcMap: Record<number, string>
    }): Promise<EIP1193Provider & { connect?: () => Promise<unknown>; session?: { expiry?: number } | undefined }>
  }
}

/**
 * WalletConnect's ethereum-provider from npm (an optional peer): the app's bundler puts it in a chunk of its own, which
 * loads only when someone picks WalletConnect. The CDN build has no bundler after it, so it replaces this module with
 * walletConnectPackage.cdn.ts (see rollup.config.mjs) and loads WalletConnect only from the page's module URL.
 */
export const importWalletConnectPackage: (() => Promise<WalletConnectModule>) | undefined = async () => {
  // Inside `try`, so that esbuild still bundles an app that has not installed the package; the import fails when run.
  try {
    return (await import('@walletconnect/ethereum-provider')) as WalletConnectModule
  } catch (error) {
    throw new WalletConnectUnavailableError(error)
  }
}
