import type { WalletConnectModule } from './walletConnectPackage.js'

/**
 * The CDN build's walletConnectPackage.ts: no copy of WalletConnect comes with it, and none is fetched from a third
 * party by default, so WalletConnect is offered only where the page sets `walletconnect-module-url`.
 */
export const importWalletConnectPackage: (() => Promise<WalletConnectModule>) | undefined = undefined
