/**
 * The demo's development wallet: an EIP-1193 provider, announced through EIP-6963, that signs with Hardhat's
 * well-known test keys so the demo works without a wallet extension. Those keys are public, so it signs for the local
 * chain (31337) only: it is not announced anywhere else, will not switch chains, and refuses typed data for another
 * chain. Requests a wallet does not own are forwarded to the node.
 */

import { customChain } from 'attribution-ledger'
import {
  type Address,
  type Chain,
  createClient,
  createWalletClient,
  type Hex,
  http,
  isAddressEqual,
  numberToHex,
} from 'viem'
import { type HDAccount, mnemonicToAccount } from 'viem/accounts'
import { shortHex } from './api.js'

const LOCAL_CHAIN_ID = 31337
export const ACCOUNT_COUNT = 10
const MNEMONIC = 'test test test test test test test test test test test junk'
const DEFAULT_ACCOUNT = 9
const STORAGE_KEY = 'attribution-ledger-demo/dev-account'
const ICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#b45309"/><path d="M9 11h14v11H9z" fill="none" stroke="#fff" stroke-width="2"/><path d="M19 16h4" stroke="#fff" stroke-width="2"/><path d="M11 11l8-4" stroke="#fff" stroke-width="2"/></svg>',
)}`

type RequestArguments = { method: string; params?: unknown }
type Listener = (payload: unknown) => void
type TransactionParameters = { from?: Address; to?: Address | null; data?: Hex; value?: Hex; gas?: Hex }

/** An EIP-1193 error: 4100 unauthorised account, 4200 unsupported method, 4901 wrong chain, 4902 unknown chain. */
class ProviderRpcError extends Error {
  readonly code: number
  constructor(code: number, message: string) {
    super(message)
    this.code = code
  }
}

const localOnly = () => new ProviderRpcError(4901, 'The development wallet signs on the local chain (31337) only.')

function storedIndex() {
  const stored = Number(localStorage.getItem(STORAGE_KEY) ?? DEFAULT_ACCOUNT)
  return Number.isInteger(stored) && stored >= 0 && stored < ACCOUNT_COUNT ? stored : DEFAULT_ACCOUNT
}

export class DevWallet {
  /** Told of every signature and transaction, so the page can show what the wallet did. */
  onActivity: ((text: string) => void) | undefined
  readonly #rpcUrl: string
  readonly #chain: Chain
  readonly #node
  readonly #accounts = new Map<number, HDAccount>()
  readonly #listeners = new Map<string, Set<Listener>>()
  #index = storedIndex()

  constructor(rpcUrl: string) {
    this.#rpcUrl = rpcUrl
    this.#chain = customChain({ id: LOCAL_CHAIN_ID, rpcUrl })
    this.#node = createClient({ chain: this.#chain, transport: http(rpcUrl) })
  }

  get index() {
    return this.#index
  }

  get address(): Address {
    return this.#account().address
  }

  /** Switches to test account `index` (0–9) and tells the page (`accountsChanged`), as a wallet does. */
  select(index: number) {
    if (index === this.#index || !Number.isInteger(index) || index < 0 || index >= ACCOUNT_COUNT) return
    this.#index = index
    localStorage.setItem(STORAGE_KEY, String(index))
    for (const listener of this.#listeners.get('accountsChanged') ?? []) listener([this.address])
  }

  on(event: string, listener: Listener) {
    const listeners = this.#listeners.get(event) ?? new Set()
    listeners.add(listener)
    this.#listeners.set(event, listeners)
  }

  removeListener(event: string, listener: Listener) {
    this.#listeners.get(event)?.delete(listener)
  }

  async request({ method, params }: RequestArguments): Promise<unknown> {
    const args = Array.isArray(params) ? (params as unknown[]) : []
    switch (method) {
      case 'eth_requestAccounts':
      case 'eth_accounts':
        return [this.address]
      case 'eth_chainId':
        return numberToHex(LOCAL_CHAIN_ID)
      case 'wallet_switchEthereumChain':
      case 'wallet_addEthereumChain': {
        if (Number((args[0] as { chainId?: string } | undefined)?.chainId) === LOCAL_CHAIN_ID) return null
        if (method === 'wallet_addEthereumChain') throw localOnly()
        throw new ProviderRpcError(4902, 'The development wallet knows the local chain (31337) only.')
      }
      case 'eth_sendTransaction':
        return this.#sendTransaction(args[0] as TransactionParameters)
      case 'eth_signTypedData_v4': {
        const account = this.#account(args[0] as Address)
        const typedData = typeof args[1] === 'string' ? JSON.parse(args[1]) : args[1]
        if (Number(typedData?.domain?.chainId) !== LOCAL_CHAIN_ID) throw localOnly()
        // viem derives the domain type itself, and refuses it in `types`.
        const { EIP712Domain: _, ...types } = typedData.types
        const signature = await account.signTypedData({ ...typedData, types })
        this.onActivity?.(`Signed ${String(typedData.primaryType)} (EIP-712)`)
        return signature
      }
      case 'personal_sign': {
        const account = this.#account(args[1] as Address)
        const signature = await account.signMessage({ message: { raw: args[0] as Hex } })
        this.onActivity?.('Signed a message')
        return signature
      }
      default:
        // The node holds the same keys unlocked: any other way of signing would go around the checks above.
        if (/^(eth_sign|personal_|wallet_)/.test(method)) {
          throw new ProviderRpcError(4200, `The development wallet does not support ${method}.`)
        }
        return this.#node.request({ method, params } as never)
    }
  }

  async #sendTransaction({ from, to, data, value, gas }: TransactionParameters) {
    const account = this.#account(from)
    const wallet = createWalletClient({ account, chain: this.#chain, transport: http(this.#rpcUrl) })
    // viem checks the node's chain id against 31337 before it signs.
    const hash = await wallet.sendTransaction({
      to: to ?? null,
      ...(data ? { data } : {}),
      ...(value ? { value: BigInt(value) } : {}),
      ...(gas ? { gas: BigInt(gas) } : {}),
    })
    this.onActivity?.(`Sent transaction ${shortHex(hash)}`)
    return hash
  }

  /** The selected account; refuses a request made for another address (4100), as a wallet would. */
  #account(requested?: Address): HDAccount {
    let account = this.#accounts.get(this.#index)
    if (!account) {
      account = mnemonicToAccount(MNEMONIC, { addressIndex: this.#index })
      this.#accounts.set(this.#index, account)
    }
    if (requested && !isAddressEqual(requested, account.address)) {
      throw new ProviderRpcError(4100, `The development wallet is on account #${this.#index}, not ${requested}.`)
    }
    return account
  }
}

/**
 * Announces the development wallet (EIP-6963), on the local chain only; elsewhere returns undefined and the page uses
 * whatever wallets the person has.
 */
export function installDevWallet({ rpcUrl, chainId }: { rpcUrl: string; chainId: number }): DevWallet | undefined {
  if (chainId !== LOCAL_CHAIN_ID) return undefined
  const wallet = new DevWallet(rpcUrl)
  const detail = Object.freeze({
    info: Object.freeze({
      uuid: crypto.randomUUID(),
      name: 'Local dev wallet (test keys)',
      icon: ICON,
      rdns: 'org.attribution-ledger.dev-wallet',
    }),
    provider: wallet,
  })
  const announce = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail }))
  window.addEventListener('eip6963:requestProvider', announce)
  // Widgets that connected before the configuration arrived asked already: tell them now.
  announce()
  return wallet
}
