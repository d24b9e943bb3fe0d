// The optional peer @walletconnect/ethereum-provider, typed as far as walletConnect.ts uses it, so that this package
// compiles without installing it (it brings ~320 MB of dependencies). Apps that offer WalletConnect install it.
declare module '@walletconnect/ethereum-provider' {
  import type { EIP1193Provider } from 'viem'

  export const EthereumProvider: {
    init(options: {
      projectId: string
      chains: number[]
      showQrModal: boolean
      rpcMap: Record<number, string>
    }): Promise<EIP1193Provider & { connect?: () => Promise<unknown>; session?: { expiry?: number } | undefined }>
  }
}
