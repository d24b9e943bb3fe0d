import { expect, fixture, html } from '@open-wc/testing'
import { sendKeys } from '@web/test-runner-commands'
import type { LedgerClaim } from '../../../components/claim/claim.js'
import '../../../components/claim/define.js'
import { createPasskeyAccount } from '../../../src/passkey/createPasskeyAccount.js'
import { actors, clientOf, isolateChain, served } from '../chain.js'
import { withAuthenticator } from '../passkey/authenticator.js'
import { RELAY } from '../relayTraffic.js'
import { screenshotBothSchemes } from '../screenshots.js'
import {
  amountsOf,
  balanceOf,
  claimedBy,
  fund,
  partOf,
  publishEpoch,
  statusOf,
  summaryOf,
  textOf,
  tokens,
  treeURL,
  until,
} from './claimFixtures.js'
import { countPrompts } from './passkeyFixtures.js'

const reader = clientOf()
const bob = actors.bob.address

const buttonNamed = (element: Element, name: RegExp) => {
  const button = [...(element.shadowRoot?.querySelectorAll('button') ?? [])].find((b) => name.test(b.textContent ?? ''))
  if (!button) throw new Error(`no button ${name}; the widget reads: ${textOf(element)}`)
  return button
}
const fill = (element: Element, id: string, value: string) => {
  const input = element.shadowRoot?.querySelector<HTMLInputElement>(`#${id}`)
  if (!input) throw new Error(`no #${id}; the widget reads: ${textOf(element)}`)
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true }))
}
const sendStatusOf = (element: Element) =>
  partOf(element, 'send')?.querySelector('[role="status"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? ''

/** Forbidden on these screens outside the "details" disclosures: words only an engineer knows. */
const JARGON = /\b(gas|nonce|EIP|ERC|wei|signature|transaction hash)\b/i
const mainText = (element: Element) => {
  const copy = document.createElement('div')
  for (const child of element.shadowRoot?.children ?? []) copy.append(child.cloneNode(true))
  for (const details of copy.querySelectorAll('details')) details.remove()
  return copy.textContent?.replace(/\s+/g, ' ') ?? ''
}

describe('<ledger-claim> with a passkey (Chromium’s virtual authenticator, the local chain, the real relay)', () => {
  isolateChain()
  withAuthenticator()
  let prompts: ReturnType<typeof countPrompts>
  afterEach(() => prompts?.restore())

  /** A passkey account that earned 1,500.25 tokens, claimable now; it has never been used on-chain. */
  async function passkeyEarner() {
    const { address } = await createPasskeyAccount(reader, { name: 'ada@example.org' })
    await fund(tokens('10000'))
    const { tree } = await publishEpoch([
      { account: address, amount: tokens('1500.25') },
      { account: bob, amount: tokens('500') },
    ])
    return { address, tree }
  }

  async function signIn(claim: LedgerClaim) {
    await until(() => partOf(claim, 'passkey-button') !== null, 'no passkey choice')
    partOf(claim, 'passkey-button')?.click()
    await until(() => /Use a passkey you already have/.test(textOf(claim)), 'no first-use explanation')
    buttonNamed(claim, /Use a passkey you already have/).click()
    await until(() => /Your contributor account/.test(textOf(claim)), 'the passkey account never opened')
  }

  it('claims for a passkey account with no prompt, and sends on after showing the amount and the recipient', async () => {
    const { address, tree } = await passkeyEarner()
    const claim = await fixture<LedgerClaim>(
      html`<ledger-claim rpc-url=${served.rpcUrl} chain-id="31337" relay-url=${RELAY}
        reward-tree=${treeURL(tree)}></ledger-claim>`,
    )
    await until(() => partOf(claim, 'passkey-button') !== null, 'no passkey choice')
    expect(textOf(claim).indexOf('Continue with a passkey')).to.be.lessThan(textOf(claim).indexOf('Connect a wallet'))
    await expect(claim).to.be.accessible()
    await signIn(claim)
    await until(() => partOf(claim, 'claim-button') !== null, 'no claim button')
    expect(amountsOf(claim)['Ready to claim']).to.equal('1,500.25 LEDGER')
    expect(summaryOf(claim)).to.include({ 'Cost to you': 'Nothing: the platform pays' })
    expect(mainText(claim)).not.to.match(JARGON)
    await expect(claim).to.be.accessible()
    await screenshotBothSchemes('claim-passkey-ready', 'ledger-claim')

    prompts = countPrompts()
    partOf(claim, 'claim-button')?.click()
    await until(() => /Claimed 1,500.25 LEDGER/.test(statusOf(claim)), 'never claimed')
    expect(prompts.total, 'claiming asks nothing of the passkey').to.equal(0)
    expect(await balanceOf(address)).to.equal(tokens('1500.25'))
    expect(await claimedBy(address)).to.equal(tokens('1500.25'))
    expect(amountsOf(claim).Balance).to.equal('1,500.25 LEDGER')
    expect(mainText(claim)).not.to.match(JARGON)
    await expect(claim).to.be.accessible()

    // Sending: typed by keyboard, reviewed, then the one prompt.
    fill(claim, 'send-to', bob)
    fill(claim, 'send-amount', '100.5')
    buttonNamed(claim, /^\s*Review\s*$/).focus()
    await sendKeys({ press: 'Enter' })
    await until(() => partOf(claim, 'send-button') !== null, 'no review of the send')
    const review = partOf(claim, 'send')?.textContent?.replace(/\s+/g, ' ') ?? ''
    expect(review).to.include('100.5 LEDGER')
    expect(review).to.include(bob)
    expect(prompts.total, 'nothing is signed before the person has seen the amount and the recipient').to.equal(0)
    expect(mainText(claim)).not.to.match(JARGON)
    await expect(claim).to.be.accessible()
    await screenshotBothSchemes('claim-passkey-send-review', 'ledger-claim')

    const bobBefore = await balanceOf(bob)
    partOf(claim, 'send-button')?.click()
    await until(() => /Sent 100.5 LEDGER/.test(sendStatusOf(claim)), 'never sent')
    expect(prompts.counts, 'sending is one passkey prompt').to.deep.equal({ create: 0, get: 1 })
    expect(await balanceOf(bob)).to.equal(bobBefore + tokens('100.5'))
    expect(await balanceOf(address)).to.equal(tokens('1399.75'))
    expect(amountsOf(claim).Balance, 'the balance is read again').to.equal('1,399.75 LEDGER')
    expect(mainText(claim)).not.to.match(JARGON)
    await expect(claim).to.be.accessible()
    await screenshotBothSchemes('claim-passkey-sent', 'ledger-claim')
  })

  it('refuses a send it cannot make before any prompt, saying why beside the field', async () => {
    const { tree } = await passkeyEarner()
    const claim = await fixture<LedgerClaim>(
      html`<ledger-claim rpc-url=${served.rpcUrl} chain-id="31337" relay-url=${RELAY}
        reward-tree=${treeURL(tree)}></ledger-claim>`,
    )
    await signIn(claim)
    await until(() => partOf(claim, 'claim-button') !== null, 'no claim button')
    partOf(claim, 'claim-button')?.click()
    await until(() => /Claimed/.test(statusOf(claim)), 'never claimed')
    prompts = countPrompts()

    fill(claim, 'send-to', 'not an address')
    fill(claim, 'send-amount', '99999')
    buttonNamed(claim, /^\s*Review\s*$/).click()
    await until(() => claim.shadowRoot?.querySelector('#send-to-error') !== null, 'no error beside the recipient')
    expect(claim.shadowRoot?.querySelector('#send-to-error')?.textContent).to.include('Enter the recipient’s address')
    expect(claim.shadowRoot?.querySelector('#send-amount-error')?.textContent).to.include('more than you have')
    expect(claim.shadowRoot?.activeElement?.id).to.equal('send-to')
    expect(partOf(claim, 'send-button')).to.equal(null)
    expect(prompts.total).to.equal(0)
    await expect(claim).to.be.accessible()
  })
})
