import { type SpawnSyncReturns, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export type ThrowawayPostgres = {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres`, trusted (no password). */
  url: string
  /** The server's bin directory (psql, pg_ctl, …). */
  bin: string
  /** Stops the server and removes its data directory. */
  close(): void
}

const POSTGRES_ROOT = '/usr/lib/postgresql'

/** The bin directory of the newest Debian-packaged Postgres that has `initdb`, if any. */
export function postgresBin(): string | undefined {
  if (!existsSync(POSTGRES_ROOT)) return undefined
  const versions = readdirSync(POSTGRES_ROOT)
    .filter((version) => existsSync(join(POSTGRES_ROOT, version, 'bin', 'initdb')))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
  return versions[0] === undefined ? undefined : join(POSTGRES_ROOT, versions[0], 'bin')
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as { port: number }
  await new Promise((done) => server.close(done))
  return port
}

function check(result: SpawnSyncReturns<string>, what: string) {
  if (result.status !== 0) {
    throw new Error(`${what} failed (${result.status ?? result.signal}): ${result.error ?? ''}${result.stderr}`)
  }
}

/**
 * Starts a Postgres cluster of its own, in a temporary directory, on a free port of 127.0.0.1, as `.ci/run` does:
 * Postgres refuses to run as root, so as root the cluster belongs to the `postgres` user. Throws when no Postgres is
 * installed (see `postgresBin`) or it will not start; `close()` stops it and removes every file it wrote.
 *
 * @example
 * const postgres = await startThrowawayPostgres()
 * try {
 *   const indexer = await startIndexer({ rpcUrl, deploymentFile, port, databaseUrl: postgres.url })
 * } finally {
 *   postgres.close()
 * }
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBin()
  if (!bin) throw new Error(`No Postgres under ${POSTGRES_ROOT} (Debian's postgresql package installs one there)`)
  const asRoot = process.getuid?.() === 0
  const run = (command: string, args: string[]) =>
    asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { encoding: 'utf8' })
      : spawnSync(join(bin, command), args, { encoding: 'utf8' })
  const data = mkdtempSync(join(tmpdir(), 'ledger-postgres-'))
  let started = false
  const close = () => {
    if (started) run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
    started = false
    rmSync(data, { recursive: true, force: true })
  }
  try {
    if (asRoot) {
      const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' })
      check(id, 'id -u postgres')
      chownSync(data, Number(id.stdout.trim()), -1)
    }
    check(run('initdb', ['-A', 'trust', '-U', 'postgres', '-D', data]), 'initdb')
    const port = await freePort()
    const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${data}`
    started = true
    check(run('pg_ctl', ['-D', data, '-l', join(data, 'log'), '-w', '-o', options, 'start']), 'pg_ctl start')
    return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, bin, close }
  } catch (error) {
    close()
    throw error
  }
}
