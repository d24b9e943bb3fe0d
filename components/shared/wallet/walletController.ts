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
import { toLedgerError } from '../../../src/errors/contract.js'
import { type AnnouncedWallet, watchInjectedWallets } from './eip6963.js'
import { loadWalletConnect } from './walletConnect.js'
import { ChainChangedError } from './walletErrors.js'

export type WalletConnection = { provider: EIP1193Provider; account: Address; chainId: number; name: string }

type ProviderError = { code?: number; data?: { originalError?: { code?: number } } }
const UNRECOGNISED_CHAIN = 4902

const errorCode = (error: unknown) => {
  const { code, data } = (error ?? {}) as ProviderError
  return code ?? data?.originalError?.code
}

/**
 * Discovers injected wallets (EIP-6963), connects one (or WalletConnect, loaded only when chosen), follows its account
 * and chain, and switches chain on request. The host re-renders on every change.
 */
export class WalletController implements ReactiveController {
  wallets: AnnouncedWallet[] = []
  connection: WalletConnection | undefined
  connecting = false
  error: Error | undefined
  #host: ReactiveControllerHost
  #stopWatching: (() => void) | undefined
  #unsubscribe: (() => void) | undefined
  readonly #chainWatchers = new Set<(chainId: number) => void>()

  constructor(host: ReactiveControllerHost) {
    this.#host = host
    host.addController(this)
  }

  hostConnected() {
    this.#stopWatching = watchInjectedWallets((wallets) => {
      this.wallets = wallets
      this.#host.requestUpdate()
    })
  }

  hostDisconnected() {
    this.#stopWatching?.()
    this.#unsubscribe?.()
  }

  /** Asks the wallet for an account; resolves with the connection, or undefined (the reason is in `error`). */
  async connect(wallet: { provider: EIP1193Provider; name: string }): Promise<WalletConnection | undefined> {
    this.connecting = true
    this.error = undefined
    this.#host.requestUpdate()
    try {
      const [account] = await wallet.provider.request({ method: 'eth_requestAccounts' })
      if (!account) throw new Error('The wallet returned no account.')
      const chainId = Number(await wallet.provider.request({ method: 'eth_chainId' }))
      this.#follow(wallet.provider)
      this.connection = { provider: wallet.provider, account: getAddress(account), chainId, name: wallet.name }
      return this.connection
    } catch (error) {
      this.error = toLedgerError(error)
      return undefined
    } finally {
      this.connecting = false
      this.#host.requestUpdate()
    }
  }

  /** Connects through WalletConnect; its code is downloaded from `moduleUrl` now, never before. */
  async connectWalletConnect(options: { projectId: string; chain: Chain; moduleUrl?: string | undefined }) {
    this.connecting = true
    this.error = undefined
    this.#host.requestUpdate()
    let provider: EIP1193Provider
    try {
      provider = await loadWalletConnect(options)
    } catch (error) {
      this.connecting = false
      this.error = toLedgerError(error)
      this.#host.requestUpdate()
      return undefined
    }
    return this.connect({ provider, name: 'WalletConnect' })
  }

  disconnect() {
    this.#unsubscribe?.()
    this.connection = undefined
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
    return createClient({ account: connection.account, chain, transport: custom(connection.provider) })
  }

  #follow(provider: EIP1193Provider) {
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
    provider.on?.('accountsChanged', onAccounts)
    provider.on?.('chainChanged', onChain)
    this.#unsubscribe = () => {
      provider.removeListener?.('accountsChanged', onAccounts)
      provider.removeListener?.('chainChanged', onChain)
    }
  }
}
