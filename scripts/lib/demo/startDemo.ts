import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
  /** Reports each start-up step, for people watching `npm start`. */
  onStep?: (step: string) => void
}

/**
 * The whole demo: a local chain with the ledger deployed, seeded like a working labelling platform, one epoch already
 * claimable, and the site served.
 */
export async function startDemo(options: StartDemoOptions = {}) {
  const { host = 'localhost', port = 8000, chainPort = 8545, onStep = () => {} } = options
  onStep('Starting the local chain and deploying the contracts')
  const chain = await startLocalChain({
    hostname: '127.0.0.1',
    port: chainPort,
    deploymentFile: options.deploymentFile ?? 'deployments/localhost.json',
    // Each epoch fast-forwards the chain past its dispute window; a short one keeps the chain's clock near the wall
    // clock, which contributors' signature deadlines are counted from.
    disputePeriod: DISPUTE_PERIOD,
  })
  const epochsDir = mkdtempSync(join(tmpdir(), 'ledger-demo-epochs-'))
  const ledger = demoLedger({ rpcUrl: chain.rpcUrl, deployment: chain.deployment, publicUrl: '', epochsDir })
  const close = async () => {
    await Promise.allSettled([server?.close(), chain.close()])
    rmSync(epochsDir, { recursive: true, force: true })
  }
  let server: Awaited<ReturnType<typeof startDemoServer>> | undefined
  try {
    onStep('Bundling the demo site')
    server = await startDemoServer(ledger, { host, port })
    ledger.publicUrl = server.url
    onStep('Seeding datanets, contributions and a model')
    const epoch = await seedDemo(ledger)
    onStep(`Epoch ${epoch.epochId} proposed and its dispute window passed`)
    return { url: server.url, rpcUrl: chain.rpcUrl, deployment: chain.deployment, ledger, close }
  } catch (error) {
    await close()
    throw error
  }
}
