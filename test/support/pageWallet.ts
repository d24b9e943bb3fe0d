import type { Page } from 'playwright-core'
import type { LocalAccount } from 'viem'
import { hardhat } from 'viem/chains'
import { walletRequestHandler } from './walletRequests.js'

/**
 * Puts a wallet into a page driven by Playwright, as an extension would: an EIP-1193 provider announced through
 * EIP-6963, whose requests are answered here in Node with a local test key. It is injected by the browser, not by
 * the page, so it works under the strictest Content-Security-Policy.
 */
export async function installPageWallet(
  page: Page,
  { signer, rpcUrl, name = 'Test Wallet' }: { signer: LocalAccount; rpcUrl: string; name?: string },
) {
  const calls: string[] = []
  const state = { chainId: hardhat.id, knownChains: new Set([hardhat.id]), rejectNext: false, onChainChanged() {} }
  const handle = walletRequestHandler(signer, rpcUrl, state)
  await page.exposeBinding('__pageWalletRequest', async (_source, method: string, params: unknown) => {
    calls.push(method)
    try {
      return { result: await handle({ method, params }) }
    } catch (error) {
      const { message, code } = error as { message: string; code?: number }
      return { error: { message, code } }
    }
  })
  // Plain JavaScript text, not a function: functions compiled by tsx carry helpers the page does not have.
  await page.addInitScript({
    content: `(() => {
      const provider = {
        async request({ method, params }) {
          const { result, error } = await window.__pageWalletRequest(method, params)
          if (error) throw Object.assign(new Error(error.message), { code: error.code })
          return result
        },
        on() {},
        removeListener() {},
      }
      const info = { uuid: '00000000-0000-4000-8000-000000000001', name: ${JSON.stringify(name)}, icon: '', rdns: 'test.attribution-ledger' }
      const announce = () =>
        window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }))
      window.addEventListener('eip6963:requestProvider', announce)
      announce()
    })()`,
  })
  return { calls }
}
