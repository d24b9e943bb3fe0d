import { type Address, type Chain, defineChain } from 'viem'
import { BaseError } from './errors/base.js'

/** Where the ledger's contracts live on one chain. */
export type LedgerDeployment = {
  chainId: number
  registry: Address
  distributor: Address
  rewardToken: Address
  /** The block the contracts were deployed in: where event scans start. */
  blockNumber: bigint
}

/**
 * The deployment `npm start` and the tests make on a fresh local chain (chain id 31337): Hardhat's first account
 * deploys the token, the registry and the distributor as its first three transactions, so the addresses never change.
 */
export const localhostDeployment = {
  chainId: 31337,
  rewardToken: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  registry: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  distributor: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
  blockNumber: 1n,
} as const satisfies LedgerDeployment

/** Deployments the SDK finds by the client's chain id when an action is not given one. */
export const knownDeployments: readonly LedgerDeployment[] = [localhostDeployment]

/** The OpenLedger testnet has no deployment yet: pass `deployment` to the actions once there is one. */
export const OPENLEDGER_TESTNET_ID = 161201

/**
 * The OpenLedger testnet as a viem chain, with the RPC URL you use (the network publishes several).
 *
 * @example
 * const chain = openLedgerTestnet({ rpcUrl: 'https://rpc.example/openledger-testnet' })
 * const client = createClient({ chain, transport: http() })
 */
export function openLedgerTestnet({ rpcUrl }: { rpcUrl: string }): Chain {
  return defineChain({
    id: OPENLEDGER_TESTNET_ID,
    name: 'OpenLedger Testnet',
    nativeCurrency: { name: 'OPEN', symbol: 'OPEN', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
    testnet: true,
  })
}

/** Thrown when an action has no deployment for the client's chain. */
export class DeploymentNotFoundError extends BaseError {
  override name = 'DeploymentNotFoundError' as const
  readonly chainId: number | undefined
  constructor(chainId: number | undefined) {
    super(
      chainId === undefined
        ? 'The client has no chain, so the ledger contracts cannot be found. Give the client a chain or pass a deployment.'
        : `attribution-ledger has no deployment on chain ${chainId}. Pass the deployment to use.`,
      { docsPath: 'deployments' },
    )
    this.chainId = chainId
  }
}

/** The deployment an action uses: the one given, else the known one for the client's chain. */
export function resolveDeployment(
  client: { chain?: { id: number } | undefined },
  deployment?: LedgerDeployment,
): LedgerDeployment {
  if (deployment) return deployment
  const chainId = client.chain?.id
  const known = knownDeployments.find((candidate) => candidate.chainId === chainId)
  if (!known) throw new DeploymentNotFoundError(chainId)
  return known
}
