import type { ReactiveController, ReactiveControllerHost } from 'lit'
import {
  type Address,
  type Chain,
  type Client,
  createClient,
  custom,
  type EIP1193Provider,
  getAddress,
  numberToHex,
} from 'viem'
import type { LedgerClient } from '../../../src/client.js'
import { toLedgerError } from '../../../src/errors/contract.js'
import type { PasskeyAccount } from '../../../src/passkey/toPasskeyAccount.js'
import { type AnnouncedWallet, watchInjectedWallets } from './eip6963.js'
import { hasLiveSession, loadWalletConnect, restoreWalletConnect, type WalletConnectOptions } from './walletConnect.js'
import { forgetWalletConnect, rememberedWalletConnect, rememberWalletConnect } from './walletConnectMemory.js'
import { ChainChangedError, WalletConnectSessionEndedError, WalletNoAccountError } from './walletErrors.js'

export type WalletConnection = {
  provider: EIP1193Provider
  account: Address
  chainId: number
  name: string
  /** Set when the person signs in with a passkey: the account signs itself, and `provider` only reads the chain. */
  passkey?: PasskeyAccount | undefined
}

type ProviderError = { code?: number; data?: { originalError?: { code?: number } } }
const UNRECOGNISED_CHAIN = 4902
const WALLETCONNECT = 'WalletConnect'

const errorCode = (error: unknown) => {
  const { code, data } = (error ?? {}) as ProviderError
  return code ?? data?.originalError?.code
}

/**
 * Discovers injected wallets (EIP-6963), connects one (or WalletConnect, loaded only when chosen), follows its account
 * and chain, and switches chain on request. The host re-renders on every change.
 *
 * A WalletConnect connection is remembered on the device. Given `walletConnectOptions`, the controller looks for that
 * session again when the host first has options for the same project: it reconnects without asking anything if the
 * session is live, and otherwise says in `error` that it ended.
 */
export class WalletController implements ReactiveController {
  wallets: AnnouncedWallet[] = []
  connection: WalletConnection | undefined
  connecting = false
  /** Looking for the WalletConnect session remembered from an earlier visit. */
  restoring = false
  error: Error | undefined
  #host: ReactiveControllerHost
  #walletConnectOptions: (() => WalletConnectOptions | undefined) | undefined
  #restoreLookedFor = false
  #stopWatching: (() => void) | undefined
  #unsubscribe: (() => void) | undefined
  readonly #chainWatchers = new Set<(chainId: number) => void>()

  constructor(host: ReactiveControllerHost, walletConnectOptions?: () => WalletConnectOptions | undefined) {
    this.#host = host
    this.#walletConnectOptions = walletConnectOptions
    host.addController(this)
  }

  hostConnected() {
    this.#stopWatching = watchInjectedWallets((wallets) => {
      this.wallets = wallets
      this.#host.requestUpdate()
    })
  }

  // Read on update, not on construction: a widget's attributes and context arrive after its controllers are made.
  hostUpdate() {
    if (this.#restoreLookedFor) return
    const options = this.#walletConnectOptions?.()
    if (!options) return
    this.#restoreLookedFor = true
    void this.#restore(options)
  }

  hostDisconnected() {
    this.#stopWatching?.()
    this.#unsubscribe?.()
  }

  /** Asks the wallet for an account; resolves with the connection, or undefined (the reason is in `error`). */
  connect(wallet: { provider: EIP1193Provider; name: string }): Promise<WalletConnection | undefined> {
    return this.#attempt(async () => {
      const [account] = await wallet.provider.request({ method: 'eth_requestAccounts' })
      if (!account) throw new WalletNoAccountError()
      return this.#adopt(wallet, account)
    })
  }

  /** Connects through WalletConnect; its code is downloaded from `moduleUrl` now, never before. */
  connectWalletConnect(options: WalletConnectOptions): Promise<WalletConnection | undefined> {
    return this.#attempt(async () => {
      const provider = await loadWalletConnect(options)
      const [account] = await provider.request({ method: 'eth_requestAccounts' })
      if (!account) throw new WalletNoAccountError()
      const connection = await this.#adopt({ provider, name: WALLETCONNECT }, account, { walletConnect: true })
      rememberWalletConnect(options.projectId)
      return connection
    })
  }

  /**
   * Makes a passkey account the connection. It has no wallet behind it: it signs by itself (one passkey prompt each
   * time), and reads the chain through `client`, which is on the account's chain by construction.
   */
  adoptPasskey(account: PasskeyAccount, client: LedgerClient, name: string): WalletConnection {
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
    this.error = undefined
    const provider = { request: client.request } as unknown as EIP1193Provider
    this.connection = {
      provider,
      account: getAddress(account.address),
      chainId: account.chainId,
      name,
      passkey: account,
    }
    this.#host.requestUpdate()
    return this.connection
  }

  disconnect() {
    this.#unsubscribe?.()
    const passkey = this.connection?.passkey
    this.connection = undefined
    if (!passkey) forgetWalletConnect()
    this.#host.requestUpdate()
  }

  /** Moves the wallet to `chain`, adding the chain to it first when the wallet does not know it (error 4902). */
  async ensureChain(chain: Chain) {
    const connection = this.connection
    if (!connection || connection.chainId === chain.id) return
    const chainId = numberToHex(chain.id)
    try {
      await connection.provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId }] })
    } catch (error) {
      if (errorCode(error) !== UNRECOGNISED_CHAIN) throw toLedgerError(error)
      await connection.provider.request({
        method: 'wallet_addEthereumChain',
        params: [
          {
            chainId,
            chainName: chain.name,
            nativeCurrency: chain.nativeCurrency,
            rpcUrls: [...chain.rpcUrls.default.http],
          },
        ],
      })
      // Some wallets switch as they add; the rest need asking again now that they know the chain.
      await connection.provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId }] })
    }
    const now = Number(await connection.provider.request({ method: 'eth_chainId' }))
    this.connection = { ...connection, chainId: now }
    this.#host.requestUpdate()
  }

  /**
   * `work` (a signature or a transaction the wallet was asked for), rejected with ChainChangedError if the wallet
   * moves to another chain before it settles: what it signs after such a move is for a chain nobody showed the person.
   */
  guardChain<T>(work: Promise<T>): Promise<T> {
    const expected = this.connection?.chainId
    return new Promise<T>((resolve, reject) => {
      const watcher = (chainId: number) => {
        if (chainId === expected) return
        this.#chainWatchers.delete(watcher)
        reject(new ChainChangedError(expected, chainId))
      }
      this.#chainWatchers.add(watcher)
      work.then(
        (value) => {
          this.#chainWatchers.delete(watcher)
          resolve(value)
        },
        (error) => {
          this.#chainWatchers.delete(watcher)
          reject(error)
        },
      )
    })
  }

  /** A viem client that signs with the connected account on `chain` (bare, so only the actions used are bundled). */
  walletClient(chain: Chain): Client | undefined {
    const connection = this.connection
    if (!connection) return undefined
    const account = connection.passkey ?? connection.account
    return createClient({ account, chain, transport: custom(connection.provider) })
  }

  async #attempt(work: () => Promise<WalletConnection>): Promise<WalletConnection | undefined> {
    this.connecting = true
    this.error = undefined
    this.#host.requestUpdate()
    try {
      return await work()
    } catch (error) {
      this.error = toLedgerError(error)
      return undefined
    } finally {
      this.connecting = false
      this.#host.requestUpdate()
    }
  }

  /** Makes `wallet`, signed in as `account`, the connection, and follows it. */
  async #adopt(
    wallet: { provider: EIP1193Provider; name: string },
    account: Address,
    { walletConnect = false } = {},
  ): Promise<WalletConnection> {
    const chainId = Number(await wallet.provider.request({ method: 'eth_chainId' }))
    this.#follow(wallet.provider, walletConnect)
    this.connection = { provider: wallet.provider, account: getAddress(account), chainId, name: wallet.name }
    return this.connection
  }

  /** Reconnects the WalletConnect session remembered for this project, without a prompt or a QR code. */
  async #restore(options: WalletConnectOptions) {
    // Nothing remembered means nothing to look for, and WalletConnect's code is not downloaded.
    if (rememberedWalletConnect() !== options.projectId) return
    this.restoring = true
    this.#host.requestUpdate()
    try {
      const provider = await restoreWalletConnect(options)
      if (!provider) return this.#sessionEnded()
      // eth_accounts, not eth_requestAccounts: this must never prompt.
      const [account] = await provider.request({ method: 'eth_accounts' })
      if (account) await this.#adopt({ provider, name: WALLETCONNECT }, account, { walletConnect: true })
      // Checked once followed: an end the relay delivered before now shows here, and any later one fires `disconnect`.
      if (!account || !hasLiveSession(provider)) this.#sessionEnded()
    } catch (error) {
      this.error = toLedgerError(error)
    } finally {
      this.restoring = false
      this.#host.requestUpdate()
    }
  }

  /** The WalletConnect session ended from the wallet, or expired: drop it, forget it, and say so. */
  #sessionEnded() {
    this.#unsubscribe?.()
    this.connection = undefined
    forgetWalletConnect()
    this.error = new WalletConnectSessionEndedError()
    this.#host.requestUpdate()
  }

  #follow(provider: EIP1193Provider, walletConnect: boolean) {
    this.#unsubscribe?.()
    const onAccounts = (accounts: Address[]) => {
      const [account] = accounts
      this.connection = account && this.connection ? { ...this.connection, account: getAddress(account) } : undefined
      this.#host.requestUpdate()
    }
    const onChain = (chainId: string) => {
      if (this.connection) this.connection = { ...this.connection, chainId: Number(chainId) }
      for (const watcher of this.#chainWatchers) watcher(Number(chainId))
      this.#host.requestUpdate()
    }
    // WalletConnect emits `disconnect` after every `session_delete`: the wallet ended the session, or it expired.
    const onDisconnect = () => {
      if (this.connection?.provider === provider) this.#sessionEnded()
    }
    provider.on?.('accountsChanged', onAccounts)
    provider.on?.('chainChanged', onChain)
    if (walletConnect) provider.on?.('disconnect', onDisconnect)
    this.#unsubscribe = () => {
      provider.removeListener?.('accountsChanged', onAccounts)
      provider.removeListener?.('chainChanged', onChain)
      provider.removeListener?.('disconnect', onDisconnect)
    }
  }
}
