import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A web-test-runner command, `screenshot`, that renders the page in the light or dark colour scheme, saves a PNG of
 * one element as a test artifact and returns it (base64) so the test can check what it shows. Without a selector it
 * only switches the colour scheme.
 */
export function screenshotPlugin({ directory }) {
  return {
    name: 'screenshot',
    async executeCommand({ command, payload, session }) {
      if (command !== 'screenshot') return undefined
      const { name, selector, colorScheme } = payload
      const page = session.browser.getPage(session.id)
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: colorScheme }])
      if (!selector) return true
      // Two frames, so styles under the new colour scheme are applied and painted.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
      const element = await page.$(selector)
      if (!element) throw new Error(`screenshot: nothing matches ${selector}`)
      const png = await element.screenshot({ type: 'png' })
      mkdirSync(directory, { recursive: true })
      writeFileSync(join(directory, `${name}-${colorScheme}.png`), png)
      return { png: Buffer.from(png).toString('base64') }
    },
  }
}
