import { expect, fixture, html } from '@open-wc/testing'
import { sendKeys } from '@web/test-runner-commands'
import { type Address, hashMessage } from 'viem'
import { getBlockNumber, readContract } from 'viem/actions'
import type { LedgerClaim } from '../../../components/claim/claim.js'
import '../../../components/claim/define.js'
import { isValidSignature } from '../../../src/abis/passkeyAccount.js'
import { createPasskeyAccount } from '../../../src/passkey/createPasskeyAccount.js'
import { getPasskeySigners } from '../../../src/passkey/getPasskeySigners.js'
import { toPasskeyAccount } from '../../../src/passkey/toPasskeyAccount.js'
import { actors, clientOf, isolateChain, served } from '../chain.js'
import { addAuthenticator, type VirtualCredential, withAuthenticator } from '../passkey/authenticator.js'
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
import { countPrompts, publicKeyOf } from './passkeyFixtures.js'

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

/** The authenticator's passkey that created its account (user handle kind 1) or was added to it later (kind 2). */
const passkeyOf = (passkeys: VirtualCredential[], kind: 1 | 2) => {
  const passkey = passkeys.find(({ userHandle }) => atob(userHandle ?? '').charCodeAt(0) === kind)
  if (!passkey) throw new Error(`no passkey of kind ${kind} among ${passkeys.length}`)
  return passkey
}

/** Whether `address`'s contract accepts a message signed with `passkey` (one prompt), checked by the account itself. */
async function signsFor(address: Address, passkey: VirtualCredential) {
  const credential = { id: passkey.credentialId, publicKey: await publicKeyOf(passkey.privateKey) }
  const account = await toPasskeyAccount(reader, { credential, address })
  const message = 'Still mine?'
  const signature = await account.signMessage({ message })
  const answer = await readContract(reader, {
    address,
    abi: [isValidSignature],
    functionName: 'isValidSignature',
    args: [hashMessage(message), signature],
  })
  return answer === '0x1626ba7e'
}

describe('<ledger-claim> with a passkey (Chromium’s virtual authenticator, the local chain, the real relay)', () => {
  isolateChain()
  const device = withAuthenticator()
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
    await until(() => /Your contributor account: /.test(textOf(claim)), 'the passkey account never opened')
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

  it('removes this device after showing what stays, and never the account’s last device', async () => {
    const { address, tree } = await passkeyEarner()
    const mount = () =>
      fixture<LedgerClaim>(
        html`<ledger-claim rpc-url=${served.rpcUrl} chain-id="31337" relay-url=${RELAY}
          reward-tree=${treeURL(tree)}></ledger-claim>`,
      )
    const claim = await mount()
    await signIn(claim)
    prompts = countPrompts()

    buttonNamed(claim, /Add another device/).click()
    await until(() => /your other device can now open this account/.test(textOf(claim)), 'never added')
    expect(prompts.counts, 'adding: create the passkey there, confirm here').to.deep.equal({ create: 1, get: 1 })
    const laptop = passkeyOf(await device.authenticator.credentials(), 1)
    const phone = passkeyOf(await device.authenticator.credentials(), 2)
    const phoneSigner = `${served.webAuthnVerifier}${(await publicKeyOf(phone.privateKey)).slice(2)}`.toLowerCase()
    expect(await getPasskeySigners(reader, { address })).to.have.length(2)

    // What stays is shown before the prompt.
    buttonNamed(claim, /^\s*Remove this device\s*$/).click()
    await until(() => /Remove this device from your account\?/.test(textOf(claim)), 'no review of the removal')
    expect(textOf(claim)).to.include('This device’s passkey will no longer open your contributor account')
    expect(textOf(claim)).to.include('Your other device still opens it, and your contributions and rewards stay')
    expect(prompts.total, 'nothing is asked of the device before the person has seen what stays').to.equal(2)
    expect(mainText(claim)).not.to.match(JARGON)
    await expect(claim).to.be.accessible()
    await screenshotBothSchemes('claim-passkey-remove-review', 'ledger-claim')

    buttonNamed(claim, /Yes, remove this device/).click()
    await until(() => /this device no longer opens your contributor account/.test(textOf(claim)), 'never removed')
    expect(prompts.counts, 'removing is one passkey prompt').to.deep.equal({ create: 1, get: 2 })
    expect(textOf(claim), 'the account is forgotten here').to.include('Continue with a passkey')
    expect(textOf(claim)).not.to.include('Your contributor account:')
    expect(mainText(claim)).not.to.match(JARGON)
    await expect(claim).to.be.accessible()
    await screenshotBothSchemes('claim-passkey-removed', 'ledger-claim')

    // On-chain: only the phone's passkey signs for the account; the laptop's is refused by the account itself.
    expect(await getPasskeySigners(reader, { address })).to.deep.equal([phoneSigner])
    expect(await signsFor(address, phone), 'the remaining passkey still signs').to.equal(true)
    expect(await signsFor(address, laptop), 'the removed passkey no longer signs').to.equal(false)

    // On the phone, the only device left: removing it is refused, with no prompt and nothing sent.
    claim.remove()
    await device.authenticator.remove()
    device.authenticator = await addAuthenticator()
    await device.authenticator.addCredential(phone)
    const onPhone = await mount()
    await signIn(onPhone)
    expect(onPhone.shadowRoot?.querySelector('details dd')?.textContent, 'the phone opens the account').to.equal(
      address,
    )
    prompts.restore()
    prompts = countPrompts()
    const block = await getBlockNumber(reader)
    buttonNamed(onPhone, /^\s*Remove this device\s*$/).click()
    await until(() => /This is the only device that opens your account/.test(textOf(onPhone)), 'not refused')
    expect(textOf(onPhone)).to.include(
      'so it cannot be removed: you would lose your account. Add another device first.',
    )
    expect(textOf(onPhone)).not.to.include('Yes, remove this device')
    expect(prompts.total, 'no prompt').to.equal(0)
    expect(await getBlockNumber(reader), 'nothing sent').to.equal(block)
    expect(await getPasskeySigners(reader, { address })).to.deep.equal([phoneSigner])
    expect(mainText(onPhone)).not.to.match(JARGON)
    await expect(onPhone).to.be.accessible()
    await screenshotBothSchemes('claim-passkey-remove-last', 'ledger-claim')
  })
})
