// Drives <ledger-contribute> as a person would, reading what it shows: shared by the widget's browser tests.
import { waitUntil } from '@open-wc/testing'
import type { LedgerContribute } from '../../../components/contribute/contribute.js'

export const shadow = (element: LedgerContribute) => element.shadowRoot as ShadowRoot
export const textOf = (element: LedgerContribute) => shadow(element).textContent?.replace(/\s+/g, ' ').trim() ?? ''
export const statusOf = (element: LedgerContribute) =>
  shadow(element).querySelector('[role="status"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
export const $ = <T extends Element = HTMLElement>(element: LedgerContribute, selector: string) => {
  const found = shadow(element).querySelector<T & Element>(selector)
  if (!found) throw new Error(`nothing matches ${selector}; the widget reads: ${textOf(element)}`)
  return found as T
}
export const buttonNamed = (element: LedgerContribute, name: RegExp) => {
  const button = [...shadow(element).querySelectorAll('button')].find((b) => name.test(b.textContent ?? ''))
  if (!button) throw new Error(`no button ${name}; the widget reads: ${textOf(element)}`)
  return button
}
export const until = (element: LedgerContribute, condition: () => boolean, what: string) =>
  waitUntil(condition, `${what}; the widget reads: ${textOf(element)}`, { timeout: 20_000 })
export const sha256 = async (bytes: Uint8Array<ArrayBuffer>) =>
  `0x${[...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('')}`

export function type(input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string) {
  input.value = value
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }))
}

export async function enterText(element: LedgerContribute, text: string) {
  $<HTMLInputElement>(element, 'input[value="text"]').click()
  await element.updateComplete
  type($<HTMLTextAreaElement>(element, '#text'), text)
  await element.updateComplete
  buttonNamed(element, /Use this text/).click()
  await until(element, () => Boolean(shadow(element).querySelector('.file code')), 'the text was never fingerprinted')
  await until(element, () => !/Checking whether/.test(statusOf(element)), 'the duplicate check never finished')
}

export async function connect(element: LedgerContribute, walletName = 'Test Wallet') {
  await until(element, () => /Connect a wallet/.test(textOf(element)), 'no wallet picker')
  buttonNamed(element, new RegExp(walletName)).click()
  await until(element, () => /You are about to sign/.test(textOf(element)), 'the wallet never connected')
}
