import { readFileSync } from 'node:fs'
import { createConfig } from 'ponder'
import { contributionRegistryAbi } from '../src/abis/contributionRegistry.js'
import { rewardDistributorAbi } from '../src/abis/rewardDistributor.js'

/** The part of a deployment file (see scripts/lib/deploy.ts) the indexer needs. */
type Deployment = {
  chainId: number
  blockNumber: number
  registry: `0x${string}`
  distributor: `0x${string}`
  rpcUrl?: string
}

const deployment: Deployment = JSON.parse(
  readFileSync(process.env.LEDGER_DEPLOYMENT ?? new URL('../deployments/localhost.json', import.meta.url), 'utf8'),
)
const rpcUrl = process.env.LEDGER_RPC_URL ?? deployment.rpcUrl
if (!rpcUrl) throw new Error('Set LEDGER_RPC_URL: the deployment file names no rpcUrl')
const localChain = deployment.chainId === 31337

export default createConfig({
  // Postgres in production (one variable, DATABASE_URL); otherwise the embedded PGlite, in a directory of its own.
  database: process.env.DATABASE_URL
    ? { kind: 'postgres', connectionString: process.env.DATABASE_URL }
    : { kind: 'pglite', directory: process.env.LEDGER_INDEXER_DIR ?? '.ponder/pglite' },
  chains: {
    ledger: {
      id: deployment.chainId,
      rpc: rpcUrl,
      // A local chain restarts from block 0 with the same chain id and block hashes: a cached RPC answer would lie.
      ...(localChain ? { pollingInterval: 250, disableCache: true } : {}),
    },
  },
  contracts: {
    ContributionRegistry: {
      chain: 'ledger',
      abi: contributionRegistryAbi,
      address: deployment.registry,
      startBlock: deployment.blockNumber,
    },
    RewardDistributor: {
      chain: 'ledger',
      abi: rewardDistributorAbi,
      address: deployment.distributor,
      startBlock: deployment.blockNumber,
    },
  },
})
