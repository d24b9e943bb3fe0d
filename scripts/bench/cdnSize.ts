/**
 * The CDN build's weight (gzip -9): dist/cdn/attribution-ledger.js, the one file a page loads, beside the floors any
 * Lit + viem widget pays, the files fetched only when needed, and each element bundled alone for comparison.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { measureBundle, viemReadFloor } from '../lib/bundleSize.js'
import { buildCdn } from '../lib/cdnHarness.js'

const BUDGET = 75 * 1024

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const gzip = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length
const litFloor = `import { html, LitElement } from 'lit'
customElements.define('floor-element', class extends LitElement { render() { return html\`<p>floor</p>\` } })`

/** Gzipped bytes a page loads before `entry` runs: its chunk and those it imports statically, not dynamically. */
async function upFront(entry: string) {
  const { outputFiles, metafile } = await build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    outdir: 'out',
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const files = new Map(outputFiles.map((file) => [relative(process.cwd(), file.path), file.contents]))
  const loaded = new Set<string>()
  const load = (path: string) => {
    if (loaded.has(path)) return
    loaded.add(path)
    for (const { path: imported, kind } of metafile.outputs[path]?.imports ?? []) {
      if (kind === 'import-statement') load(imported)
    }
  }
  load(Object.keys(metafile.outputs).find((path) => metafile.outputs[path]?.entryPoint === entry) ?? '')
  return [...loaded].reduce((sum, path) => sum + gzipSync(files.get(path) ?? '', { level: 9 }).length, 0)
}

const cdn = buildCdn()
const main = gzip(cdn.file)
const [lit, viem] = await Promise.all([measureBundle(litFloor), measureBundle(viemReadFloor)])
const rows: [string, number][] = [
  ['dist/cdn/attribution-ledger.js (every element)', main],
  ['  floor: lit, one element', lit.gzip],
  ['  floor: viem client + http + readContract', viem.gzip],
  ['  above both floors', main - lit.gzip - viem.gzip],
  ['fetched only when needed: hashWorker.js (files > 8 MB)', gzip(cdn.worker)],
  ...readdirSync(cdn.dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.startsWith('lazy/') && file.endsWith('.js'))
    .map((file): [string, number] => [`fetched only when called: ${file}`, gzip(join(cdn.dir, file))]),
]
// What each element costs on its own, for deciding what to split if the whole is too heavy.
for (const name of readdirSync('components').filter((dir) => existsSync(`components/${dir}/define.ts`))) {
  rows.push([`<ledger-${name}> alone, loaded up front (esbuild)`, await upFront(`components/${name}/define.ts`)])
}

rmSync(cdn.dir, { recursive: true })

const width = Math.max(...rows.map(([label]) => label.length))
console.log('\nCDN build (rollup, esbuild-minified; gzip -9)\n')
for (const [label, bytes] of rows) console.log(`${label.padEnd(width)}  ${kb(bytes).padStart(9)}`)
console.log(`\nThe CDN file is ${kb(main)} gzipped (budget ${kb(BUDGET)}).`)
if (main > BUDGET) process.exitCode = 1
