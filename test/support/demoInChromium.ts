import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
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

/** A full-page screenshot at the desktop size the e2e tests use, and one on a 390×844 phone, in E2E_ARTIFACTS. */
export async function screenshotDesktopAndPhone(page: Page, name: string) {
  // The header is sticky: from the top, it is drawn once, at the top.
  await page.evaluate(() => scrollTo(0, 0))
  await page.screenshot({ path: join(E2E_ARTIFACTS, `${name}.png`), fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: join(E2E_ARTIFACTS, `${name}-mobile.png`), fullPage: true })
  await page.setViewportSize({ width: 1280, height: 900 })
}
