/**
 * What the CDN benchmarks and tests share: the CDN build into a fresh directory (the same rollup config as
 * `npm run build`, so nothing depends on a stale dist/), a static server for it, and headless Chromium.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, normalize } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { CHROMIUM_FLAGS } from './chromiumFlags.mjs'

export type CdnBuild = { dir: string; file: string; worker: string }

/** Builds `attribution-ledger.js`, `hashWorker.js` and `lazy/` into a new temporary directory (a few seconds). */
export function buildCdn(): CdnBuild {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-cdn-'))
  execFileSync('node_modules/.bin/rollup', ['-c', '--silent', '--configCdnDir', dir], { stdio: 'inherit' })
  return { dir, file: join(dir, 'attribution-ledger.js'), worker: join(dir, 'hashWorker.js') }
}

export type Route = (request: IncomingMessage, response: ServerResponse) => boolean | Promise<boolean>

/**
 * Serves `dir` on 127.0.0.1 (a free port), after giving each route the chance to answer first. Module scripts and
 * module workers need an http origin: file:// will not do.
 */
export async function serve(dir: string, routes: Route[] = []) {
  const types: Record<string, string> = { js: 'text/javascript', map: 'application/json', html: 'text/html' }
  const server = createServer(async (request, response) => {
    for (const route of routes) if (await route(request, response)) return
    const path = normalize(new URL(request.url ?? '/', 'http://x').pathname).replace(/^\/+/, '')
    try {
      const body = readFileSync(join(dir, path))
      response.writeHead(200, { 'content-type': types[path.split('.').pop() ?? ''] ?? 'application/octet-stream' })
      response.end(body)
    } catch {
      response.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The system Chromium the browser tests use, or undefined when this machine has none. */
export const chromiumPath = () => {
  const path = process.env.CHROME_PATH ?? '/usr/bin/chromium'
  return existsSync(path) ? path : undefined
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: CHROMIUM_FLAGS,
  })
}
