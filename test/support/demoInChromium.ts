import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { launchChromium } from '../../scripts/lib/cdnHarness.js'
import { startDemo } from '../../scripts/lib/demo/startDemo.js'

export const E2E_ARTIFACTS = 'test-artifacts/e2e'

/** `npm start`'s demo on free ports and the system Chromium; `name` keeps each test file's deployment file apart. */
export async function startDemoInChromium(executablePath: string, name: string) {
  mkdirSync(E2E_ARTIFACTS, { recursive: true })
  const demo = await startDemo({
    port: 0,
    chainPort: 0,
    indexerPort: 0,
    deploymentFile: join(tmpdir(), `ledger-e2e-${name}.json`),
  })
  const browser = await launchChromium(executablePath).catch(async (error) => {
    await demo.close()
    throw error
  })
  return {
    demo,
    browser,
    close: async () => {
      await browser.close()
      await demo.close()
    },
  }
}
