// Two builds. The library: ES modules that mirror the sources (so bundlers tree-shake per file) plus their
// declarations. The CDN build: one self-contained, minified module for `<script type="module">`, its hash worker, and
// chunks of rarely used viem code that load only when called.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'
import { transform } from 'esbuild'
import pkg from './package.json' with { type: 'json' }

// Dependencies stay imports, so apps share one copy of viem and zod with the SDK, and an app's bundler puts the
// optional WalletConnect peer in a chunk of its own.
const external = [...Object.keys(pkg.peerDependencies ?? {}), ...Object.keys(pkg.dependencies ?? {})]
const isExternal = (id) => id.startsWith('node:') || external.some((name) => id === name || id.startsWith(`${name}/`))

// Every component folder with a define.ts gets its `./components/<name>/define` entry without editing this file.
const defineInputs = Object.fromEntries(
  readdirSync('components', { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(`components/${entry.name}/define.ts`))
    .map(({ name }) => [`components/${name}/define`, `components/${name}/define.ts`]),
)

const library = {
  input: {
    'src/index': 'src/index.ts',
    'src/relay/index': 'src/relay/index.ts',
    'src/passkey/index': 'src/passkey/index.ts',
    'src/attribution/index': 'src/attribution/index.ts',
    'src/cli/main': 'src/cli/main.ts',
    'components/index': 'components/index.ts',
    'components/react': 'components/react.ts',
    ...defineInputs,
    // Started by hashContent with `new URL('./hashWorker.js', import.meta.url)`, so it must sit beside it.
    'src/content/hashWorker': 'src/content/hashWorker.ts',
  },
  external: isExternal,
  plugins: [nodeResolve(), typescript({ tsconfig: './tsconfig.build.json' })],
  output: {
    dir: 'dist',
    format: 'es',
    preserveModules: true,
    preserveModulesRoot: '.',
    sourcemap: true,
  },
}

// The CDN build leans on esbuild, already here for the bundle-size budgets: the library build has type-checked the
// same sources, so here it only strips types (with the project's decorator settings) and minifies, in seconds.
const { compilerOptions } = JSON.parse(readFileSync('tsconfig.json', 'utf8'))
const esbuild = () => ({
  name: 'esbuild',
  // The sources import `./x.js` for `./x.ts`, as NodeNext requires.
  async resolveId(source, importer) {
    if (!importer?.endsWith('.ts') || !source.startsWith('.') || !source.endsWith('.js')) return null
    return this.resolve(source.replace(/\.js$/, '.ts'), importer, { skipSelf: true })
  },
  async transform(code, id) {
    if (!id.endsWith('.ts')) return null
    const { code: js, map } = await transform(code, {
      loader: 'ts',
      sourcefile: id,
      sourcemap: true,
      tsconfigRaw: { compilerOptions },
    })
    return { code: js, map }
  },
  async renderChunk(code) {
    const { code: minified, map } = await transform(code, {
      minify: true,
      format: 'esm',
      target: 'es2022',
      sourcemap: true,
    })
    return { code: minified, map }
  },
})

// Dependencies' import cycles and misplaced `@__PURE__` comments (viem, zod) are harmless and not ours to fix.
const inDependencies = (id) => id?.includes('/node_modules/')
const onwarn = (warning, warn) => {
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every(inDependencies)) return
  if (warning.code === 'INVALID_ANNOTATION' && inDependencies(warning.id)) return
  warn(warning)
}

// An app's bundler turns `import('@walletconnect/ethereum-provider')` into a chunk of the app; a CDN page has no
// bundler, and fetching the package from a third party by default would run code outside the page's lockfile and CSP.
// So the CDN build takes walletConnectPackage.cdn.ts, and loads WalletConnect only from `walletconnect-module-url`.
const withoutWalletConnectPackage = () => ({
  name: 'without-walletconnect-package',
  resolveId(source, importer) {
    if (!importer?.endsWith('.ts') || !source.endsWith('/walletConnectPackage.js')) return null
    return this.resolve(source.replace(/\.js$/, '.cdn.ts'), importer, { skipSelf: true })
  },
})

/**
 * The CDN build into `dir`: `attribution-ledger.js` registers every element, and `hashWorker.js` sits beside it because
 * hashContent starts its worker from `new URL('./hashWorker.js', import.meta.url)`. Each is built on its own so that
 * neither imports a shared chunk. What viem loads with `import('…')` and most pages never run (secp256k1 signature
 * recovery, CCIP-read) becomes `lazy/*.js`, fetched only when called; the runtime import of the page's WalletConnect
 * module URL stays as it is.
 */
const cdnBuilds = (dir) =>
  [
    ['attribution-ledger', 'components/cdn.ts'],
    ['hashWorker', 'src/content/hashWorker.ts'],
  ].map(([name, input]) => ({
    input: { [name]: input },
    onwarn,
    // Lets the lazy chunks import what they share from the main file, instead of both importing a third file.
    preserveEntrySignatures: 'allow-extension',
    plugins: [withoutWalletConnectPackage(), nodeResolve({ browser: true, exportConditions: ['browser'] }), esbuild()],
    output: { dir, format: 'es', sourcemap: true, chunkFileNames: 'lazy/[name]-[hash].js' },
  }))

// `rollup -c --configCdnDir <dir>` builds only the CDN files, into <dir> (the tests and benchmarks use it). A full
// build starts from an empty dist/, so that no file of an earlier build (a renamed module, an old lazy chunk) ships.
export default (args) => {
  if (args.configCdnDir) return cdnBuilds(args.configCdnDir)
  rmSync('dist', { recursive: true, force: true })
  return [library, ...cdnBuilds('dist/cdn')]
}
