/**
 * `npm start`: a local chain on http://127.0.0.1:8545 with the ledger deployed. Ctrl-C stops it.
 */
import { startLocalChain } from './lib/localChain.js'

const chain = await startLocalChain({ port: Number(process.env.PORT ?? 8545) })
const { deployment } = chain
console.log(`
attribution-ledger local chain is up.

  JSON-RPC      ${chain.rpcUrl}  (chain id ${deployment.chainId})
  Registry      ${deployment.registry}
  Distributor   ${deployment.distributor}
  Reward token  ${deployment.rewardToken}
  Deployment    deployments/localhost.json

The demo site (seeded data, widgets, epochs) arrives with a later release; the chain and contracts are ready now.
Press Ctrl-C to stop.
`)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return
    stopping = true
    await chain.close()
    process.exit(0)
  })
}
