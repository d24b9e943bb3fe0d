#!/usr/bin/env node
/**
 * attribution-ledger epoch build|verify|publish — run an attribution epoch against a chain, model and dataset;
 * attribution-ledger index build|verify|serve — the span index of a model's training contributions, for span-usage epochs
 * and for tracing a model's answers (`<ledger-trace>`).
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
import {
  buildEpoch,
  EpochInputError,
  type EpochManifest,
  epochManifestHash,
  verifyEpoch,
} from '../attribution/epochManifest.js'
import { DEFAULT_NEAR_DUPLICATE_RULE, type NearDuplicateRule } from '../attribution/nearDuplicates.js'
import { buildSpanIndex, type SpanIndex } from '../attribution/spans/buildSpanIndex.js'
import { createTraceHandler } from '../attribution/spans/createTraceHandler.js'
import { spanIndexFromBytes } from '../attribution/spans/spanIndexBytes.js'
import { SPAN_USAGE_MIN_LENGTH } from '../attribution/spanUsage.js'
import { customChain, type LedgerDeployment, resolveDeployment } from '../chains.js'
import { BaseError } from '../errors/base.js'
import { trainingSetRootOf } from '../registry/trainingSet.js'
import { buildRewardTree } from '../rewards/buildRewardTree.js'
import { readContributionBytes, readDataset, readUsageLog } from './dataset.js'
import { progress } from './progress.js'
import { serveTrace } from './serveTrace.js'
import { SPAN_INDEX_FILE, spanIndexOfDataset, verifySpanIndexFile, writeSpanIndexFiles } from './spanIndexFiles.js'
import { writeEpochFiles } from './writeEpochFiles.js'

const usage = `Usage:
  attribution-ledger epoch build   --rpc URL --model ID --dataset FILE (--budget UNITS | --usage-log FILE) [--k 5]
                                   [--utility classification|regression] [--near-duplicates default|off|DISTANCE]
                                   [--method knn|span] [--min-length BYTES]
                                   [--previous manifest.json] [--deployment FILE] [--out DIR]
  attribution-ledger epoch verify  --manifest FILE --dataset FILE [--usage-log FILE] [--previous FILE] [--rpc URL]
  attribution-ledger epoch publish --rpc URL --manifest FILE --uri MANIFEST_URI [--deployment FILE]
                                   (signs with the attributor key in ATTRIBUTOR_PRIVATE_KEY)
  attribution-ledger index build   --rpc URL --model ID --dataset FILE [--min-length BYTES] [--deployment FILE] [--out DIR]
  attribution-ledger index verify  --index span-index.bin --dataset FILE
  attribution-ledger index serve   --index span-index.bin [--port 8787] [--host 127.0.0.1] [--allow-origin ORIGIN]
                                   (POST {"output": "…"} to /trace, for <ledger-trace index-url>)

  --method span (with --usage-log) splits each query's fee over the training contributions whose text its
  "output" repeats verbatim, in spans of --min-length bytes or more (default ${SPAN_USAGE_MIN_LENGTH}).`

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
    'near-duplicates': { type: 'string' },
    method: { type: 'string', default: 'knn' },
    'min-length': { type: 'string' },
    index: { type: 'string' },
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    'allow-origin': { type: 'string', default: '*' },
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

/** --min-length: the shortest traced span that earns, in UTF-8 bytes. */
function minLengthOf(): number {
  const value = options['min-length']
  if (value === undefined) return SPAN_USAGE_MIN_LENGTH
  if (!/^[1-9][0-9]*$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--min-length must be a whole number of bytes, 1 or more, not "${value}".`)
  }
  return Number(value)
}

/** --method: `knn` (KNN-Shapley, the default) or `span` (a usage log's outputs traced in the training data). */
function spanMethod(): boolean {
  const { method } = options
  if (method !== 'knn' && method !== 'span') throw new UsageError(`--method must be knn or span, not "${method}".`)
  if (method === 'knn') {
    if (options['min-length'] !== undefined) throw new UsageError('--min-length is for --method span.')
    return false
  }
  if (options['usage-log'] === undefined) {
    throw new UsageError(
      "--method span values a usage log: give --usage-log FILE, whose queries hold the model's outputs.",
    )
  }
  if (options['near-duplicates'] !== undefined) {
    throw new UsageError(
      '--near-duplicates is for --method knn: a span-usage epoch credits every contribution that holds a traced span.',
    )
  }
  return true
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
  const { method } = manifest
  const rule = method.nearDuplicates
  if (method.name === 'span-usage') {
    console.error(`  Spans: ${method.minLength} bytes or more, traced in the span index ${method.indexHash}.`)
  } else if (!rule) {
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
  const spans = spanMethod()
  const nearDuplicates = spans ? null : nearDuplicateRule(options['near-duplicates'] ?? 'default')
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
  const spanIndex = spans ? indexOf(path) : undefined
  const valuing = progress(
    spanIndex
      ? "Tracing the queries' outputs in the training data and splitting their fees"
      : 'Computing exact KNN-Shapley values and allocations',
  )
  const { manifest, manifestHash, tree } = await buildEpoch({
    ...inputs,
    train,
    ...valuation,
    ...(spanIndex && { spanIndex, minLength: minLengthOf() }),
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
  // The index beside the manifest is the one its outputs were traced in, so a reader can trace them again.
  if (spanIndex) writeSpanIndexFiles(out, spanIndex, { modelId: manifest.model.modelId, minLength: minLengthOf() })
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
  // Rebuilt from the contributions, not read from a file: the index's hash does not cover its suffix array.
  const spanIndex = manifest.method?.name === 'span-usage' ? indexOf(path) : undefined
  const recomputing = progress('Recomputing the epoch from its data')
  const manifestHash = await verifyEpoch(manifest, { train, ...valuationOf(test, path), spanIndex, previous })
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

/** The span index of the dataset's training contributions, built from their checked bytes. */
function indexOf(path: string): SpanIndex {
  const indexing = progress('Building the span index of the training contributions')
  const index = spanIndexOfDataset(path)
  indexing.done(`${index.documents.length} contributions, ${index.text.length - index.documents.length} bytes`)
  return index
}

async function buildIndex() {
  const { client, deployment } = await clientFor(required('rpc'))
  const minLength = minLengthOf()
  const path = required('dataset')
  const reading = progress("Reading the training contributions' bytes")
  const documents = readContributionBytes(path)
  reading.done(`${documents.length} contributions`)
  const chain = progress('Checking them against the model on the chain')
  const modelId = Number(required('model'))
  const contentHashes = documents.map(({ contentHash }) => contentHash)
  const inputs = await readEpochInputs(client, { modelId, contentHashes, deployment })
  if (trainingSetRootOf(contentHashes) !== inputs.trainingSetRoot) {
    throw new EpochInputError(
      `The dataset's contributions are not model #${modelId}'s training set: they do not produce its registered training-set root.`,
    )
  }
  chain.done(`model #${modelId}'s training set`)
  const indexing = progress('Building the span index')
  const index = buildSpanIndex({ documents })
  indexing.done(`${index.text.length - index.documents.length} bytes`)
  const out = options.out ?? 'epoch'
  const summary = writeSpanIndexFiles(out, index, { modelId, minLength })
  console.error(`  Span index ${summary.hash} in ${join(out, SPAN_INDEX_FILE)}`)
  console.log(JSON.stringify({ indexHash: summary.hash, ...summary, out }))
}

async function verifyIndex() {
  const file = required('index')
  const checking = progress('Rebuilding the span index from the dataset and comparing')
  const { hash, documents } = verifySpanIndexFile(file, required('dataset'))
  checking.done(`${documents} contributions, hash ${hash}`)
  console.log(JSON.stringify({ verified: true, indexHash: hash, documents }))
}

async function serveIndex() {
  const file = required('index')
  const port = Number(options.port)
  if (!/^[0-9]+$/.test(options.port ?? '') || port > 65_535) {
    throw new UsageError(`--port must be a port number from 0 to 65535, not "${options.port}".`)
  }
  const loading = progress('Loading and checking the span index')
  const index = spanIndexFromBytes(new Uint8Array(readFileSync(file)))
  const handler = createTraceHandler({ index, allowOrigin: options['allow-origin'] ?? '*' })
  loading.done(`${index.documents.length} contributions`)
  const url = await serveTrace(handler, { host: options.host ?? '127.0.0.1', port })
  console.error(`  Tracing at ${url} (POST {"output": "…"}); every answer names the index hash.`)
  console.log(JSON.stringify({ url, documents: index.documents.length }))
}

const commands: Record<string, Record<string, () => Promise<void>>> = {
  epoch: { build, verify, publish },
  index: { build: buildIndex, verify: verifyIndex, serve: serveIndex },
}
try {
  const [group, command] = positionals
  const run = group && command ? commands[group]?.[command] : undefined
  if (!run) throw new UsageError(positionals.length ? `Unknown command: ${positionals.join(' ')}` : 'No command given.')
  await run()
} catch (error) {
  const named = error as { name?: string; shortMessage?: string; message?: string; details?: string }
  console.error(`${named.name ?? 'Error'}: ${named.shortMessage ?? named.message}`)
  if (named.details) console.error(named.details)
  process.exit(1)
}
