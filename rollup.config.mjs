// The library build: ES modules that mirror the sources (so bundlers tree-shake per file) plus their declarations.
import { nodeResolve } from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'
import pkg from './package.json' with { type: 'json' }

const peers = Object.keys(pkg.peerDependencies ?? {})
const isPeer = (id) => peers.some((peer) => id === peer || id.startsWith(`${peer}/`))

export default {
  input: { 'src/index': 'src/index.ts' },
  external: isPeer,
  plugins: [nodeResolve(), typescript({ tsconfig: './tsconfig.build.json' })],
  output: {
    dir: 'dist',
    format: 'es',
    preserveModules: true,
    preserveModulesRoot: '.',
    sourcemap: true,
  },
}
