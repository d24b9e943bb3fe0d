import { gzipSync } from 'node:zlib'
import { build, type Metafile } from 'esbuild'

export type BundleSize = { minified: number; gzip: number; inputs: string[] }

/**
 * Bundles `source` for browsers as an app would ship it (ESM, minified, tree-shaken) and measures it gzipped at
 * level 9. `inputs` lists every file that contributed bytes, for checking what an import drags in.
 */
export async function measureBundle(
  source: string,
  { resolveDir = process.cwd(), platform = 'browser' }: { resolveDir?: string; platform?: 'browser' | 'node' } = {},
): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: source, resolveDir, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const [output] = result.outputFiles
  if (!output) throw new Error('esbuild produced no output')
  const outputs = Object.values((result.metafile as Metafile).outputs)
  const inputs = outputs.flatMap((o) =>
    Object.entries(o.inputs)
      .filter(([, i]) => i.bytesInOutput > 0)
      .map(([name]) => name),
  )
  return { minified: output.contents.length, gzip: gzipSync(output.contents, { level: 9 }).length, inputs }
}

/** viem's floor for one contract read on a bare client: what any viem-based verifier pays at least. */
export const viemReadFloor = `
import { createClient, http } from 'viem'
import { readContract } from 'viem/actions'
const client = createClient({ transport: http('https://rpc.invalid') })
export const read = (parameters) => readContract(client, parameters)
`

/** The SDK's minimal "verify one contribution" import, on the same bare client. */
export const verifyOneContribution = (entry: string) => `
import { createClient, http } from 'viem'
import { getContributionByHash } from '${entry}'
const client = createClient({ transport: http('https://rpc.invalid') })
export const verify = (contentHash) => getContributionByHash(client, { contentHash })
`
