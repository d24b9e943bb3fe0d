// Browser tests run in the system Chromium against a real local chain that this config starts for the run.
import { existsSync } from 'node:fs'
import { esbuildPlugin } from '@web/dev-server-esbuild'
import { defaultReporter } from '@web/test-runner'
import { chromeLauncher } from '@web/test-runner-chrome'
import { register } from 'tsx/esm/api'
import { CHROMIUM_FLAGS } from './scripts/lib/chromiumFlags.mjs'
import { countingReporter } from './scripts/lib/wtrCountingReporter.mjs'
import { screenshotPlugin } from './scripts/lib/wtrScreenshotPlugin.mjs'
import { storageQuotaPlugin } from './scripts/lib/wtrStorageQuotaPlugin.mjs'
import { webAuthnPlugin } from './scripts/lib/wtrWebAuthnPlugin.mjs'

register()
const { startLocalChain, localAccount } = await import('./scripts/lib/localChain.ts')
const { createRelayHandler } = await import('./src/relay/index.ts')
const { createWalletClient, http } = await import('viem')
const { hardhat } = await import('viem/chains')

let relay
/**
 * A real gasless relay (the SDK's handler, paying from Hardhat's account 6) as a platform runs it: registrations at
 * POST /__relay, claims at /__relay/claim, passkey actions at /__relay/operations.
 */
async function relayMiddleware(context, next) {
  if (!(context.path === '/__relay' || context.path.startsWith('/__relay/')) || !relay) return next()
  const body = await new Promise((resolve) => {
    let text = ''
    context.req.on('data', (chunk) => {
      text += chunk
    })
    context.req.on('end', () => resolve(text))
  })
  const request = new Request(`http://localhost${context.url}`, {
    method: context.method,
    headers: context.headers,
    ...(context.method === 'POST' ? { body } : {}),
  })
  const response = await relay(request)
  context.status = response.status
  for (const [name, value] of response.headers) context.set(name, value)
  context.body = await response.text()
}

/** Starts the chain with the test server and serves its deployment to the tests at /__local-chain.json. */
function localChainPlugin() {
  let chain
  return {
    name: 'local-chain',
    async serverStart() {
      chain = await startLocalChain({ port: 0, deploymentFile: 'deployments/browser-tests.json' })
      relay = createRelayHandler({
        walletClient: createWalletClient({ chain: hardhat, transport: http(chain.rpcUrl), account: localAccount(6) }),
        rateLimit: { requests: 1_000, windowMs: 60_000 },
        // Every passkey test makes new accounts.
        accountCreation: { accounts: 10_000, perSigner: 100 },
      })
    },
    async serverStop() {
      await chain?.close()
    },
    serve(context) {
      if (context.path === '/__local-chain.json') return { body: JSON.stringify(chain.deployment), type: 'json' }
    },
  }
}

/**
 * Serves src/…/x.ts when src/…/x.js is asked for and does not exist, as the built package would have it, so that
 * `new URL('./hashWorker.js', import.meta.url)` finds the worker under the dev server too.
 */
function serveTypeScriptAsJs(context, next) {
  const { path } = context
  const source = `${path.slice(0, -3)}.ts`
  if (path.startsWith('/src/') && path.endsWith('.js') && !existsSync(`.${path}`) && existsSync(`.${source}`)) {
    context.path = source
  }
  return next()
}

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'import', 'default'] },
  concurrency: 1,
  // An upper bound for tests that mine several transactions, not a timing assertion.
  testFramework: { config: { timeout: 30_000 } },
  testsFinishTimeout: 300_000,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: CHROMIUM_FLAGS,
      },
    }),
  ],
  middleware: [serveTypeScriptAsJs, relayMiddleware],
  // The tsconfig carries Lit's decorator settings (experimentalDecorators, useDefineForClassFields: false).
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    // An optional peer, not installed here (the tests load a stand-in by URL): left as is, as in an app without it.
    {
      name: 'optional-peers',
      resolveImport: ({ source }) => (source === '@walletconnect/ethereum-provider' ? source : undefined),
    },
    localChainPlugin(),
    screenshotPlugin({ directory: 'test-artifacts/screenshots' }),
    storageQuotaPlugin(),
    webAuthnPlugin(),
  ],
  reporters: [defaultReporter(), countingReporter(process.env.WTR_RESULTS_FILE)],
}
