import { expect, fixture, html } from '@open-wc/testing'
import { sendKeys } from '@web/test-runner-commands'
import { getCode, readContract } from 'viem/actions'
import type { LedgerContribute } from '../../../components/contribute/contribute.js'
import '../../../components/contribute/define.js'
import { isSigner } from '../../../src/abis/passkeyAccount.js'
import { createDatanetAndWait } from '../../../src/actions/registry/createDatanet.js'
import { getContributionByHash } from '../../../src/actions/registry/getContributionByHash.js'
import { createPasskeyAccount } from '../../../src/passkey/createPasskeyAccount.js'
import { actors, clientOf, isolateChain, served } from '../chain.js'
import { addAuthenticator, withAuthenticator } from '../passkey/authenticator.js'
import { RELAY } from '../relayTraffic.js'
import { screenshotBothSchemes } from '../screenshots.js'
import { $, buttonNamed, enterText, sha256, shadow, statusOf, textOf, type, until } from './contributeDriver.js'
import { countPrompts, predictedAccount, signersOn } from './passkeyFixtures.js'

const reader = clientOf()

describe('<ledger-contribute> with a passkey (Chromium’s virtual authenticator, the local chain, the real relay)', () => {
  isolateChain()
  const device = withAuthenticator()
  let datanetId: number
  let prompts: ReturnType<typeof countPrompts>
  beforeEach(async () => {
    ;({ datanetId } = await createDatanetAndWait(clientOf(actors.owner), { metadataURI: 'data:,passkeys' }))
    prompts = countPrompts()
  })
  afterEach(() => prompts.restore())

  const mount = (relayUrl = RELAY) =>
    fixture<LedgerContribute>(
      html`<ledger-contribute datanet-id=${datanetId} rpc-url=${served.rpcUrl} chain-id="31337"
        relay-url=${relayUrl}></ledger-contribute>`,
    )

  it('offers the passkey first, says in plain words what it does, and registers with exactly one prompt', async () => {
    const element = await mount()
    const text = 'A review written by someone with no wallet at all.'
    await enterText(element, text)
    type($<HTMLInputElement>(element, '#name'), 'A review')

    const choices = [...shadow(element).querySelectorAll('[part~="passkey-button"], [part~="wallet-button"]')]
    expect(choices[0]?.textContent?.trim(), 'the first way in').to.equal('Continue with a passkey')
    await expect(element).to.be.accessible()
    await screenshotBothSchemes('contribute-passkey-choice', 'ledger-contribute')

    buttonNamed(element, /Continue with a passkey/).click()
    await until(element, () => /Create my account/.test(textOf(element)), 'no first-use explanation')
    expect(textOf(element)).to.include('This creates your contributor account on this device')
    expect(textOf(element)).to.include('You do not need a wallet or any crypto')
    expect(prompts.total, 'nothing is asked of the device before the person chooses').to.equal(0)
    await expect(element).to.be.accessible()
    await screenshotBothSchemes('contribute-passkey-intro', 'ledger-contribute')

    buttonNamed(element, /Create my account/).click()
    await until(element, () => /Register with my passkey/.test(textOf(element)), 'the account was never opened')
    expect(prompts.counts).to.deep.equal({ create: 1, get: 0 })
    const [signer] = await signersOn(device.authenticator)
    const account = await predictedAccount(signer as `0x${string}`)
    expect(textOf(element)).to.include(`Your contributor account: ${account.slice(0, 6)}`)
    expect(textOf(element), 'a synced passkey needs no warning').not.to.include('you lose access')
    await expect(element).to.be.accessible()
    await screenshotBothSchemes('contribute-passkey-ready', 'ledger-contribute')

    $<HTMLButtonElement>(element, '[part="submit"]').click()
    await until(element, () => /Registered\./.test(statusOf(element)), 'the contribution was never registered')
    expect(prompts.counts, 'registering is one passkey prompt').to.deep.equal({ create: 1, get: 1 })

    const contentHash = await sha256(new TextEncoder().encode(text))
    const onChain = await getContributionByHash(reader, { contentHash: contentHash as `0x${string}` })
    expect(onChain?.contributor, 'registered to the account the passkey controls').to.equal(account)
    expect(await getCode(reader, { address: account }), 'the relay created the account').to.match(/^0x[0-9a-f]{2,}/)
    await expect(element).to.be.accessible()
    await screenshotBothSchemes('contribute-passkey-registered', 'ledger-contribute')
  })

  it('finds the account of a passkey the person already has, on a device that never used it', async () => {
    const created = await createPasskeyAccount(reader, { name: 'ada@example.org' })
    const [synced] = await device.authenticator.credentials()
    // A new device: the passkey arrives there synced, and nothing else is known about it.
    await device.authenticator.remove()
    device.authenticator = await addAuthenticator()
    await device.authenticator.addCredential(synced as NonNullable<typeof synced>)
    prompts.restore()
    prompts = countPrompts()

    const element = await mount()
    await enterText(element, 'From my new laptop.')
    buttonNamed(element, /Continue with a passkey/).click()
    await until(element, () => /Use a passkey you already have/.test(textOf(element)), 'no way to use a passkey')
    buttonNamed(element, /Use a passkey you already have/).click()
    await until(element, () => /Register with my passkey/.test(textOf(element)), 'the account was never found')
    expect(prompts.counts.create, 'no new passkey').to.equal(0)
    expect(shadow(element).querySelector('details dd')?.textContent).to.equal(created.address)
    await expect(element).to.be.accessible()
  })

  it('says plainly when the device could not confirm it was the person, and registers nothing', async () => {
    const element = await mount()
    const text = 'Signed by nobody.'
    await enterText(element, text)
    type($<HTMLInputElement>(element, '#name'), 'Nobody')
    buttonNamed(element, /Continue with a passkey/).click()
    await until(element, () => /Create my account/.test(textOf(element)), 'no first-use explanation')
    buttonNamed(element, /Create my account/).click()
    await until(element, () => /Register with my passkey/.test(textOf(element)), 'the account was never opened')

    await device.authenticator.setUserVerified(false)
    $<HTMLButtonElement>(element, '[part="submit"]').click()
    await until(element, () => /Not registered\./.test(statusOf(element)), 'no failure shown')
    expect(statusOf(element)).to.include('your device could not confirm it was you. Nothing was signed.')
    expect(buttonNamed(element, /Try again/)).to.exist
    const contentHash = await sha256(new TextEncoder().encode(text))
    expect(await getContributionByHash(reader, { contentHash: contentHash as `0x${string}` })).to.equal(null)
    await expect(element).to.be.accessible()
  })

  it('opens the account again on a later visit without a prompt, until the person signs out', async () => {
    const first = await mount()
    await enterText(first, 'First visit.')
    buttonNamed(first, /Continue with a passkey/).click()
    await until(first, () => /Create my account/.test(textOf(first)), 'no first-use explanation')
    buttonNamed(first, /Create my account/).click()
    await until(first, () => /Register with my passkey/.test(textOf(first)), 'the account was never opened')
    const account = shadow(first).querySelector('details dd')?.textContent
    first.remove()

    prompts.restore()
    prompts = countPrompts()
    const later = await mount()
    await enterText(later, 'A later visit.')
    await until(later, () => /Register with my passkey/.test(textOf(later)), 'the account was not opened again')
    expect(shadow(later).querySelector('details dd')?.textContent).to.equal(account)
    expect(prompts.total, 'opening the account asks nothing of the passkey').to.equal(0)

    buttonNamed(later, /Sign out/).click()
    await until(later, () => /Continue with a passkey/.test(textOf(later)), 'still signed in')
    later.remove()
    const afterSignOut = await mount()
    await enterText(afterSignOut, 'After signing out.')
    expect(textOf(afterSignOut)).to.include('Continue with a passkey')
    expect(textOf(afterSignOut)).not.to.include('Your contributor account')
  })

  it('warns plainly when the passkey stays on this device, and adds another device', async () => {
    await device.authenticator.remove()
    device.authenticator = await addAuthenticator({ backupEligible: false })
    const element = await mount()
    await enterText(element, 'Made on a device whose passkeys are not synced.')
    buttonNamed(element, /Continue with a passkey/).click()
    await until(element, () => /Create my account/.test(textOf(element)), 'no first-use explanation')
    buttonNamed(element, /Create my account/).click()
    await until(element, () => /Register with my passkey/.test(textOf(element)), 'the account was never opened')
    expect(textOf(element)).to.include(
      'This passkey stays on this device only. If you lose this device, you lose access to your account, unless you add another device.',
    )
    await expect(element).to.be.accessible()
    await screenshotBothSchemes('contribute-passkey-device-bound', 'ledger-contribute')

    // Keyboard only: the add-device button is reached and pressed like any other.
    const add = buttonNamed(element, /Add another device/)
    add.focus()
    await sendKeys({ press: 'Enter' })
    await until(element, () => /your other device can now open this account/.test(textOf(element)), 'never added')
    expect(textOf(element)).to.include('The passkey you just added stays on the device that made it.')

    // The authenticator lists its passkeys in no set order: the account is the one created on-chain (by adding).
    const signers = await signersOn(device.authenticator)
    expect(signers).to.have.length(2)
    const accounts = await Promise.all(signers.map((signer) => predictedAccount(signer)))
    const created = await Promise.all(
      accounts.map(async (address) => (await getCode(reader, { address })) !== undefined),
    )
    expect(created.filter(Boolean), 'one account, created when the device was added').to.have.length(1)
    const index = created.indexOf(true)
    const account = accounts[index] as `0x${string}`
    const first = signers[index]
    const second = signers[1 - index]
    expect(textOf(element)).to.include(`Your contributor account: ${account.slice(0, 6)}`)
    const holds = (signer: string) =>
      readContract(reader, {
        address: account,
        abi: [isSigner],
        functionName: 'isSigner',
        args: [signer as `0x${string}`],
      })
    expect(await holds(second as string), 'the new passkey signs for the same account').to.equal(true)
    expect(await holds(first as string)).to.equal(true)
    await expect(element).to.be.accessible()
  })
})
