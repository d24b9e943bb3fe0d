import hre from 'hardhat'
import { createProvider } from 'hardhat/internal/core/providers/construction.js'
import { type Account, createPublicClient, createTestClient, createWalletClient, custom } from 'viem'
import { hardhat } from 'viem/chains'

type Eip1193 = { request(args: { method: string; params?: unknown[] }): Promise<unknown> }

/**
 * Hardhat's in-process provider throws reverts as errors with `data` but no JSON-RPC code; its HTTP server answers
 * them as code 3 ("execution reverted"). Giving them that code lets viem decode custom errors exactly as it would
 * against a node.
 */
function withRevertCodes(edr: Eip1193): Eip1193 {
  return {
    async request(args) {
      try {
        return await edr.request(args)
      } catch (error) {
        const { data, code, message } = error as { data?: unknown; code?: unknown; message: string }
        if (data === undefined || code !== undefined) throw error
        throw Object.assign(new Error(message, { cause: error }), { code: 3, data })
      }
    },
  }
}

function clientsOn(edr: Eip1193) {
  // A revert is final; retrying it (viem retries unknown errors by default) only slows things down.
  const transport = custom(withRevertCodes(edr), { retryCount: 0 })
  return {
    publicClient: createPublicClient({ chain: hardhat, transport, pollingInterval: 0 }),
    testClient: createTestClient({ chain: hardhat, mode: 'hardhat', transport }),
    walletOf: (account: Account) => createWalletClient({ chain: hardhat, transport, account }),
  }
}

/** Clients on one in-process chain. */
export type InProcessChain = ReturnType<typeof clientsOn>

/** Clients on Hardhat's in-process chain: no server, ready in about half a second. */
export const { publicClient, testClient, walletOf } = clientsOn(hre.network.provider)

export type CreateInProcessChainOptions = {
  /**
   * Whether the chain has the RIP-7212 P-256 precompile at 0x100 (default true, as hardhat.config.cjs sets). Without
   * it, passkey signatures are checked by OpenZeppelin's Solidity fallback, as on chains that lack the precompile.
   */
  p256Precompile?: boolean
}

/** Another in-process chain, independent of the default one: same accounts and hardfork, its own state. */
export async function createInProcessChain(options: CreateInProcessChainOptions = {}): Promise<InProcessChain> {
  const { p256Precompile = true } = options
  const config = {
    ...hre.config,
    networks: {
      ...hre.config.networks,
      hardhat: { ...hre.config.networks.hardhat, enableRip7212: p256Precompile },
    },
  }
  return clientsOn(await createProvider(config, 'hardhat', hre.artifacts))
}
