import hre from 'hardhat'
import { type Account, createPublicClient, createTestClient, createWalletClient, custom } from 'viem'
import { hardhat } from 'viem/chains'

/**
 * Hardhat's in-process provider throws reverts as errors with `data` but no JSON-RPC code; its HTTP server answers
 * them as code 3 ("execution reverted"). Giving them that code lets viem decode custom errors exactly as it would
 * against a node.
 */
const provider = {
  async request(args: { method: string; params?: unknown[] }) {
    try {
      return await hre.network.provider.request(args)
    } catch (error) {
      const { data, code, message } = error as { data?: unknown; code?: unknown; message: string }
      if (data === undefined || code !== undefined) throw error
      throw Object.assign(new Error(message, { cause: error }), { code: 3, data })
    }
  },
}

// A revert is final; retrying it (viem retries unknown errors by default) only slows things down.
const transport = custom(provider, { retryCount: 0 })

/** Clients on Hardhat's in-process chain: no server, ready in about half a second. */
export const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 0 })
export const testClient = createTestClient({ chain: hardhat, mode: 'hardhat', transport })
export const walletOf = (account: Account) => createWalletClient({ chain: hardhat, transport, account })
