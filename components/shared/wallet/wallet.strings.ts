import { passkeyStrings } from '../passkey/passkey.strings.js'

/** The wallet choices' text, with the passkey choice's (see `passkeyStrings`). */
export const walletStrings = {
  ...passkeyStrings,
  walletHeading: 'Connect a wallet',
  walletNone: 'No wallet was found in this browser. Install a wallet extension, or use WalletConnect.',
  walletConnect: 'WalletConnect',
  walletConnecting: 'Waiting for your wallet…',
  walletReconnecting: 'Reconnecting to WalletConnect…',
  walletConnected: (name: string, account: string) => `Connected with ${name}: ${account}`,
  walletDisconnect: 'Disconnect',
  walletSessionEnded:
    'Your WalletConnect session was ended from your wallet, or it expired. Connect again to continue.',
  walletSwitchChain: (chainName: string) => `Switch your wallet to ${chainName}`,
  walletWrongChain: (chainName: string) => `Your wallet is on another network. This needs ${chainName}.`,
}

export type WalletStrings = typeof walletStrings
