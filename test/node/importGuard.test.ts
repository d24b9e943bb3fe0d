/**
 * The widgets and the demo use the SDK as its users do. Nothing under components/ or demo/ reaches into the SDK's
 * private floors (src/actions/internal/, the generated src/abis/), and the demo imports the package only through the
 * entry points package.json publishes, by name, exactly as an integrator's app would.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, it } from 'node:test'
import ts from 'typescript'

const PRIVATE = ['src/actions/internal/', 'src/abis/']

const sources = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.m?ts$/.test(file))
    .map((file) => join(dir, file))

/** Every module `file` imports, re-exports or `import()`s with a literal, types included. */
const importsOf = (file: string) =>
  ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((imported) => imported.fileName)

/** Where a relative specifier points, from the repository root; undefined for a package name. */
const target = (file: string, specifier: string) =>
  specifier.startsWith('.')
    ? relative('.', join(dirname(file), specifier))
        .split('\\')
        .join('/')
    : undefined

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; exports: Record<string, unknown> }
const entryPoints = Object.keys(pkg.exports)
  .filter((key) => key !== './package.json')
  .map((key) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`))

describe('imports under components/ and demo/', () => {
  it('finds imports of every kind', () => {
    const found = ts
      .preProcessFile(
        `import a from './a.js'\nimport type { B } from '../b.js'\nexport * from 'c'\nconst d = () => import('./d.js')`,
        true,
        true,
      )
      .importedFiles.map((imported) => imported.fileName)
    assert.deepEqual(found, ['./a.js', '../b.js', 'c', './d.js'])
  })

  it('never reach src/actions/internal/ or src/abis/', () => {
    const offending = [...sources('components'), ...sources('demo')].flatMap((file) =>
      importsOf(file)
        .filter((specifier) => PRIVATE.some((floor) => target(file, specifier)?.startsWith(floor)))
        .map((specifier) => `${file} imports ${specifier}`),
    )
    assert.deepEqual(offending, [])
  })

  it('in the demo, reach the package only through its published entry points, by name', () => {
    assert.ok(entryPoints.includes('attribution-ledger/components'), 'the entry points come from package.json')
    const offending = sources('demo').flatMap((file) =>
      importsOf(file)
        .filter((specifier) => {
          const path = target(file, specifier)
          if (path !== undefined) return !path.startsWith('demo/')
          const ours = specifier === pkg.name || specifier.startsWith(`${pkg.name}/`)
          return ours && !entryPoints.includes(specifier)
        })
        .map((specifier) => `${file} imports ${specifier}`),
    )
    assert.deepEqual(offending, [])
  })

  it('resolve the package’s names, in tsc and the demo’s esbuild, to the sources of what package.json ships', () => {
    const { compilerOptions } = ts.readConfigFile('tsconfig.json', ts.sys.readFile).config as {
      compilerOptions: { paths: Record<string, string[]> }
    }
    const shipped = (key: string) => {
      const entry = pkg.exports[key.replace(pkg.name, '.')] as { default: string }
      return entry.default.replace(/^\.\/dist\//, './').replace(/\.js$/, '.ts')
    }
    for (const [name, [path]] of Object.entries(compilerOptions.paths)) {
      if (name.includes('*')) {
        const define = entryPoints.filter((entry) => /\/components\/[a-z]+\/define$/.test(entry))
        assert.ok(define.length > 0)
        for (const entry of define) {
          const folder = entry.split('/').at(-2) as string
          assert.equal(path?.replace('*', folder), shipped(entry), entry)
        }
      } else {
        assert.equal(path, shipped(name), name)
      }
    }
  })
})
