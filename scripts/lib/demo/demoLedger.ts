import {
  type Account,
  type Chain,
  type Client,
  createClient,
  createTestClient,
  type Hex,
  http,
  type Transport,
} from 'viem'
import { hardhat } from 'viem/chains'
import type { EpochManifest } from '../../../src/attribution/epochManifest.js'
import type { UsageQuery } from '../../../src/attribution/usageLog.js'
import type { LedgerDeployment } from '../../../src/chains.js'
import type { LedgerDeployment as DeployedLedger } from '../deploy.js'
import { localAccount } from '../localChain.js'

/** Content the demo platform holds, by content hash: what badges fetch and what epochs featurise. */
export type StoredContent = { bytes: Uint8Array; mediaType: string; label?: 0 | 1 }

/** A model the demo trained: its training rows (each a contribution) and the epoch that first valued them. */
export type DemoModel = {
  modelId: number
  name: string
  train: { contentHash: Hex; text: string; label: 0 | 1 }[]
  manifest: EpochManifest
}

/** A query the platform answered and charged for, waiting for a usage epoch to pay its fee out. */
export type LoggedQuery = { modelId: number; query: UsageQuery }

/** What the seeding, the epochs and the server share. */
export type DemoLedger = {
  rpcUrl: string
  deployment: LedgerDeployment & { disputePeriod: number }
  /** Where the demo is served, for the manifest URIs it proposes. */
  publicUrl: string
  /** Where epoch files are written and served from. */
  epochsDir: string
  reader: Client<Transport, Chain>
  walletOf(index: number): Client<Transport, Chain, Account>
  /** Moves the local chain's clock, so a dispute window passes at once. */
  fastForward(seconds: number): Promise<void>
  content: Map<Hex, StoredContent>
  /** The epochs this demo proposed, oldest first. */
  manifests: EpochManifest[]
  /** The models this demo trained, oldest first; the last one answers queries. */
  models: DemoModel[]
  /** Answered queries no usage epoch has paid out yet, oldest first. */
  queries: LoggedQuery[]
}

export const ROLES = { owner: 0, attributor: 1, guardian: 2, relayer: 6 } as const

export function demoLedger(options: {
  rpcUrl: string
  deployment: DeployedLedger
  publicUrl: string
  epochsDir: string
}): DemoLedger {
  const transport = http(options.rpcUrl, { retryCount: 0 })
  const wallets = new Map<number, Client<Transport, Chain, Account>>()
  const testClient = createTestClient({ chain: hardhat, mode: 'hardhat', transport })
  return {
    ...options,
    deployment: { ...options.deployment, blockNumber: BigInt(options.deployment.blockNumber) },
    reader: createClient({ chain: hardhat, transport, pollingInterval: 50 }),
    walletOf(index) {
      let wallet = wallets.get(index)
      if (!wallet) {
        wallet = createClient({ chain: hardhat, transport, account: localAccount(index), pollingInterval: 50 })
        wallets.set(index, wallet)
      }
      return wallet
    },
    async fastForward(seconds) {
      await testClient.increaseTime({ seconds })
      await testClient.mine({ blocks: 1 })
    },
    content: new Map(),
    manifests: [],
    models: [],
    queries: [],
  }
}
