/**
 * The whole loop for someone with no wallet, through `npm start`'s demo in the system Chromium with a virtual
 * platform authenticator (DevTools WebAuthn: a real passkey, user verification, resident key): create a passkey and
 * contribute (the relay deploys the contributor account and registers the contribution to it) → run an epoch → claim
 * with no prompt → send some of it on with one prompt. Every step is checked on-chain, and the authenticator's
 * signature counter shows how many prompts each step needed. It runs on a desktop window and on a 390×844 phone.
 * Screenshots go to test-artifacts/e2e/.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser, CDPSession, Page } from 'playwright-core'
import { type Address, formatUnits, getAddress, type Hex, sha256, toBytes } from 'viem'
import { getCode, readContract } from 'viem/actions'
import { formatAmount } from '../../components/claim/tokenAmount.js'
import { chromiumPath } from '../../scripts/lib/cdnHarness.js'
import * as token from '../../src/abis/ledgerRewardToken.js'
import { getContributionByHash } from '../../src/actions/registry/getContributionByHash.js'
import { getCurrentEpochId } from '../../src/actions/rewards/getEpoch.js'
import { E2E_ARTIFACTS, startDemoInChromium } from '../support/demoInChromium.js'

const executablePath = chromiumPath()
const recipient: Address = '0x00000000000000000000000000000000000a11ce'
// Each run contributes its own review: a near-copy of the other would, rightly, earn nothing.
const viewports = [
  {
    label: 'desktop',
    viewport: { width: 1280, height: 900 },
    review: 'Arrived two days early, well packed, and it works exactly as described. Very happy.',
  },
  {
    label: 'phone',
    viewport: { width: 390, height: 844 },
    review: 'Great little speaker: loud, clear sound and the battery lasts the whole weekend.',
  },
] as const

type Demo = Awaited<ReturnType<typeof startDemoInChromium>>
let demo: Demo['demo']
let close: Demo['close'] | undefined
let browser: Browser

before(async () => {
  if (!executablePath) return
  ;({ demo, browser, close } = await startDemoInChromium(executablePath, 'passkey'))
})

after(() => close?.())

const balanceOf = (account: Address) =>
  readContract(demo.ledger.reader, {
    address: demo.deployment.rewardToken as Hex,
    abi: [token.balanceOf],
    functionName: 'balanceOf',
    args: [account],
  })

/** A platform authenticator that verifies its user, as Touch ID or Windows Hello does, with no one to click. */
async function addAuthenticator(cdp: CDPSession) {
  await cdp.send('WebAuthn.enable', { enableUI: false })
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  })
  /** Prompts answered so far: creating a passkey and every signature with it move its counter by one. */
  return async () => {
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId })
    return { passkeys: credentials.length, prompts: credentials.reduce((sum, c) => sum + c.signCount, 0) }
  }
}

for (const { label, viewport, review } of viewports) {
  describe(`a contributor with a passkey and no wallet (${label}, ${viewport.width}×${viewport.height})`, {
    skip: !executablePath && 'no Chromium',
  }, () => {
    let page: Page
    let authenticator: () => Promise<{ passkeys: number; prompts: number }>
    let account: Address
    let earned: bigint
    const shot = (step: string) =>
      page.screenshot({ path: join(E2E_ARTIFACTS, `passkey-${label}-${step}.png`), fullPage: true })

    before(async () => {
      const context = await browser.newContext({ viewport })
      page = await context.newPage()
      authenticator = await addAuthenticator(await context.newCDPSession(page))
    })

    it('creates a passkey and contributes: the relay deploys the account and registers the file to it', async () => {
      const contentHash = sha256(toBytes(review))
      await page.goto(demo.url)
      const contribute = page.locator('ledger-contribute')
      await contribute.locator('input[type=file]').setInputFiles({
        name: 'review.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(review),
      })
      await contribute.locator('#name').fill('A passkey contributor')
      await contribute.locator('#tags').fill('positive')
      await contribute.getByRole('button', { name: 'Continue with a passkey' }).click()
      await contribute.getByText('You do not need a wallet or any crypto').waitFor()
      await shot('1-first-use')
      await contribute.getByRole('button', { name: 'Create my account' }).click()
      await contribute.getByRole('button', { name: 'Register with my passkey' }).click()
      await contribute.getByRole('status').getByText('Registered.').waitFor()
      await shot('2-registered')

      const registered = await getContributionByHash(demo.ledger.reader, {
        contentHash,
        deployment: demo.ledger.deployment,
      })
      assert.ok(registered, 'the contribution is registered on-chain')
      account = registered.contributor
      assert.ok(await getCode(demo.ledger.reader, { address: account }), 'the relay deployed the contributor account')
      assert.deepEqual(
        await authenticator(),
        { passkeys: 1, prompts: 2 },
        'one prompt to create the passkey, one to register',
      )
    })

    it('runs an epoch in which the new contribution earns rewards for the account', async () => {
      const epochBefore = await getCurrentEpochId(demo.ledger.reader, { deployment: demo.ledger.deployment })
      await page.goto(`${demo.url}/attribution.html`)
      await page.getByRole('button', { name: 'Run a new epoch' }).click()
      await page.getByText(`Epoch #${epochBefore + 1} is claimable.`).waitFor({ timeout: 60_000 })
      const manifest = demo.ledger.manifests.at(-1)
      assert.equal(manifest?.epochId, epochBefore + 1)
      earned = BigInt(manifest.cumulative.find((row) => row.account === account)?.amount ?? 0)
      assert.ok(earned > 0n, 'the passkey account has earned rewards')
    })

    it('claims with no prompt: the relay pays, and the balance rises by exactly the claimable amount', async () => {
      await page.goto(`${demo.url}/rewards.html`)
      const claim = page.locator('ledger-claim')
      const amount = formatAmount(earned, { symbol: 'LEDGER', decimals: 18 })
      await claim.getByRole('button', { name: `Claim ${amount}` }).waitFor()
      await shot('3-claimable')
      await claim.getByRole('button', { name: `Claim ${amount}` }).click()
      await claim.getByRole('status').getByText(`Claimed ${amount}.`).waitFor()
      await shot('4-claimed')
      assert.equal(await balanceOf(account), earned)
      assert.deepEqual(await authenticator(), { passkeys: 1, prompts: 2 }, 'claiming asked for no passkey')
    })

    it('sends part of it on after showing the amount and the recipient, with one prompt', async () => {
      const sent = earned / 3n
      const recipientBefore = await balanceOf(recipient)
      const claim = page.locator('ledger-claim')
      await claim.getByLabel('Recipient’s address').fill(recipient)
      await claim.getByLabel('Amount (LEDGER)').fill(formatUnits(sent, 18))
      await claim.getByRole('button', { name: 'Review' }).click()
      const summary = claim.locator('[part~="send"]')
      await summary
        .getByText(formatAmount(sent, { symbol: 'LEDGER', decimals: 18 }))
        .first()
        .waitFor()
      await summary.getByText(getAddress(recipient)).waitFor()
      assert.equal((await authenticator()).prompts, 2, 'nothing is signed before the person confirms')
      await shot('5-send-review')
      await claim.getByRole('button', { name: 'Send with my passkey' }).click()
      await claim.getByText(/^Sent /).waitFor()
      await shot('6-sent')
      assert.equal(await balanceOf(account), earned - sent, 'the account paid exactly what it sent')
      assert.equal((await balanceOf(recipient)) - recipientBefore, sent, 'the recipient got exactly that')
      assert.deepEqual(await authenticator(), { passkeys: 1, prompts: 3 }, 'sending asked once')
    })
  })
}
