// The library build: ES modules that mirror the sources (so bundlers tree-shake per file) plus their declarations.
import { nodeResolve } from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'
import pkg from './package.json' with { type: 'json' }

// Dependencies stay imports, so apps share one copy of viem and zod with the SDK.
const external = [...Object.keys(pkg.peerDependencies ?? {}), ...Object.keys(pkg.dependencies ?? {})]
const isExternal = (id) => id.startsWith('node:') || external.some((name) => id === name || id.startsWith(`${name}/`))

export default {
  input: {
    'src/index': 'src/index.ts',
    'src/relay/index': 'src/relay/index.ts',
    'src/attribution/index': 'src/attribution/index.ts',
    'src/cli/main': 'src/cli/main.ts',
    'components/index': 'components/index.ts',
    'components/badge/define': 'components/badge/define.ts',
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
