import { expect, fixture, html, oneEvent } from '@open-wc/testing'
import { sendKeys } from '@web/test-runner-commands'
import '../../../components/claim/define.js'
import '../../../components/provider/define.js'
import type { LedgerClaimedEvent } from '../../../components/claim/claim.events.js'
import type { LedgerClaim } from '../../../components/claim/claim.js'
import type { LedgerErrorEvent } from '../../../components/shared/events.js'
import { claimRewardsAndWait } from '../../../src/actions/rewards/claimRewards.js'
import { buildRewardTree } from '../../../src/rewards/buildRewardTree.js'
import { actors, clientOf, custom, forwardToNode, isolateChain, served } from '../chain.js'
import { screenshotBothSchemes } from '../screenshots.js'
import { type TestWallet, testWallet } from '../testWallet.js'
import {
  activate,
  amountsOf,
  balanceOf,
  claimedBy,
  fund,
  partOf,
  proposeEpoch,
  publishEpoch,
  revokeEpoch,
  rewardHost,
  statusOf,
  summaryOf,
  textOf,
  tokens,
  treeURL,
  until,
} from './claimFixtures.js'

const alice = actors.alice.address
const bob = actors.bob.address

describe('<ledger-claim>', () => {
  isolateChain()
  const reader = clientOf()
  let stopAnnouncing: (() => void)[] = []
  afterEach(() => {
    for (const stop of stopAnnouncing) stop()
    stopAnnouncing = []
  })

  /** A wallet extension in the page, backed by a local test key. */
  function walletOf(signer = actors.alice, options: Parameters<typeof testWallet>[1] = {}): TestWallet {
    const wallet = testWallet(signer, options)
    stopAnnouncing.push(wallet.announce())
    return wallet
  }

  const settled = (claim: LedgerClaim) =>
    until(() => !/Loading rewards/.test(statusOf(claim)) && statusOf(claim) !== '', 'the widget never settled')

  async function connect(claim: LedgerClaim) {
    await until(() => partOf(claim, 'wallet-button') !== null, 'no wallet to pick')
    partOf(claim, 'wallet-button')?.click()
    await until(() => partOf(claim, 'claim-button') !== null, 'no claim button after connecting')
  }

  /** Alice's 1,500.25 tokens, claimable now, in a funded distributor. */
  async function aliceCanClaim() {
    await fund(tokens('10000'))
    return publishEpoch([
      { account: alice, amount: tokens('1500.25') },
      { account: bob, amount: tokens('500') },
    ])
  }

  it('shows the claimable amount in the token’s own symbol and decimals, configured by attributes alone', async () => {
    const { tree } = await aliceCanClaim()
    const claim = await fixture<LedgerClaim>(
      html`<ledger-claim
        rpc-url=${served.rpcUrl}
        chain-id="31337"
        account=${alice}
        reward-tree=${treeURL(tree)}
      ></ledger-claim>`,
    )
    await settled(claim)
    expect(amountsOf(claim)).to.deep.equal({
      'Ready to claim': '1,500.25 LEDGER',
      'Claimed so far': '0 LEDGER',
      Balance: '0 LEDGER',
    })
    expect(statusOf(claim)).to.equal('● 1,500.25 LEDGER ready to claim.')
    await expect(claim).to.be.accessible()
  })

  it('charts what the account earned in each epoch, from files checked against the on-chain roots', async () => {
    const host = rewardHost()
    try {
      await fund(tokens('10000'))
      const first = await publishEpoch([{ account: alice, amount: tokens('1000') }])
      const second = await publishEpoch([
        { account: alice, amount: tokens('1500') },
        { account: bob, amount: tokens('250') },
      ])
      host.publish(first.epochId, first.tree)
      host.publish(second.epochId, second.tree)
      const claim = await fixture<LedgerClaim>(
        html`<ledger-claim
          .client=${reader}
          account=${alice}
          reward-shards="https://rewards.test/epochs/${second.epochId}/shards.json"
          reward-history="https://rewards.test/epochs/{epoch}/tree.json"
        ></ledger-claim>`,
      )
      await until(() => partOf(claim, 'history') !== null, 'no history')
      expect(amountsOf(claim)['Ready to claim']).to.equal('1,500 LEDGER')
      const rows = [...(partOf(claim, 'history')?.querySelectorAll('tbody tr') ?? [])].map((row) =>
        [...row.children].map((cell) => cell.textContent?.trim()),
      )
      expect(rows).to.deep.equal([
        ['1', '1,000 LEDGER', '1,000 LEDGER'],
        ['2', '500 LEDGER', '1,500 LEDGER'],
      ])
      const chart = partOf(claim, 'chart')
      const heights = [...(chart?.querySelectorAll('rect') ?? [])].map((bar) => Number(bar.getAttribute('height')))
      expect(heights).to.have.length(2)
      expect((heights[0] ?? 0) / (heights[1] ?? 1)).to.be.closeTo(2, 0.01, 'the bars are in proportion')
      const labels = [...(chart?.querySelectorAll('text.value') ?? [])].map((label) => label.textContent)
      expect(labels).to.deep.equal(['1K', '500'])
      expect(chart?.getAttribute('aria-hidden')).to.equal('true', 'screen readers get the table instead')
      expect(partOf(claim, 'history')?.querySelector('figcaption')?.textContent).to.equal('Earned per epoch')
      await expect(claim).to.be.accessible()
    } finally {
      host.close()
    }
  })

  it('refuses reward files that do not match the chain, and shows no number from them', async () => {
    const host = rewardHost()
    try {
      const { tree } = await aliceCanClaim()
      const forged = buildRewardTree([{ account: alice, amount: tokens('1000000') }])
      const claim = await fixture<LedgerClaim>(
        html`<ledger-claim .client=${reader} account=${alice} reward-tree=${treeURL(forged)}></ledger-claim>`,
      )
      await settled(claim)
      expect(statusOf(claim)).to.contain('✕ Rewards could not be loaded.')
      expect(statusOf(claim)).to.contain('does not match epoch 1 on-chain')
      expect(textOf(claim)).not.to.contain('1,000,000')
      expect(partOf(claim, 'retry-button')?.textContent?.trim()).to.equal('Reload')

      host.publish(1, forged)
      const history = await fixture<LedgerClaim>(
        html`<ledger-claim
          .client=${reader}
          account=${alice}
          reward-tree=${treeURL(tree)}
          reward-history="https://rewards.test/epochs/{epoch}/tree.json"
        ></ledger-claim>`,
      )
      await until(() => /history could not be loaded/.test(textOf(history)), 'the forged history was not refused')
      expect(textOf(history)).to.contain('does not match epoch 1 on-chain')
      expect(partOf(history, 'history')).to.equal(null)
      expect(amountsOf(history)['Ready to claim']).to.equal('1,500.25 LEDGER', 'the claim itself still works')
    } finally {
      host.close()
    }
  })

  it('shows the network, the contract and the amount before the wallet is asked to sign', async () => {
    const { tree } = await aliceCanClaim()
    const wallet = walletOf(actors.alice)
    const claim = await fixture<LedgerClaim>(
      html`<ledger-claim .client=${reader} reward-tree=${treeURL(tree)}></ledger-claim>`,
    )
    expect(statusOf(claim)).to.equal('Connect a wallet to see your rewards.')
    await connect(claim)
    expect(summaryOf(claim)).to.deep.equal({
      Network: 'Hardhat (31337)',
      Contract: served.distributor,
      Amount: '1,500.25 LEDGER',
      'Paid to': `${alice} (you)`,
      'Network fee paid by': `${alice} (you)`,
    })
    expect(partOf(claim, 'summary')?.checkVisibility()).to.equal(true)
    expect(wallet.calls).not.to.include('eth_sendTransaction')
    expect(partOf(claim, 'claim-button')?.textContent?.trim()).to.equal('Claim 1,500.25 LEDGER')
  })

  it('claims: confirmed, paid on-chain, and the new state read back from the chain', async () => {
    const { tree } = await aliceCanClaim()
    walletOf(actors.alice)
    const claim = await fixture<LedgerClaim>(
      html`<ledger-claim
        .client=${reader}
        reward-tree=${treeURL(tree)}
        explorer-url="https://explorer.example"
      ></ledger-claim>`,
    )
    await connect(claim)
    const before = await balanceOf(alice)
    const claimed = oneEvent(claim, 'ledger-claimed') as Promise<LedgerClaimedEvent>
    partOf(claim, 'claim-button')?.click()
    const event = await claimed

    expect(await claimedBy(alice)).to.equal(tokens('1500.25'))
    expect((await balanceOf(alice)) - before).to.equal(tokens('1500.25'))
    expect(event).to.be.instanceOf(Event)
    expect([event.account, event.amount, event.epochId, event.bubbles, event.composed]).to.deep.equal([
      alice,
      tokens('1500.25'),
      1,
      true,
      true,
    ])
    expect(event.transactionHash).to.match(/^0x[0-9a-f]{64}$/)
    expect(statusOf(claim)).to.contain('✓ Claimed 1,500.25 LEDGER.')
    expect(amountsOf(claim)).to.deep.equal({
      'Ready to claim': '0 LEDGER',
      'Claimed so far': '1,500.25 LEDGER',
      Balance: '1,500.25 LEDGER',
    })
    const link = claim.shadowRoot?.querySelector<HTMLAnchorElement>('[role="status"] a')
    expect(link?.href).to.equal(`https://explorer.example/tx/${event.transactionHash}`)
    expect(partOf(claim, 'claim-button')).to.equal(null, 'nothing is left to claim')
    await expect(claim).to.be.accessible()
  })

  it('lets a platform pay the gas: the tokens go to the account, none to the sponsor', async () => {
    const { tree } = await aliceCanClaim()
    walletOf(actors.relayer)
    const claim = await fixture<LedgerClaim>(
      html`<ledger-claim .client=${reader} account=${alice} reward-tree=${treeURL(tree)}></ledger-claim>`,
    )
    await connect(claim)
    expect(summaryOf(claim)).to.deep.include({
      'Paid to': alice,
      'Network fee paid by': `${actors.relayer.address} (you)`,
    })
    const [aliceBefore, sponsorBefore] = await Promise.all([balanceOf(alice), balanceOf(actors.relayer.address)])
    const claimed = oneEvent(claim, 'ledger-claimed') as Promise<LedgerClaimedEvent>
    partOf(claim, 'claim-button')?.click()
    expect((await claimed).account).to.equal(alice)
    expect((await balanceOf(alice)) - aliceBefore).to.equal(tokens('1500.25'))
    expect(await balanceOf(actors.relayer.address)).to.equal(sponsorBefore)
    expect(amountsOf(claim)['Ready to claim']).to.equal('0 LEDGER')
  })

  it('claims through WalletConnect, loaded only when chosen', async () => {
    const { tree } = await aliceCanClaim()
    const moduleUrl = new URL('../fixtures/walletConnectModule.ts', import.meta.url).href
    const claim = await fixture<LedgerClaim>(
      html`<ledger-claim
        .client=${reader}
        account=${alice}
        reward-tree=${treeURL(tree)}
        walletconnect-project-id="demo-project"
        walletconnect-module-url=${moduleUrl}
      ></ledger-claim>`,
    )
    await settled(claim)
    const choices = [...(claim.shadowRoot?.querySelectorAll<HTMLButtonElement>('[part="wallet-button"]') ?? [])]
    choices.find((button) => button.textContent?.trim() === 'WalletConnect')?.click()
    await until(() => partOf(claim, 'claim-button') !== null, 'WalletConnect never connected')
    expect(textOf(claim)).to.contain('Connected with WalletConnect')
    const claimed = oneEvent(claim, 'ledger-claimed')
    partOf(claim, 'claim-button')?.click()
    await claimed
    expect(await claimedBy(alice)).to.equal(tokens('1500.25'))
  })

  it('says so when the wallet declines, and claims on retry', async () => {
    const { tree } = await aliceCanClaim()
    const wallet = walletOf(actors.alice)
    const claim = await fixture<LedgerClaim>(
      html`<ledger-claim .client=${reader} reward-tree=${treeURL(tree)}></ledger-claim>`,
    )
    await connect(claim)
    wallet.rejectNext()
    const failure = oneEvent(claim, 'ledger-error') as Promise<LedgerErrorEvent>
    partOf(claim, 'claim-button')?.click()
    expect((await failure).error.name).to.equal('UserRejectedError')
    await until(() => /Not claimed/.test(statusOf(claim)), 'no failure shown')
    expect(statusOf(claim)).to.equal('✕ Not claimed. You declined the request in your wallet. Nothing was sent.')
    expect(await claimedBy(alice)).to.equal(0n)
    await expect(claim).to.be.accessible()

    const claimed = oneEvent(claim, 'ledger-claimed')
    partOf(claim, 'retry-button')?.click()
    await claimed
    expect(await claimedBy(alice)).to.equal(tokens('1500.25'))
    expect(statusOf(claim)).to.match(/^✓ Claimed 1,500.25 LEDGER\. transaction 0x/)
  })

  it('moves a wallet on another network to the right one before sending', async () => {
    const { tree } = await aliceCanClaim()
    const wallet = walletOf(actors.alice, { chainId: 1 })
    const claim = await fixture<LedgerClaim>(
      html`<ledger-claim .client=${reader} reward-tree=${treeURL(tree)}></ledger-claim>`,
    )
    await connect(claim)
    expect(textOf(claim)).to.contain('Your wallet is on another network. This needs Hardhat.')
    const claimed = oneEvent(claim, 'ledger-claimed')
    partOf(claim, 'claim-button')?.click()
    await claimed
    expect(wallet.chainId).to.equal(31337)
    expect(wallet.calls).to.include('wallet_switchEthereumChain')
    expect(await claimedBy(alice)).to.equal(tokens('1500.25'))
  })

  it('has nothing to claim before any epoch, and when the only epoch was revoked', async () => {
    await fund(tokens('10000'))
    const { tree, epochId } = await proposeEpoch([{ account: alice, amount: tokens('1500.25') }])
    const early = await fixture<LedgerClaim>(
      html`<ledger-claim .client=${reader} account=${alice} reward-tree=${treeURL(tree)}></ledger-claim>`,
    )
    await settled(early)
    expect(statusOf(early)).to.equal('○ Nothing to claim right now.')
    expect(amountsOf(early)['Ready to claim']).to.equal('0 LEDGER')
    await expect(early).to.be.accessible()

    await revokeEpoch(epochId)
    await activate()
    const revoked = await fixture<LedgerClaim>(
      html`<ledger-claim .client=${reader} account=${alice} reward-tree=${treeURL(tree)}></ledger-claim>`,
    )
    await settled(revoked)
    expect(statusOf(revoked)).to.equal('○ Nothing to claim right now.')
    expect(partOf(revoked, 'claim-button')).to.equal(null)
  })

  it('is accessible while it loads', async () => {
    const { tree } = await aliceCanClaim()
    let release = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const slow = clientOf(
      undefined,
      custom({
        request: async (request: { method: string; params?: unknown }) => {
          await gate
          return forwardToNode(request)
        },
      }),
    )
    const claim = await fixture<LedgerClaim>(
      html`<ledger-claim .client=${slow} account=${alice} reward-tree=${treeURL(tree)}></ledger-claim>`,
    )
    expect(statusOf(claim)).to.equal('⋯ Loading rewards…')
    expect(amountsOf(claim)['Ready to claim']).to.equal('—')
    await expect(claim).to.be.accessible()
    release()
    await settled(claim)
    expect(amountsOf(claim)['Ready to claim']).to.equal('1,500.25 LEDGER')
  })

  it('works with the keyboard alone', async () => {
    const { tree } = await aliceCanClaim()
    walletOf(actors.alice)
    const claim = await fixture<LedgerClaim>(
      html`<ledger-claim .client=${reader} reward-tree=${treeURL(tree)}></ledger-claim>`,
    )
    await until(() => partOf(claim, 'wallet-button') !== null, 'no wallet to pick')
    claim.focus()
    expect(claim.shadowRoot?.activeElement).to.equal(partOf(claim, 'wallet-button'), 'focus goes inside')
    await sendKeys({ press: 'Enter' })
    await until(() => partOf(claim, 'claim-button') !== null, 'Enter did not connect the wallet')
    const button = partOf(claim, 'claim-button')
    for (let presses = 0; presses < 10 && claim.shadowRoot?.activeElement !== button; presses++) {
      await sendKeys({ press: 'Tab' })
    }
    expect(claim.shadowRoot?.activeElement).to.equal(button, 'Tab reaches the claim button')
    const claimed = oneEvent(claim, 'ledger-claimed')
    await sendKeys({ press: 'Space' })
    await claimed
    expect(await claimedBy(alice)).to.equal(tokens('1500.25'))
  })

  it('takes its chain and its text from a <ledger-provider>, its own text winning', async () => {
    const { tree } = await aliceCanClaim()
    const provider = await fixture(
      html`<ledger-provider rpc-url=${served.rpcUrl} chain-id="31337" .strings=${{ claimTitle: 'Your earnings', claimBalance: 'Wallet' }}>
        <ledger-claim account=${alice} reward-tree=${treeURL(tree)} .strings=${{ claimBalance: 'In your wallet' }}></ledger-claim>
      </ledger-provider>`,
    )
    const claim = provider.querySelector('ledger-claim') as LedgerClaim
    await settled(claim)
    expect(claim.shadowRoot?.querySelector('h2')?.textContent).to.equal('Your earnings')
    expect(amountsOf(claim)).to.deep.include({ 'Ready to claim': '1,500.25 LEDGER', 'In your wallet': '0 LEDGER' })
  })

  it('shows hostile input as text, never as markup or a script link', async () => {
    const { tree } = await aliceCanClaim()
    const hostile = '<img src=x onerror="window.__claimPwned=1">'
    const bad = await fixture<LedgerClaim>(
      html`<ledger-claim .client=${reader} account=${hostile} reward-tree=${treeURL(tree)}></ledger-claim>`,
    )
    expect(statusOf(bad)).to.equal('✕ The account to show is not an address.')

    walletOf(actors.alice)
    const claim = await fixture<LedgerClaim>(
      html`<ledger-claim
        .client=${reader}
        reward-tree=${treeURL(tree)}
        explorer-url="javascript:window.__claimPwned=1//"
        .strings=${{ claimTitle: hostile }}
      ></ledger-claim>`,
    )
    await connect(claim)
    expect(claim.shadowRoot?.querySelector('h2')?.textContent).to.equal(hostile)
    const claimed = oneEvent(claim, 'ledger-claimed')
    partOf(claim, 'claim-button')?.click()
    await claimed
    expect(claim.shadowRoot?.querySelector('[role="status"] a')).to.equal(null, 'no javascript: link')
    expect(statusOf(claim)).to.match(/transaction 0x/)
    for (const widget of [bad, claim]) expect(widget.shadowRoot?.querySelector('img')).to.equal(null)
    expect((window as { __claimPwned?: number }).__claimPwned).to.equal(undefined)
  })

  it('looks right with a history, ready to claim, failed and confirmed, in light and dark', async () => {
    const host = rewardHost()
    try {
      await fund(tokens('100000'))
      const epochs = [
        [{ account: alice, amount: tokens('1200') }],
        [{ account: alice, amount: tokens('3150.5') }],
        [{ account: alice, amount: tokens('3900') }],
        [{ account: alice, amount: tokens('6420.75') }],
      ]
      for (const entries of epochs) {
        const { epochId, tree } = await publishEpoch(entries)
        host.publish(epochId, tree)
        // Alice claimed once already, after epoch 2.
        if (epochId === 2) {
          const cumulativeAmount = tree.amountOf(alice) ?? 0n
          await claimRewardsAndWait(clientOf(actors.alice), {
            account: alice,
            cumulativeAmount,
            proof: tree.getProof(alice),
          })
        }
      }
      const wallet = walletOf(actors.alice)
      const claim = await fixture<LedgerClaim>(
        html`<ledger-claim
          .client=${reader}
          reward-shards="https://rewards.test/epochs/4/shards.json"
          reward-history="https://rewards.test/epochs/{epoch}/shards.json"
          explorer-url="https://explorer.example"
        ></ledger-claim>`,
      )
      await connect(claim)
      await until(() => partOf(claim, 'history') !== null, 'no history')
      await screenshotBothSchemes('claim-ready', 'ledger-claim')
      wallet.rejectNext()
      partOf(claim, 'claim-button')?.click()
      await until(() => partOf(claim, 'retry-button') !== null, 'no failure')
      await screenshotBothSchemes('claim-failed', 'ledger-claim')
      const claimed = oneEvent(claim, 'ledger-claimed')
      partOf(claim, 'retry-button')?.click()
      await claimed
      await screenshotBothSchemes('claim-confirmed', 'ledger-claim')
    } finally {
      host.close()
    }
  })
})
