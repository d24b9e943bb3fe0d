import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Indexer, startIndexer } from '../indexer.js'
import { startLocalChain } from '../localChain.js'
import { demoLedger } from './demoLedger.js'
import { startDemoServer } from './demoServer.js'
import { seedDemo } from './seedDemo.js'

const DISPUTE_PERIOD = 30

export type StartDemoOptions = {
  /**
   * The demo site's host name. `localhost` by default: it is the passkeys' relying-party id, and browsers refuse
   * passkeys on an IP address such as 127.0.0.1.
   */
  host?: string
  /** The demo site's port; 0 picks a free one. */
  port?: number
  /** The local chain's JSON-RPC port; 0 picks a free one. */
  chainPort?: number
  deploymentFile?: string
  /** The indexer's port; 0 picks a free one. */
  indexerPort?: number
  /** Postgres for the indexer; without it, the embedded PGlite in a temporary directory. */
  databaseUrl?: string | undefined
  /** Reports each start-up step, for people watching `npm start`. */
  onStep?: (step: string) => void
}

/**
 * The whole demo: a local chain with the ledger deployed, its indexer, seeded like a working labelling platform, one
 * epoch already claimable, and the site served. The pages read lists from the indexer, and from the chain when it is
 * stopped.
 */
export async function startDemo(options: StartDemoOptions = {}) {
  const { host = 'localhost', port = 8000, chainPort = 8545, indexerPort = 42069, onStep = () => {} } = options
  const deploymentFile = options.deploymentFile ?? 'deployments/localhost.json'
  onStep('Starting the local chain and deploying the contracts')
  const chain = await startLocalChain({
    hostname: '127.0.0.1',
    port: chainPort,
    deploymentFile,
    // Each epoch fast-forwards the chain past its dispute window; a short one keeps the chain's clock near the wall
    // clock, which contributors' signature deadlines are counted from.
    disputePeriod: DISPUTE_PERIOD,
  })
  const epochsDir = mkdtempSync(join(tmpdir(), 'ledger-demo-epochs-'))
  const ledger = demoLedger({ rpcUrl: chain.rpcUrl, deployment: chain.deployment, publicUrl: '', epochsDir })
  let server: Awaited<ReturnType<typeof startDemoServer>> | undefined
  let indexer: Indexer | undefined
  const close = async () => {
    await Promise.allSettled([server?.close(), indexer?.close()])
    await chain.close()
    rmSync(epochsDir, { recursive: true, force: true })
  }
  try {
    onStep(`Starting the indexer (${options.databaseUrl ? 'Postgres' : 'embedded PGlite'})`)
    // It builds and backfills while the site is bundled and seeded, then follows the chain.
    indexer = await startIndexer({
      rpcUrl: chain.rpcUrl,
      deploymentFile,
      port: indexerPort,
      ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    })
    onStep('Bundling the demo site')
    server = await startDemoServer(ledger, { host, port, indexerUrl: indexer.url })
    ledger.publicUrl = server.url
    onStep('Seeding datanets, contributions and a model')
    const epoch = await seedDemo(ledger)
    onStep(`Epoch ${epoch.epochId} proposed and its dispute window passed`)
    onStep('Waiting for the indexer to reach the chain’s head')
    await indexer.caughtUp()
    return { url: server.url, rpcUrl: chain.rpcUrl, deployment: chain.deployment, ledger, indexer, close }
  } catch (error) {
    await close()
    throw error
  }
}
