#!/usr/bin/env node
/**
 * attribution-ledger epoch build|verify|publish — run an attribution epoch against a chain, model and dataset.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createClient, type Hex, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { getChainId } from 'viem/actions'
import { proposeEpochAndWait } from '../actions/rewards/proposeEpoch.js'
import { readEpochInputs } from '../actions/rewards/readEpochInputs.js'
import { verifyEpochOnChain } from '../actions/rewards/verifyEpochOnChain.js'
import { buildEpoch, type EpochManifest, epochManifestHash, verifyEpoch } from '../attribution/epochManifest.js'
import { customChain, type LedgerDeployment, resolveDeployment } from '../chains.js'
import { BaseError } from '../errors/base.js'
import { buildRewardTree } from '../rewards/buildRewardTree.js'
import { readDataset } from './dataset.js'
import { progress } from './progress.js'
import { writeEpochFiles } from './writeEpochFiles.js'

const usage = `Usage:
  attribution-ledger epoch build   --rpc URL --model ID --dataset FILE --budget UNITS [--k 5] [--utility classification|regression]
                                   [--previous manifest.json] [--deployment FILE] [--out DIR]
  attribution-ledger epoch verify  --manifest FILE --dataset FILE [--previous FILE] [--rpc URL]
  attribution-ledger epoch publish --rpc URL --manifest FILE --uri MANIFEST_URI [--deployment FILE]
                                   (signs with the attributor key in ATTRIBUTOR_PRIVATE_KEY)`

class UsageError extends BaseError {
  override name = 'UsageError' as const
  constructor(message: string) {
    super(`${message}\n\n${usage}`)
  }
}

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rpc: { type: 'string' },
    model: { type: 'string' },
    dataset: { type: 'string' },
    budget: { type: 'string' },
    k: { type: 'string', default: '5' },
    utility: { type: 'string', default: 'classification' },
    previous: { type: 'string' },
    deployment: { type: 'string' },
    out: { type: 'string', default: 'epoch' },
    manifest: { type: 'string' },
    uri: { type: 'string' },
    workers: { type: 'string' },
  },
})

const required = (name: keyof typeof options) => {
  const value = options[name]
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required.`)
  return value
}
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T

async function clientFor(rpc: string) {
  const chainId = await getChainId(createClient({ transport: http(rpc) }))
  const chain = customChain({ id: chainId, rpcUrl: [rpc] })
  const client = createClient({ chain, transport: http(rpc), pollingInterval: 250 })
  const file = options.deployment
  const deployment: LedgerDeployment = file
    ? { ...readJson<LedgerDeployment>(file), blockNumber: BigInt(readJson<{ blockNumber: number }>(file).blockNumber) }
    : resolveDeployment(client)
  return { client, deployment }
}

async function build() {
  const { client, deployment } = await clientFor(required('rpc'))
  const dataset = progress('Reading and featurising the dataset')
  const data = readDataset(required('dataset'))
  dataset.done(
    `${data.train.y.length} training and ${data.test.y.length} test points, dimension ${data.train.dimension}`,
  )
  const chain = progress('Reading the model and its contributions from the chain')
  const inputs = await readEpochInputs(client, {
    modelId: Number(required('model')),
    contentHashes: data.train.contentHashes,
    deployment,
  })
  chain.done(`epoch ${inputs.epochId}, ${new Set(inputs.contributors).size} contributors`)
  const previous = options.previous ? readJson<EpochManifest>(options.previous) : undefined
  const valuing = progress('Computing exact KNN-Shapley values and allocations')
  const { manifest, manifestHash, tree } = await buildEpoch({
    ...inputs,
    ...data,
    previous,
    k: Number(options.k),
    utility: options.utility === 'regression' ? 'regression' : 'classification',
    budget: BigInt(required('budget')),
    ...(options.workers ? { workers: Number(options.workers) } : {}),
  })
  valuing.done(`root ${manifest.root}`)

  const out = options.out ?? 'epoch'
  const writing = progress('Writing proof shards')
  const { shards } = writeEpochFiles(out, { manifest, tree }, (written, total) => writing.update(written, total))
  writing.done(`${shards} shards in ${join(out, 'shards')}`)
  console.log(
    JSON.stringify({
      epochId: manifest.epochId,
      root: manifest.root,
      manifestHash,
      cumulativeTotal: manifest.cumulativeTotal,
      out,
    }),
  )
}

async function verify() {
  const manifest = readJson<EpochManifest>(required('manifest'))
  const data = readDataset(required('dataset'))
  const previous = options.previous ? readJson<EpochManifest>(options.previous) : undefined
  const recomputing = progress('Recomputing the epoch from its data')
  const manifestHash = await verifyEpoch(manifest, { ...data, previous })
  recomputing.done(`manifest hash ${manifestHash}`)
  if (options.rpc) {
    const onChain = progress('Checking the epoch against the chain')
    const { client } = await clientFor(options.rpc)
    await verifyEpochOnChain(client, manifest)
    onChain.done('training set, contributors, root and manifest hash match')
  }
  console.log(JSON.stringify({ verified: true, epochId: manifest.epochId, manifestHash }))
}

async function publish() {
  const key = process.env.ATTRIBUTOR_PRIVATE_KEY
  if (!key) throw new UsageError('Set ATTRIBUTOR_PRIVATE_KEY to the attributor’s private key.')
  const { client, deployment } = await clientFor(required('rpc'))
  const manifest = readJson<EpochManifest>(required('manifest'))
  const account = privateKeyToAccount(key as Hex)
  const proposing = progress('Proposing the epoch')
  const proposed = await proposeEpochAndWait(
    { ...client, account },
    {
      root: buildRewardTree(manifest.cumulative.map((row) => ({ account: row.account, amount: BigInt(row.amount) })))
        .root,
      cumulativeTotal: BigInt(manifest.cumulativeTotal),
      manifestHash: epochManifestHash(manifest),
      manifestURI: required('uri'),
      deployment,
    },
  )
  proposing.done(`epoch ${proposed.epochId}, claimable from ${proposed.activeAt.toISOString()}`)
  console.log(
    JSON.stringify({ epochId: proposed.epochId, transactionHash: proposed.hash, activeAt: proposed.activeAt }),
  )
}

const commands: Record<string, () => Promise<void>> = { build, verify, publish }
try {
  const [group, command] = positionals
  const run = group === 'epoch' && command ? commands[command] : undefined
  if (!run) throw new UsageError(positionals.length ? `Unknown command: ${positionals.join(' ')}` : 'No command given.')
  await run()
} catch (error) {
  const named = error as { name?: string; shortMessage?: string; message?: string; details?: string }
  console.error(`${named.name ?? 'Error'}: ${named.shortMessage ?? named.message}`)
  if (named.details) console.error(named.details)
  process.exit(1)
}
