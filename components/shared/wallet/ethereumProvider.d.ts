// The optional peer @walletconnect/ethereum-provider is not installed here (it brings ~320 MB of dependencies); what
// this package uses of it is typed in walletConnectPackage.ts. Apps that offer WalletConnect install it.
declare module '@walletconnect/ethereum-provider'
