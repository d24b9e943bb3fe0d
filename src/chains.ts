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
  /** Passkey accounts, where the chain has them: the ERC-4337 EntryPoint (v0.8) the accounts trust. */
  entryPoint?: Address
  /** OpenZeppelin's `ERC7913WebAuthnVerifier`, whose address starts every passkey signer. */
  webAuthnVerifier?: Address
  /** The `PasskeyAccount` implementation every account is a clone of; it can never sign itself. */
  accountImplementation?: Address
  /** The `PasskeyAccountFactory` that creates accounts at addresses known in advance. */
  accountFactory?: Address
}

/**
 * The deployment `npm start` and the tests make on a fresh local chain (chain id 31337): Hardhat's first account
 * deploys the token, the registry and the distributor as its first three transactions, and the passkey contracts
 * after granting the roles, so the addresses never change.
 */
export const localhostDeployment = {
  chainId: 31337,
  rewardToken: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  registry: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  distributor: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
  blockNumber: 1n,
  entryPoint: '0x5FC8d32690cc91D4c39d9d3abcBD16989F875707',
  webAuthnVerifier: '0x0165878A594ca255338adfa4d48449f69242Eb8F',
  accountImplementation: '0xa513E6E4b8f2a923D98304ec87F64353C4D5C853',
  accountFactory: '0x2279B7A0a67DB372996a5FaB50D91eAA73d2eBe6',
} as const satisfies LedgerDeployment

/** Deployments the SDK finds by the client's chain id when an action is not given one. */
export const knownDeployments: readonly LedgerDeployment[] = [localhostDeployment]

/** The OpenLedger testnet has no deployment yet: pass `deployment` to the actions once there is one. */
export const OPENLEDGER_TESTNET_ID = 161201

export type CustomChainParameters = {
  /** The chain id (`eth_chainId`). */
  id: number
  /** One JSON-RPC URL, or several (an array, or one string separated by spaces): later ones serve when earlier ones fail. */
  rpcUrl: string | readonly string[]
  /** What wallets show when asked to add the chain; default `Local chain` for 31337, else `Chain <id>`. */
  name?: string | undefined
  /** Default: Ether (ETH, 18 decimals). */
  nativeCurrency?: Chain['nativeCurrency'] | undefined
  testnet?: boolean | undefined
}

export type CustomChainReturnType = Chain

/**
 * A viem chain from its id and RPC URL(s): what the widgets make of `chain-id` and `rpc-url`, and what the CLI makes
 * of `--rpc`. A wallet asked to switch to the chain is offered its name, currency and URLs.
 *
 * @example
 * const chain = customChain({ id: 31337, rpcUrl: 'http://127.0.0.1:8545' })
 * const client = createClient({ chain, transport: http() })
 */
export function customChain({
  id,
  rpcUrl,
  name = id === 31337 ? 'Local chain' : `Chain ${id}`,
  nativeCurrency = { name: 'Ether', symbol: 'ETH', decimals: 18 },
  testnet,
}: CustomChainParameters): CustomChainReturnType {
  const http = typeof rpcUrl === 'string' ? rpcUrl.split(/\s+/).filter(Boolean) : [...rpcUrl]
  return defineChain({
    id,
    name,
    nativeCurrency,
    rpcUrls: { default: { http } },
    ...(testnet === undefined ? {} : { testnet }),
  })
}

/**
 * The OpenLedger testnet as a viem chain, with the RPC URL you use (the network publishes several).
 *
 * @example
 * const chain = openLedgerTestnet({ rpcUrl: 'https://rpc.example/openledger-testnet' })
 * const client = createClient({ chain, transport: http() })
 */
export function openLedgerTestnet({ rpcUrl }: { rpcUrl: string }): Chain {
  return customChain({
    id: OPENLEDGER_TESTNET_ID,
    rpcUrl: [rpcUrl],
    name: 'OpenLedger Testnet',
    nativeCurrency: { name: 'OPEN', symbol: 'OPEN', decimals: 18 },
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

/** Thrown when a deployment is for another chain than the client's: its addresses mean nothing there. */
export class DeploymentChainMismatchError extends BaseError {
  override name = 'DeploymentChainMismatchError' as const
  readonly deploymentChainId: number
  readonly clientChainId: number
  constructor(deploymentChainId: number, clientChainId: number) {
    super(
      `These ledger contracts are on chain ${deploymentChainId}, but the connection is to chain ${clientChainId}, so nothing was read or sent. Use a connection to chain ${deploymentChainId}.`,
      { docsPath: 'deployments' },
    )
    this.deploymentChainId = deploymentChainId
    this.clientChainId = clientChainId
  }
}

/** Thrown when contracts are not among the deployments the site configured: they may be an impostor's. */
export class UntrustedDeploymentError extends BaseError {
  override name = 'UntrustedDeploymentError' as const
  readonly deployment: LedgerDeployment
  constructor(deployment: LedgerDeployment) {
    super(
      'This widget was pointed at contracts this site has not configured, so it will not read from them or ask you to sign anything for them.',
      {
        docsPath: 'deployments',
        metaMessages: [
          `Chain: ${deployment.chainId}`,
          `Registry: ${deployment.registry}`,
          `Distributor: ${deployment.distributor}`,
        ],
      },
    )
    this.deployment = deployment
  }
}

const sameDeployment = (a: LedgerDeployment, b: LedgerDeployment) =>
  a.chainId === b.chainId &&
  a.registry.toLowerCase() === b.registry.toLowerCase() &&
  a.distributor.toLowerCase() === b.distributor.toLowerCase() &&
  a.rewardToken.toLowerCase() === b.rewardToken.toLowerCase()

/**
 * The deployment an action uses: the one given, else the known one for the client's chain. A deployment for another
 * chain than the client's is refused. With `trusted`, only one of those deployments is accepted.
 */
export function resolveDeployment(
  client: { chain?: { id: number } | undefined },
  deployment?: LedgerDeployment,
  trusted?: readonly LedgerDeployment[],
): LedgerDeployment {
  const chainId = client.chain?.id
  const resolved = deployment ?? (trusted ?? knownDeployments).find((candidate) => candidate.chainId === chainId)
  if (!resolved) throw new DeploymentNotFoundError(chainId)
  if (chainId !== undefined && resolved.chainId !== chainId) {
    throw new DeploymentChainMismatchError(resolved.chainId, chainId)
  }
  if (trusted && !trusted.some((candidate) => sameDeployment(candidate, resolved))) {
    throw new UntrustedDeploymentError(resolved)
  }
  return resolved
}
