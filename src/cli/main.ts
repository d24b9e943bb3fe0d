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
import { DEFAULT_NEAR_DUPLICATE_RULE, type NearDuplicateRule } from '../attribution/nearDuplicates.js'
import { customChain, type LedgerDeployment, resolveDeployment } from '../chains.js'
import { BaseError } from '../errors/base.js'
import { buildRewardTree } from '../rewards/buildRewardTree.js'
import { readDataset, readUsageLog } from './dataset.js'
import { progress } from './progress.js'
import { writeEpochFiles } from './writeEpochFiles.js'

const usage = `Usage:
  attribution-ledger epoch build   --rpc URL --model ID --dataset FILE (--budget UNITS | --usage-log FILE) [--k 5]
                                   [--utility classification|regression] [--near-duplicates default|off|DISTANCE]
                                   [--previous manifest.json] [--deployment FILE] [--out DIR]
  attribution-ledger epoch verify  --manifest FILE --dataset FILE [--usage-log FILE] [--previous FILE] [--rpc URL]
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
    'usage-log': { type: 'string' },
    'near-duplicates': { type: 'string', default: 'default' },
  },
})

const required = (name: keyof typeof options) => {
  const value = options[name]
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required.`)
  return value
}
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T

/** `default`, `off` (every row valued), or a squared distance that replaces the default's, keeping its text rule. */
function nearDuplicateRule(value: string): NearDuplicateRule | null {
  if (value === 'default') return DEFAULT_NEAR_DUPLICATE_RULE
  if (value === 'off') return null
  const maxSquaredDistance = Number(value)
  if (value.trim() === '' || !Number.isFinite(maxSquaredDistance) || maxSquaredDistance < 0) {
    throw new UsageError(
      `--near-duplicates must be default, off or a squared distance of 0 or more (such as 0.0001), not "${value}".`,
    )
  }
  return { ...DEFAULT_NEAR_DUPLICATE_RULE, maxSquaredDistance }
}

/** A test-set epoch's budget, in token units; a usage epoch takes none, its budget is the fees its queries paid. */
function budgetOf(usageEpoch: boolean): bigint | undefined {
  if (usageEpoch) {
    if (options.budget === undefined) return undefined
    throw new UsageError(
      "--budget and --usage-log were both given: a usage epoch's budget is the fees its queries paid.",
    )
  }
  const budget = required('budget')
  if (!/^[0-9]+$/.test(budget)) throw new UsageError(`--budget must be a whole number of token units, not "${budget}".`)
  return BigInt(budget)
}

/** The dataset's test set, or the signed usage log, that the epoch is valued against: one of them, never both. */
function valuationOf(test: ReturnType<typeof readDataset>['test'], path: string) {
  const file = options['usage-log']
  if (file === undefined) {
    if (!test) {
      throw new UsageError(
        `${path} has no "test" set: add one, or give --usage-log FILE to value the rows against the model's logged queries.`,
      )
    }
    return { test }
  }
  if (test) {
    throw new UsageError(
      `${path} has a "test" set and --usage-log was given: a usage epoch is valued against the logged queries alone. Leave out one of them.`,
    )
  }
  return { usage: readUsageLog(file) }
}

/** Which rows earned nothing as copies, and for a usage epoch where the fees went: on stderr, beside the progress. */
function report(manifest: EpochManifest) {
  const rule = manifest.method.nearDuplicates
  if (!rule) {
    console.error('  Near-duplicates: off, every row was valued.')
  } else if (manifest.duplicates.length === 0) {
    console.error(`  Near-duplicates: no row copies an earlier registration (${rule.name}).`)
  } else {
    const copies = new Map<string, number>()
    for (const { contentHash, copyOfContentHash } of manifest.duplicates) {
      const key = `${contentHash} copies ${copyOfContentHash}`
      copies.set(key, (copies.get(key) ?? 0) + 1)
    }
    console.error(
      `  Near-duplicates: ${manifest.duplicates.length} rows copy an earlier registration and earn nothing:`,
    )
    for (const [key, rows] of copies) console.error(`    ${rows} ${rows === 1 ? 'row' : 'rows'} of ${key}`)
  }
  const used = manifest.inputs.usage
  if (used) {
    const collected = BigInt(manifest.budget) + BigInt(used.unattributedFee)
    const { length } = used.unattributedQueries
    const shown = used.unattributedQueries.slice(0, 10).join(', ') + (length > 10 ? ', …' : '')
    console.error(
      `  Usage: ${used.queries} queries paid ${collected} units, ${manifest.budget} of them to the training data.${
        length
          ? ` ${used.unattributedFee} units from ${length} ${length === 1 ? 'query' : 'queries'} (log position${length === 1 ? '' : 's'} ${shown}) that no training row supports are not paid out.`
          : ''
      }`,
    )
  }
}

/** The machine-readable part of `report`, for the JSON line on stdout. */
function outcome(manifest: EpochManifest) {
  const used = manifest.inputs.usage
  return {
    duplicates: manifest.duplicates.length,
    ...(used && {
      usage: {
        queries: used.queries,
        feesCollected: (BigInt(manifest.budget) + BigInt(used.unattributedFee)).toString(),
        unattributedFee: used.unattributedFee,
        unattributedQueries: used.unattributedQueries,
      },
    }),
  }
}

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
  const nearDuplicates = nearDuplicateRule(options['near-duplicates'] ?? 'default')
  const budget = budgetOf(options['usage-log'] !== undefined)
  const dataset = progress('Reading and featurising the dataset')
  const path = required('dataset')
  const { train, test } = readDataset(path)
  const valuation = valuationOf(test, path)
  dataset.done(
    `${train.y.length} training rows in ${train.contentHashes.length} contributions, ${
      valuation.test
        ? `${valuation.test.y.length} test points`
        : `${valuation.usage?.log.queries.length} logged queries`
    }, dimension ${train.dimension}`,
  )
  const chain = progress('Reading the model and its contributions from the chain')
  const inputs = await readEpochInputs(client, {
    modelId: Number(required('model')),
    contentHashes: train.contentHashes,
    deployment,
  })
  chain.done(`epoch ${inputs.epochId}, ${new Set(inputs.contributors).size} contributors`)
  const previous = options.previous ? readJson<EpochManifest>(options.previous) : undefined
  const valuing = progress('Computing exact KNN-Shapley values and allocations')
  const { manifest, manifestHash, tree } = await buildEpoch({
    ...inputs,
    train,
    ...valuation,
    previous,
    k: Number(options.k),
    utility: options.utility === 'regression' ? 'regression' : 'classification',
    budget,
    nearDuplicates,
    ...(options.workers ? { workers: Number(options.workers) } : {}),
  })
  valuing.done(`root ${manifest.root}`)
  report(manifest)

  const out = options.out ?? 'epoch'
  const writing = progress('Writing proof shards')
  const { shards } = writeEpochFiles(out, { manifest, tree, usage: valuation.usage }, (written, total) =>
    writing.update(written, total),
  )
  writing.done(`${shards} shards in ${join(out, 'shards')}`)
  console.log(
    JSON.stringify({
      epochId: manifest.epochId,
      root: manifest.root,
      manifestHash,
      cumulativeTotal: manifest.cumulativeTotal,
      ...outcome(manifest),
      out,
    }),
  )
}

async function verify() {
  const manifest = readJson<EpochManifest>(required('manifest'))
  const path = required('dataset')
  const { train, test } = readDataset(path)
  const previous = options.previous ? readJson<EpochManifest>(options.previous) : undefined
  const recomputing = progress('Recomputing the epoch from its data')
  const manifestHash = await verifyEpoch(manifest, { train, ...valuationOf(test, path), previous })
  recomputing.done(`manifest hash ${manifestHash}`)
  report(manifest)
  if (options.rpc) {
    const onChain = progress('Checking the epoch against the chain')
    const { client } = await clientFor(options.rpc)
    await verifyEpochOnChain(client, manifest)
    onChain.done(
      `training set, contributors, ${manifest.inputs.usage ? "the usage log's operator (the model's owner), " : ''}root and manifest hash match`,
    )
  }
  console.log(JSON.stringify({ verified: true, epochId: manifest.epochId, manifestHash, ...outcome(manifest) }))
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
