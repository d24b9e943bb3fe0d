import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { gzipSync } from 'node:zlib'
import type { Browser } from 'playwright-core'
import { parseAst } from 'rollup/parseAst'
import {
  buildCdn,
  type CdnBuild,
  chromiumPath,
  launchChromium,
  type Route,
  serve,
} from '../../scripts/lib/cdnHarness.js'

// The budget `npm run bench` (cdnSize) reports against: what a first paint does not need loads lazily, beside it.
const BUDGET = 75 * 1024

const components = readdirSync('components', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`components/${entry.name}/define.ts`))
  .map(({ name }) => name)
const tags = components.map((name) => {
  const tag = readFileSync(`components/${name}/define.ts`, 'utf8').match(/customElements\.define\('([a-z-]+)'/)?.[1]
  assert.ok(tag, `components/${name}/define.ts registers a tag`)
  return tag
})

const pascal = (tag: string) => tag.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase())

/**
 * What a browser must resolve to run `code`: the specifiers of its static imports and re-exports, of its
 * `import('literal')` calls, and how many `import(expression)` it leaves to run time (URLs such as WalletConnect's).
 */
function imports(code: string) {
  const found = { static: [] as string[], dynamic: [] as string[], runtime: 0 }
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object') return
    const { type, source } = node as { type?: string; source?: { type?: string; value?: unknown } }
    const literal = source?.type === 'Literal' ? String(source.value) : undefined
    if (type === 'ImportExpression') {
      if (literal === undefined) found.runtime++
      else found.dynamic.push(literal)
    } else if (type && /^(Import|ExportNamed|ExportAll)Declaration$/.test(type) && literal !== undefined) {
      found.static.push(literal)
    }
    for (const child of Object.values(node)) visit(child)
  }
  visit(parseAst(code))
  return found
}

describe('the CDN build (dist/cdn/attribution-ledger.js)', { timeout: 60_000 }, () => {
  let build: CdnBuild
  let code: string
  before(() => {
    build = buildCdn()
    code = readFileSync(build.file, 'utf8')
  })
  after(() => rmSync(build.dir, { recursive: true, force: true }))

  it('needs no import map: one request registers everything, and the rest is relative to it', () => {
    assert.deepEqual(imports(`import 'lit'; export * from './x.js'; import('zod'); import(url)`), {
      static: ['lit', './x.js'],
      dynamic: ['zod'],
      runtime: 1,
    })
    const main = imports(code)
    assert.deepEqual(main.static, [])
    assert.ok(main.runtime >= 1, 'import(url) is left to run time')
    const files = readdirSync(build.dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'))
    assert.ok(files.includes('attribution-ledger.js') && files.includes('hashWorker.js'))
    for (const file of files) {
      const { static: imported, dynamic } = imports(readFileSync(join(build.dir, file), 'utf8'))
      for (const specifier of [...imported, ...dynamic]) {
        assert.match(specifier, /^\.\.?\//, `${file} imports ${specifier}`)
        assert.ok(existsSync(join(build.dir, dirname(file), specifier)), `${file} imports ${specifier}, which exists`)
      }
    }
  })

  it(`is at most ${BUDGET / 1024} KB gzipped (gzip -9)`, () => {
    const size = gzipSync(code, { level: 9 }).length
    assert.ok(size <= BUDGET, `${size} bytes gzipped`)
  })

  it('bundles every component’s define module and registers its tag', () => {
    const { sources } = JSON.parse(readFileSync(`${build.file}.map`, 'utf8')) as { sources: string[] }
    for (const name of components) {
      assert.ok(
        sources.some((source) => source.endsWith(`components/${name}/define.ts`)),
        `components/cdn.ts imports ./${name}/define.js`,
      )
    }
    assert.match(code, /customElements\.define\(/)
    for (const tag of tags) assert.ok(code.includes(`"${tag}"`), tag)
    assert.ok(!sources.some((source) => source.includes('node_modules/@walletconnect/')), 'WalletConnect loads by URL')
    assert.ok(!sources.some((source) => source.endsWith('walletConnectPackage.ts')), 'and only by the page’s URL')
  })

  it('starts its hash worker from hashWorker.js beside it', () => {
    assert.match(code, /new URL\("\.\/hashWorker\.js",import\.meta\.url\)/)
    assert.ok(existsSync(build.worker))
  })

  const executablePath = chromiumPath()
  describe('in Chromium', { skip: !executablePath && 'needs Chromium (CHROME_PATH or /usr/bin/chromium)' }, () => {
    let browser: Browser
    let server: Awaited<ReturnType<typeof serve>>
    // The page a CDN user writes: one script tag.
    const index: Route = (request, response) => {
      if (request.url !== '/') return false
      response.writeHead(200, { 'content-type': 'text/html' })
      response.end('<!doctype html><script type="module" src="/attribution-ledger.js"></script>')
      return true
    }
    before(async () => {
      ;[browser, server] = await Promise.all([launchChromium(executablePath as string), serve(build.dir, [index])])
    })
    after(() => Promise.all([browser?.close(), server?.close()]))

    it('registers and exports every element from one <script type="module">, without errors', async () => {
      const page = await browser.newPage()
      const errors: Error[] = []
      page.on('pageerror', (error) => errors.push(error))
      await page.goto(`${server.origin}/`)
      // Module scripts run before the load event that goto waits for. Each element's class is also an export.
      const exported = await page.evaluate(async (names) => {
        const module: Record<string, unknown> = await import(`${location.origin}/attribution-ledger.js`)
        return names.map((name) => {
          const element = customElements.get(name)
          return [name, element ? Object.keys(module).find((key) => module[key] === element) : 'not defined']
        })
      }, tags)
      assert.deepEqual(
        exported,
        tags.map((tag) => [tag, pascal(tag)]),
      )
      assert.deepEqual(errors, [])
      await page.close()
    })

    it('fetches WalletConnect from no other origin than the one the page names in walletconnect-module-url', async () => {
      const page = await browser.newPage()
      const foreign: string[] = []
      page.on('request', (request) => {
        if (!request.url().startsWith(server.origin)) foreign.push(request.url())
      })
      const named = 'https://walletconnect.example/ethereum-provider.js'
      await page.route(named, (route) => route.abort())
      // This device connected through WalletConnect before, so each claim widget looks for that session as it loads.
      await page.addInitScript(() =>
        localStorage.setItem('attribution-ledger:walletconnect', JSON.stringify({ projectId: 'demo-project' })),
      )
      await page.goto(`${server.origin}/`)
      const account = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
      const claim = (moduleUrl: string) =>
        `<ledger-claim account="${account}" rpc-url="${server.origin}/rpc" chain-id="31337"
          walletconnect-project-id="demo-project" walletconnect-module-url="${moduleUrl}"></ledger-claim>`
      // The first widget decides before the second starts: both look when they first update, in document order, and
      // the first, having no URL, goes no further than that synchronous decision.
      const fetched = page.waitForRequest(named)
      await page.evaluate((markup) => document.body.insertAdjacentHTML('beforeend', markup), claim('') + claim(named))
      await fetched
      assert.deepEqual(foreign, [named], 'only the URL the second widget names')
      await page.close()
    })

    it('has a worker that runs on its own and hashes', async () => {
      const page = await browser.newPage()
      await page.goto(`${server.origin}/`)
      const reply = await page.evaluate(
        () =>
          new Promise((resolve) => {
            const worker = new Worker(new URL('./hashWorker.js', location.href), { type: 'module' })
            worker.onmessage = ({ data }) => data.type !== 'progress' && resolve(data)
            worker.onerror = (event) => resolve({ type: 'load error', message: event.message })
            worker.postMessage({ source: new TextEncoder().encode('abc'), chunkSize: 1024 })
          }),
      )
      assert.deepEqual(reply, {
        type: 'done',
        hash: '0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      })
      await page.close()
    })
  })
})
