import { expect } from '@open-wc/testing'
import {
  type Account,
  createClient,
  createTestClient,
  custom,
  type EIP1193RequestFn,
  type Hex,
  http,
  keccak256,
  type Transport,
  toBytes,
  toHex,
} from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { hardhat } from 'viem/chains'
import type { LedgerDeployment } from '../../scripts/lib/deploy.js'
import { forwardTo } from '../support/walletRequests.js'

/** The deployment the test runner's local chain serves at /__local-chain.json. */
export type ServedDeployment = LedgerDeployment & { rpcUrl: string }

export const served: ServedDeployment = await (await fetch('/__local-chain.json')).json()

const account = (addressIndex: number) =>
  mnemonicToAccount('test test test test test test test test test test test junk', { addressIndex })
export const actors = {
  owner: account(0),
  attributor: account(1),
  guardian: account(2),
  alice: account(3),
  bob: account(4),
  carol: account(5),
  relayer: account(6),
  curator: account(7),
  stranger: account(8),
}

/** Counts the JSON-RPC HTTP requests a client sends, for the batching budgets. */
export const requestCounter = () => {
  let count = 0
  return {
    get count() {
      return count
    },
    transport: http(served.rpcUrl, {
      onFetchRequest: () => {
        count++
      },
    }),
  }
}

/** A bare viem client (no actions attached), as the SDK's actions must work on. */
export const clientOf = (signer?: Account, transport: Transport = http(served.rpcUrl)) =>
  createClient({ chain: hardhat, transport, account: signer, pollingInterval: 50 })

export const testClient = createTestClient({ chain: hardhat, mode: 'hardhat', transport: http(served.rpcUrl) })

/**
 * Runs each test on a chain reverted to how it was before the test, and forgets what widgets remembered on the device
 * (a WalletConnect connection), so tests never see each other's state.
 */
export function isolateChain() {
  let snapshot: Hex
  beforeEach(async () => {
    snapshot = await testClient.snapshot()
  })
  afterEach(async () => {
    localStorage.clear()
    await testClient.revert({ id: snapshot })
  })
}

export const increaseTime = async (seconds: number) => {
  await testClient.increaseTime({ seconds })
  await testClient.mine({ blocks: 1 })
}

let counter = 0
/** Distinct content for each call, with a SHA-256 computed by WebCrypto, independently of the SDK. */
export async function contentOf(label: string) {
  const bytes = new TextEncoder().encode(`${label} #${counter++} ${crypto.randomUUID()}`)
  const contentHash = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)))
  const metadata = JSON.stringify({ name: label, contentHash })
  return {
    bytes,
    contentHash,
    metadataHash: keccak256(toBytes(metadata)),
    metadataURI: `data:application/json,${encodeURIComponent(metadata)}`,
  }
}

/** Sends one JSON-RPC request to the local node, for test transports that sit in front of it. */
export const forwardToNode = (request: { method: string; params?: unknown }) => forwardTo(served.rpcUrl, request)

/** An EIP-1193 wallet whose owner declines every signature and transaction, as a person clicking "Reject" does. */
export const decliningWallet = () => ({
  request: (async (request: { method: string; params?: unknown }) => {
    if (request.method === 'eth_sendTransaction' || request.method.startsWith('eth_sign')) {
      throw Object.assign(new Error('User rejected the request.'), { code: 4001 })
    }
    return forwardToNode(request)
  }) as EIP1193RequestFn,
})

/** Resolves with the error when `promise` rejects with an error named `name`; fails the test otherwise. */
export async function rejectsWith(promise: Promise<unknown>, name: string) {
  try {
    await promise
  } catch (error) {
    expect((error as Error).name, (error as Error).message).to.equal(name)
    return error as Error & Record<string, unknown>
  }
  throw new Error(`expected ${name}, but the call succeeded`)
}

export { custom }
