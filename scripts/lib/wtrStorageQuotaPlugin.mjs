/**
 * A web-test-runner command, `storage-quota`, that overrides the storage quota Chromium grants the test page's origin
 * (DevTools `Storage.overrideQuotaForOrigin`), so tests meet the browser's own refusal rather than a simulated error.
 * `{ quotaSize }` sets the quota in bytes; no `quotaSize` gives the origin its normal quota back.
 */
export function storageQuotaPlugin() {
  // Chromium withdraws an override when the DevTools session that set it detaches, so each test session's stays open
  // until its quota is given back.
  const sessions = new Map()
  return {
    name: 'storage-quota',
    async executeCommand({ command, payload, session }) {
      if (command !== 'storage-quota') return undefined
      if (session.browser.type !== 'puppeteer') {
        throw new Error(`storage-quota needs Chromium through puppeteer, not ${session.browser.type}`)
      }
      const page = session.browser.getPage(session.id)
      // The origin of the page under test, so a test can only change its own quota.
      const { origin } = new URL(page.url())
      const quotaSize = payload?.quotaSize
      let cdp = sessions.get(session.id)
      if (!cdp) {
        cdp = await page.createCDPSession()
        sessions.set(session.id, cdp)
      }
      if (quotaSize !== undefined) {
        await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize })
        return true
      }
      sessions.delete(session.id)
      await cdp.send('Storage.overrideQuotaForOrigin', { origin })
      await cdp.detach()
      return true
    },
  }
}
