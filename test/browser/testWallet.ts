import { type EIP1193Provider, type LocalAccount, numberToHex } from 'viem'
import { hardhat } from 'viem/chains'
import { type WalletState, walletRequestHandler } from '../support/walletRequests.js'
import { served } from './chain.js'

type Listener = (...args: unknown[]) => void

export type TestWallet = EIP1193Provider & {
  /** Every method the page asked for, in order. */
  readonly calls: string[]
  /** The chain the wallet is on now. */
  readonly chainId: number
  /** Announces the wallet through EIP-6963, now and whenever a page asks. */
  announce(): () => void
  /** Makes the next signature or transaction request fail as if the person clicked "Reject". */
  rejectNext(): void
  /** Moves the wallet to another chain as if the person did it in the wallet. */
  switchTo(chainId: number): void
  /** Makes signatures and transactions wait, as a person deciding; call the returned function to let them go on. */
  hold(): () => void
}

/**
 * A wallet as a browser extension would be, backed by a local test key: it signs and sends to the test runner's local
 * chain, starts on `chainId`, knows only `knownChains` until a page adds one (error 4902 otherwise), and announces
 * itself through EIP-6963.
 */
export function testWallet(
  signer: LocalAccount,
  {
    chainId = hardhat.id,
    knownChains = [hardhat.id, 1],
    name = 'Test Wallet',
    uuid = crypto.randomUUID(),
  }: { chainId?: number; knownChains?: number[]; name?: string; uuid?: string } = {},
): TestWallet {
  const listeners = new Map<string, Set<Listener>>()
  const calls: string[] = []
  const emit = (event: string, value: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(value)
  }
  const state: WalletState = {
    chainId,
    knownChains: new Set(knownChains),
    rejectNext: false,
    onChainChanged: (next: number) => emit('chainChanged', numberToHex(next)),
  }
  const handle = walletRequestHandler(signer, served.rpcUrl, state)

  const wallet = {
    request: (request: { method: string; params?: unknown }) => {
      calls.push(request.method)
      return handle(request)
    },
    on(event: string, listener: Listener) {
      if (!listeners.has(event)) listeners.set(event, new Set())
      listeners.get(event)?.add(listener)
    },
    removeListener(event: string, listener: Listener) {
      listeners.get(event)?.delete(listener)
    },
    calls,
    get chainId() {
      return state.chainId
    },
    rejectNext() {
      state.rejectNext = true
    },
    hold() {
      let release = () => {}
      state.deciding = new Promise<void>((resolve) => {
        release = () => {
          state.deciding = undefined
          resolve()
        }
      })
      return release
    },
    switchTo(next: number) {
      state.chainId = next
      state.onChainChanged(next)
    },
    announce() {
      const info = { uuid, name, icon: '', rdns: 'test.attribution-ledger' }
      const announce = () =>
        window.dispatchEvent(
          new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider: wallet }) }),
        )
      announce()
      window.addEventListener('eip6963:requestProvider', announce)
      return () => window.removeEventListener('eip6963:requestProvider', announce)
    },
  }
  return wallet as unknown as TestWallet
}
