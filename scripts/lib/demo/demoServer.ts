import { existsSync, readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import { build } from 'esbuild'
import { type Hex, sha256 } from 'viem'
import { getContributionByHash } from '../../../src/actions/registry/getContributionByHash.js'
import { createTraceHandler } from '../../../src/attribution/spans/createTraceHandler.js'
import { createRelayHandler } from '../../../src/relay/createRelayHandler.js'
import { labelFromTags, listContributions } from './demoContributions.js'
import { K, labelledTexts, runEpoch } from './demoEpochs.js'
import { type DemoLedger, ROLES } from './demoLedger.js'
import { spanIndexOf } from './demoSpans.js'
import { askModel, DemoRequestError, MAX_QUERY_LENGTH, pendingQueries, QUERY_FEE, runUsageEpochs } from './demoUsage.js'
import { DATANETS } from './seedDemo.js'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}
const PAGES = ['contribute', 'gallery', 'rewards', 'attribution']
const MAX_UPLOAD = 16 * 1024 * 1024

/**
 * Bundles each page's script, and the hashing worker the widgets start beside them, once at start-up. The pages import
 * the package by name (`attribution-ledger/components`…), as an integrator's app does; tsconfig.json's `paths` point
 * those names at the sources, for tsc and for this esbuild alike.
 */
async function bundlePages(): Promise<Map<string, Uint8Array>> {
  const entryPoints = Object.fromEntries([
    ...PAGES.map((page) => [page, `demo/src/${page}.ts`]),
    ['hashWorker', 'src/content/hashWorker.ts'],
  ])
  const result = await build({
    entryPoints,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: 'assets',
    write: false,
    tsconfig: 'tsconfig.json',
    logLevel: 'warning',
  })
  return new Map(result.outputFiles.map((file) => [`/assets/${file.path.split('/').pop()}`, file.contents]))
}

async function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength
    if (size > limit) throw new Error('too large')
    chunks.push(chunk as Buffer)
  }
  return new Uint8Array(Buffer.concat(chunks))
}

const json = (response: ServerResponse, status: number, body: unknown) =>
  response
    .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    .end(JSON.stringify(body, (_, value) => (typeof value === 'bigint' ? value.toString() : value)))

/** An error as the page shows it: the sentence a person can act on, with the status that says whose fault it is. */
const failure = (response: ServerResponse, error: unknown) =>
  json(response, error instanceof DemoRequestError ? error.status : 500, {
    error: (error as { shortMessage?: string }).shortMessage ?? (error as Error).message,
  })

/**
 * The demo's web server: the site, its API (configuration, contributions, uploads, queries to the model, new epochs
 * and usage epochs), the content and epoch files, and a gasless relay, all on one origin.
 */
export async function startDemoServer(
  ledger: DemoLedger,
  { host, port, indexerUrl }: { host: string; port: number; indexerUrl?: string },
) {
  const assets = await bundlePages()
  const relay = createRelayHandler({ walletClient: ledger.walletOf(ROLES.relayer), deployment: ledger.deployment })
  // One epoch at a time: each builds on the one before.
  let epochs: Promise<unknown> = Promise.resolve()

  const config = () => {
    const latest = ledger.manifests.at(-1)
    return {
      rpcUrl: ledger.rpcUrl,
      chainId: ledger.deployment.chainId,
      deployment: ledger.deployment,
      relayUrl: '/relay',
      indexerUrl: indexerUrl ?? null,
      datanets: DATANETS,
      models: ledger.models.map(({ modelId, name }) => ({ id: modelId, name })),
      usage: { fee: QUERY_FEE, k: K, maxLength: MAX_QUERY_LENGTH, pending: pendingQueries(ledger) },
      latestEpoch: latest ? { epochId: latest.epochId, base: `/epochs/${latest.epochId}/` } : null,
    }
  }

  async function upload(request: IncomingMessage, response: ServerResponse) {
    const bytes = await readBody(request, MAX_UPLOAD)
    const contentHash = sha256(bytes)
    const registered = await getContributionByHash(ledger.reader, { contentHash, deployment: ledger.deployment })
    // The platform keeps only what was registered, so the gallery never shows bytes nobody vouched for.
    if (!registered) return json(response, 422, { error: 'This content is not registered.' })
    const row = (await listContributions(ledger)).find((contribution) => contribution.contentHash === contentHash)
    const label = labelFromTags(row?.tags ?? [])
    ledger.content.set(contentHash, {
      bytes,
      mediaType: row?.mediaType ?? 'application/octet-stream',
      ...(label === undefined ? {} : { label }),
    })
    json(response, 201, { contentHash })
  }

  /** Queues `job` behind the epochs already running, and answers with what it resolves to. */
  function oneEpochAtATime(response: ServerResponse, job: () => Promise<unknown>) {
    const run = epochs.then(job)
    epochs = run.catch(() => undefined)
    run.then(
      (body) => json(response, 201, body),
      (error: unknown) => failure(response, error),
    )
  }

  const newEpoch = (response: ServerResponse) =>
    oneEpochAtATime(response, async () => {
      const texts = (await listContributions(ledger))
        .filter((row) => row.datanetId === 1 && row.status === 'accepted')
        .map((row) => row.contentHash)
        .reverse()
      const { epochId, modelId } = await runEpoch(ledger, labelledTexts(ledger, texts))
      return { epochId, modelId }
    })

  // The current model's trace handler, over the span index its epoch built: one per model, made on first use.
  const traceHandlers = new Map<number, (request: Request) => Promise<Response>>()
  async function trace(request: IncomingMessage, response: ServerResponse) {
    const model = ledger.models.at(-1)
    if (!model) throw new DemoRequestError(409, 'No model has been trained yet: run an epoch first.')
    let handler = traceHandlers.get(model.modelId)
    if (!handler) {
      handler = createTraceHandler({ index: spanIndexOf(ledger, model.train) })
      traceHandlers.set(model.modelId, handler)
    }
    // The handler refuses what is too long to trace, saying so; this only stops bodies far past that.
    const body = request.method === 'POST' ? new TextDecoder().decode(await readBody(request, 256 * 1024)) : undefined
    const answer = await handler(
      new Request('http://demo/api/trace', {
        method: request.method ?? 'GET',
        headers: request.headers as Record<string, string>,
        ...(body ? { body } : {}),
      }),
    )
    response.writeHead(answer.status, Object.fromEntries(answer.headers)).end(await answer.text())
  }

  const usageEpochs = (response: ServerResponse) =>
    oneEpochAtATime(response, async () => ({ epochIds: await runUsageEpochs(ledger) }))

  async function query(request: IncomingMessage, response: ServerResponse) {
    let text: unknown
    try {
      text = (JSON.parse(new TextDecoder().decode(await readBody(request, 16 * 1024))) as { text?: unknown }).text
    } catch {
      text = undefined
    }
    if (typeof text !== 'string') throw new DemoRequestError(400, 'Send the review as JSON: {"text": "…"}.')
    json(response, 201, askModel(ledger, text))
  }

  function staticFile(path: string, response: ServerResponse) {
    const asset = assets.get(path)
    if (asset) return response.writeHead(200, { 'content-type': TYPES['.js'] as string }).end(asset)
    const epochFile = path.startsWith('/epochs/')
    const latest = String(ledger.manifests.at(-1)?.epochId ?? 0)
    const file = epochFile
      ? join(ledger.epochsDir, normalize(path.slice('/epochs/'.length).replace(/^latest\//, `${latest}/`)))
      : join('demo', normalize(path === '/' ? '/index.html' : path))
    if (!existsSync(file) || file.includes('..')) return response.writeHead(404).end('Not found')
    response
      .writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        // Epoch files are public records: any page may embed a claim widget that reads them.
        ...(epochFile ? { 'access-control-allow-origin': '*' } : {}),
      })
      .end(readFileSync(file))
  }

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://demo')
    const path = url.pathname
    try {
      // The relay's routes: registrations at /relay, claims at /relay/claim, passkey actions at /relay/operations.
      if (path === '/relay' || path.startsWith('/relay/')) {
        const body =
          request.method === 'POST' ? new TextDecoder().decode(await readBody(request, 64 * 1024)) : undefined
        const answer = await relay(
          new Request(`http://demo${path}`, {
            method: request.method ?? 'GET',
            headers: request.headers as Record<string, string>,
            ...(body ? { body } : {}),
          }),
        )
        response.writeHead(answer.status, Object.fromEntries(answer.headers)).end(await answer.text())
      } else if (path === '/api/demo.json') json(response, 200, config())
      else if (path === '/api/contributions.json') json(response, 200, await listContributions(ledger))
      else if (path === '/api/content' && request.method === 'POST') await upload(request, response)
      else if (path === '/api/epochs' && request.method === 'POST') newEpoch(response)
      else if (path === '/api/usage-epochs' && request.method === 'POST') usageEpochs(response)
      else if (path === '/api/queries' && request.method === 'POST') await query(request, response)
      else if (path === '/api/trace') await trace(request, response)
      else if (path.startsWith('/content/')) {
        const stored = ledger.content.get(path.slice('/content/'.length).toLowerCase() as Hex)
        if (!stored) response.writeHead(404).end('Not found')
        else {
          const headers = { 'content-type': stored.mediaType, 'access-control-allow-origin': '*' }
          response.writeHead(200, headers).end(stored.bytes)
        }
      } else staticFile(path, response)
    } catch (error) {
      failure(response, error)
    }
  })
  await new Promise<void>((resolve) => server.listen(port, host, resolve))
  const { port: listening } = server.address() as AddressInfo
  return {
    url: `http://${host}:${listening}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
