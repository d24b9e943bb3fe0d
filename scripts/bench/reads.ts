/**
 * Batched reads: how many JSON-RPC HTTP requests and how long 1,000 content-hash lookups take against a local node.
 */
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient, http, keccak256, toBytes, toHex } from 'viem'
import { hardhat } from 'viem/chains'
import { createDatanetAndWait } from '../../src/actions/registry/createDatanet.js'
import { getContributionsByHash } from '../../src/actions/registry/getContributionsByHash.js'
import { registerContributionsAndWait } from '../../src/actions/registry/registerContributions.js'
import { localAccount, startLocalChain } from '../lib/localChain.js'

const chain = await startLocalChain({ port: 0, deploymentFile: join(tmpdir(), 'ledger-bench-reads.json') })
try {
  const writer = createClient({
    chain: hardhat,
    transport: http(chain.rpcUrl),
    account: localAccount(3),
    pollingInterval: 50,
  })
  const { datanetId } = await createDatanetAndWait(writer, { metadataURI: 'data:,bench' })
  const hashes = Array.from({ length: 1_000 }, (_, i) => keccak256(toBytes(`content ${i}`)))
  const registrations = hashes.slice(0, 100).map((contentHash) => ({
    datanetId,
    contentHash,
    metadataHash: keccak256(contentHash),
    metadataURI: `data:,${toHex(contentHash)}`,
  }))
  await registerContributionsAndWait(writer, { registrations })

  let requests = 0
  const reader = createClient({
    chain: hardhat,
    transport: http(chain.rpcUrl, { onFetchRequest: () => void requests++ }),
  })
  const started = performance.now()
  const found = await getContributionsByHash(reader, { contentHashes: hashes })
  const elapsed = performance.now() - started
  console.log(`\nBatched reads: 1,000 content hashes (100 registered) looked up`)
  console.log(`  JSON-RPC HTTP requests  ${requests} (budget 2)`)
  console.log(`  time                    ${elapsed.toFixed(0)} ms`)
  console.log(`  found                   ${found.filter(Boolean).length}`)
  if (requests > 2) process.exitCode = 1
} finally {
  await chain.close()
}
