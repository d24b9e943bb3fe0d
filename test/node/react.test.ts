import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { build } from 'esbuild'
import type { Browser, Page } from 'playwright-core'
import { createElement, type ReactElement } from 'react'
import * as wrappers from '../../components/react.js'
import { chromiumPath, launchChromium } from '../../scripts/lib/cdnHarness.js'

// react-dom ships no types, and the project installs only react's.
const { renderToString } = createRequire(import.meta.url)('react-dom/server') as {
  renderToString(element: ReactElement): string
}

const tags = readdirSync('components', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`components/${entry.name}/define.ts`))
  .map(
    ({ name }) =>
      readFileSync(`components/${name}/define.ts`, 'utf8').match(/customElements\.define\('([a-z-]+)'/)?.[1],
  )
  .filter((tag) => tag !== undefined)
/** `ledger-claimed` → `LedgerClaimed`: the wrapper's name for a tag and, after `on`, its prop for an event. */
const pascal = (name: string) => name.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase())

/** Each tag's events, from the custom-elements manifest. */
function manifestEvents(): Map<string, string[]> {
  const outdir = mkdtempSync(join(tmpdir(), 'ledger-cem-'))
  execFileSync('node_modules/.bin/cem', ['analyze', '--quiet', '--outdir', relative(process.cwd(), outdir)])
  const manifest = JSON.parse(readFileSync(join(outdir, 'custom-elements.json'), 'utf8')) as {
    modules: { declarations?: { tagName?: string; events?: { name: string }[] }[] }[]
  }
  rmSync(outdir, { recursive: true })
  const declarations = manifest.modules.flatMap((module) => module.declarations ?? [])
  return new Map(declarations.flatMap((d) => (d.tagName ? [[d.tagName, (d.events ?? []).map((e) => e.name)]] : [])))
}

describe('attribution-ledger/components/react', () => {
  it('has a React component for every element', () => {
    assert.ok(tags.length > 0)
    for (const tag of tags) {
      const wrapper = (wrappers as Record<string, { displayName?: string }>)[pascal(tag)]
      assert.equal(wrapper?.displayName, pascal(tag), `${pascal(tag)} wraps <${tag}>`)
    }
  })

  it('renders on the server as the elements, whose properties the browser sets once they upgrade', () => {
    const html = renderToString(
      createElement(
        wrappers.LedgerProvider,
        { rpcUrl: 'https://rpc.example', chainId: 31337 },
        createElement(wrappers.LedgerBadge, { contentHash: `0x${'ab'.repeat(32)}`, className: 'provenance' }),
      ),
    )
    assert.equal(html, '<ledger-provider><ledger-badge class="provenance"></ledger-badge></ledger-provider>')
  })

  const executablePath = chromiumPath()
  describe('in Chromium', { skip: !executablePath && 'needs Chromium (CHROME_PATH or /usr/bin/chromium)' }, () => {
    let browser: Browser
    let page: Page
    before(async () => {
      const [bundle, launched] = await Promise.all([
        build({
          stdin: {
            contents: `
              import { createElement } from 'react'
              import { flushSync } from 'react-dom'
              import { createRoot } from 'react-dom/client'
              import * as wrappers from './components/react.ts'
              // Functions cannot cross from the test into the page, so event props are given by name and record calls.
              window.mount = (name, props, eventProps) => {
                const heard = []
                const handlers = Object.fromEntries(eventProps.map((p) => [p, (event) => heard.push([p, event.type])]))
                const container = document.body.appendChild(document.createElement('div'))
                flushSync(() => createRoot(container).render(createElement(wrappers[name], { ...props, ...handlers })))
                return Object.assign(container.firstElementChild, { heard })
              }`,
            resolveDir: process.cwd(),
            loader: 'ts',
          },
          bundle: true,
          format: 'esm',
          write: false,
          define: { 'process.env.NODE_ENV': '"production"' },
          logLevel: 'silent',
        }),
        launchChromium(executablePath as string),
      ])
      browser = launched
      page = await browser.newPage()
      await page.setContent('<!doctype html><body></body>')
      await page.addScriptTag({ type: 'module', content: bundle.outputFiles[0]?.text ?? '' })
      await page.waitForFunction(() => 'mount' in window)
    })
    after(() => browser?.close())

    it('sets props as the element’s properties, not as attributes', async () => {
      const deployment = { chainId: 31337, registry: '0x0000000000000000000000000000000000000001' }
      const props = {
        contentHash: '0x12',
        rpcUrl: 'http://127.0.0.1:9',
        chainId: 31337,
        variant: 'expanded',
        deployment,
      }
      const element = await page.evaluateHandle(
        ([name, props]) => (window as unknown as { mount: (...args: unknown[]) => HTMLElement }).mount(name, props, []),
        ['LedgerBadge', props] as const,
      )
      const seen = await element.evaluate((badge: HTMLElement & Record<string, unknown>) => ({
        tag: badge.localName,
        contentHash: badge.contentHash,
        chainId: badge.chainId,
        deployment: badge.deployment,
        reflected: badge.getAttribute('variant'),
        attributes: badge.getAttributeNames().sort(),
      }))
      assert.deepEqual(seen, {
        tag: 'ledger-badge',
        contentHash: '0x12',
        chainId: 31337,
        deployment,
        reflected: 'expanded',
        attributes: ['variant'],
      })
    })

    it('calls on<Event> props for every event the manifest lists', async () => {
      const events = manifestEvents()
      assert.ok([...events.values()].flat().length > 0, 'some element fires events')
      for (const tag of tags) {
        const names = events.get(tag) ?? []
        const eventProps = names.map((name) => `on${pascal(name)}`)
        const heard = await page.evaluate(
          ([name, eventProps, names]) => {
            const mount = (window as unknown as { mount: (...args: unknown[]) => HTMLElement & { heard: unknown } })
              .mount
            const element = mount(name, {}, eventProps)
            for (const type of names) element.dispatchEvent(new Event(type, { bubbles: true, composed: true }))
            return element.heard
          },
          [pascal(tag), eventProps, names] as const,
        )
        assert.deepEqual(
          heard,
          names.map((name, i) => [eventProps[i], name]),
          `<${tag}>`,
        )
      }
    })
  })
})
