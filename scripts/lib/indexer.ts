import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The Ponder project in this repository (an npm workspace). */
export const indexerDir = fileURLToPath(new URL('../../indexer/', import.meta.url))

export type StartIndexerOptions = {
  rpcUrl: string
  /** The deployment JSON a local chain or a deploy script wrote: which contracts, from which block. */
  deploymentFile: string
  /** 0 picks a free one. */
  port: number
  /** Postgres; each run gets a schema of its own. Without it, the embedded PGlite in a fresh temporary directory. */
  databaseUrl?: string
}

export type Indexer = {
  url: string
  /** Resolves once the indexer is ready and has indexed the chain's latest block (at the time of the call or later). */
  caughtUp(timeoutMs?: number): Promise<void>
  /** Stops the indexer (SIGTERM, then SIGKILL if it lingers) and removes its PGlite directory. */
  close(): Promise<void>
}

/** Where npm put Ponder for the workspace: its own node_modules, or hoisted to an ancestor's. */
function ponderBin(): string {
  for (let dir = indexerDir; ; dir = dirname(dir)) {
    const pkg = join(dir, 'node_modules', 'ponder', 'package.json')
    if (existsSync(pkg)) {
      const { bin } = JSON.parse(readFileSync(pkg, 'utf8')) as { bin: { ponder: string } }
      return resolve(dirname(pkg), bin.ponder)
    }
    if (dirname(dir) === dir) throw new Error('ponder is not installed: run `npm ci` at the repository root')
  }
}

let runs = 0

/** A port nothing listens on now: Ponder takes a port number, not a listening socket. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as { port: number }
  await new Promise<void>((done) => server.close(() => done()))
  return port
}

/**
 * Runs `ponder start` for the ledger deployed in `deploymentFile`, as a child process with its own database.
 * `caughtUp()` is what to wait for before reading: on a local chain every block is unfinalised, so Ponder's `/ready`
 * alone only says the backfill is done, not that the latest block is in.
 *
 * @example
 * const indexer = await startIndexer({ rpcUrl, deploymentFile, port: 42069 })
 * try {
 *   await indexer.caughtUp()
 *   const { items } = await (await fetch(`${indexer.url}/contributions?order=desc`)).json()
 * } finally {
 *   await indexer.close()
 * }
 */
export async function startIndexer(options: StartIndexerOptions): Promise<Indexer> {
  const { rpcUrl, deploymentFile, databaseUrl } = options
  const port = options.port === 0 ? await freePort() : options.port
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LEDGER_DEPLOYMENT: resolve(deploymentFile),
    LEDGER_RPC_URL: rpcUrl,
    PONDER_TELEMETRY_DISABLED: 'true',
    PONDER_LOG_LEVEL: 'warn',
  }
  delete env.DATABASE_URL
  delete env.DATABASE_PRIVATE_URL
  let pgliteDir: string | undefined
  if (databaseUrl) env.DATABASE_URL = databaseUrl
  else env.LEDGER_INDEXER_DIR = pgliteDir = mkdtempSync(join(tmpdir(), 'ledger-indexer-'))
  // Ponder allows 45 characters; unique per run so runs sharing one Postgres never meet.
  const schema = `ledger_${process.pid}_${++runs}_${Date.now().toString(36)}`

  const child: ChildProcess = spawn(
    process.execPath,
    [ponderBin(), 'start', '--schema', schema, '--port', String(port), '--log-format', 'json'],
    { cwd: indexerDir, env, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  const url = `http://127.0.0.1:${port}`

  async function chainHead(): Promise<number> {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber' }),
    })
    return Number(BigInt(((await response.json()) as { result: string }).result))
  }

  async function indexedBlock(): Promise<number | undefined> {
    if ((await fetch(`${url}/ready`)).status !== 200) return undefined
    const status = (await (await fetch(`${url}/status`)).json()) as { ledger?: { block?: { number?: number } } }
    return status.ledger?.block?.number
  }

  return {
    url,
    async caughtUp(timeoutMs = 180_000) {
      const head = await chainHead()
      const deadline = Date.now() + timeoutMs
      for (;;) {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`The indexer exited (${child.exitCode ?? child.signalCode}):\n${output}`)
        }
        const block = await indexedBlock().catch(() => undefined)
        if (block !== undefined && block >= head) return
        if (Date.now() > deadline) {
          throw new Error(`The indexer had not reached block ${head} after ${timeoutMs} ms (at ${block}):\n${output}`)
        }
        await new Promise((done) => setTimeout(done, 100))
      }
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        let timer: NodeJS.Timeout | undefined
        const lingering = await Promise.race([
          exited.then(() => false),
          new Promise<boolean>((done) => {
            timer = setTimeout(() => done(true), 10_000)
          }),
        ])
        clearTimeout(timer)
        if (lingering) {
          child.kill('SIGKILL')
          await exited
        }
      }
      if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true })
    },
  }
}
