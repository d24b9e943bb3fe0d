/**
 * `npm start`: the whole loop on a local chain — contracts deployed, a labelling platform's data seeded, one
 * attribution epoch claimable — and the demo site on http://localhost:8000 (passkeys need a host name, not an IP
 * address). Ctrl-C stops everything.
 */
import { startDemo } from './lib/demo/startDemo.js'

const started = performance.now()
const demo = await startDemo({
  port: Number(process.env.PORT ?? 8000),
  chainPort: Number(process.env.CHAIN_PORT ?? 8545),
  indexerPort: Number(process.env.INDEXER_PORT ?? 42069),
  databaseUrl: process.env.DATABASE_URL,
  onStep: (step) => console.log(`· ${step}`),
})
const { deployment } = demo
console.log(`
attribution-ledger demo is ready in ${((performance.now() - started) / 1000).toFixed(1)} s.

  Demo          ${demo.url}
  JSON-RPC      ${demo.rpcUrl}  (chain id ${deployment.chainId})
  Indexer       ${demo.indexer.url}  (${process.env.DATABASE_URL ? 'Postgres at DATABASE_URL' : 'embedded PGlite; set DATABASE_URL for Postgres'})
  Registry      ${deployment.registry}
  Distributor   ${deployment.distributor}
  Reward token  ${deployment.rewardToken}
  Deployment    deployments/localhost.json

With no wallet extension, the pages offer a local development wallet holding the chain's public test keys.
Press Ctrl-C to stop.
`)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return
    stopping = true
    await demo.close()
    process.exit(0)
  })
}
