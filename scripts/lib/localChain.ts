import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { createPublicClient, createWalletClient, http } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { hardhat } from 'viem/chains'
import { deployLedger, type LedgerDeployment } from './deploy.js'

/** Hardhat's well-known development mnemonic: its accounts are funded on every local chain and worthless elsewhere. */
export const LOCAL_MNEMONIC = 'test test test test test test test test test test test junk'
export const localAccount = (addressIndex: number) => mnemonicToAccount(LOCAL_MNEMONIC, { addressIndex })

export type LocalChain = {
  rpcUrl: string
  deployment: LedgerDeployment & { rpcUrl: string }
  close(): Promise<void>
}

export type StartLocalChainOptions = {
  hostname?: string
  /** 0 picks a free port. */
  port?: number
  /** Where to write the deployment JSON that the SDK, the demo and the tests read. */
  deploymentFile?: string
  /** Seconds an epoch waits before it can be claimed (default 3,600). */
  disputePeriod?: number
}

type JsonRpcServer = { listen(): Promise<{ address: string; port: number }>; close(): Promise<void> }

/**
 * Starts Hardhat's EDR chain in this process behind a JSON-RPC server (CORS open, for browsers), deploys the ledger
 * with Hardhat's account 0 as owner, account 1 as attributor and account 2 as guardian, and writes the deployment.
 */
export async function startLocalChain(options: StartLocalChainOptions = {}): Promise<LocalChain> {
  const { hostname = '127.0.0.1', port = 8545, deploymentFile = 'deployments/localhost.json' } = options
  const { default: hre } = await import('hardhat')
  const { TASK_NODE_CREATE_SERVER } = await import('hardhat/builtin-tasks/task-names.js')
  const server: JsonRpcServer = await hre.run(TASK_NODE_CREATE_SERVER, {
    hostname,
    port,
    provider: hre.network.provider,
  })
  const listening = await server.listen()
  const rpcUrl = `http://${hostname}:${listening.port}`

  const transport = http(rpcUrl, { retryCount: 0 })
  const deployment = {
    ...(await deployLedger(
      {
        wallet: createWalletClient({ chain: hardhat, transport, account: localAccount(0) }),
        public: createPublicClient({ chain: hardhat, transport, pollingInterval: 50 }),
      },
      {
        attributor: localAccount(1).address,
        guardian: localAccount(2).address,
        ...(options.disputePeriod === undefined ? {} : { disputePeriod: options.disputePeriod }),
      },
    )),
    rpcUrl,
  }
  mkdirSync(dirname(deploymentFile), { recursive: true })
  writeFileSync(deploymentFile, `${JSON.stringify(deployment, null, 2)}\n`)
  return { rpcUrl, deployment, close: () => server.close() }
}
