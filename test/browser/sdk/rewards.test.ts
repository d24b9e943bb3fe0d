import { expect, waitUntil } from '@open-wc/testing'
import { type Address, encodeAbiParameters, erc20Abi, keccak256, toBytes } from 'viem'
import { readContract, waitForTransactionReceipt, writeContract } from 'viem/actions'
import { ledgerRewardTokenAbi, rewardDistributorAbi } from '../../../src/abis/index.js'
import { claimManyRewardsAndWait } from '../../../src/actions/rewards/claimManyRewards.js'
import { claimRewards, claimRewardsAndWait, waitForClaim } from '../../../src/actions/rewards/claimRewards.js'
import { fundRewards } from '../../../src/actions/rewards/fundRewards.js'
import { getClaimable } from '../../../src/actions/rewards/getClaimable.js'
import { getEpoch } from '../../../src/actions/rewards/getEpoch.js'
import { getEpochs } from '../../../src/actions/rewards/getEpochs.js'
import { getRewardHistory } from '../../../src/actions/rewards/getRewardHistory.js'
import { getRewardToken } from '../../../src/actions/rewards/getRewardToken.js'
import { proposeEpoch, proposeEpochAndWait } from '../../../src/actions/rewards/proposeEpoch.js'
import type { ConfirmationProgress } from '../../../src/client.js'
import { buildRewardTree, type RewardEntry } from '../../../src/rewards/buildRewardTree.js'
import {
  actors,
  clientOf,
  custom,
  forwardToNode,
  increaseTime,
  isolateChain,
  rejectsWith,
  served,
  testClient,
} from '../chain.js'

describe('SDK rewards actions, against the local chain', () => {
  isolateChain()
  const owner = clientOf(actors.owner)
  const attributor = clientOf(actors.attributor)
  const sponsor = clientOf(actors.stranger)
  const balanceOf = (account: Address) =>
    readContract(owner, { address: served.rewardToken, abi: erc20Abi, functionName: 'balanceOf', args: [account] })
  const manifest = (label: string) => ({ manifestHash: keccak256(toBytes(label)), manifestURI: `data:,${label}` })

  async function fundedBy(amount: bigint) {
    const minted = await writeContract(owner, {
      address: served.rewardToken,
      abi: ledgerRewardTokenAbi,
      functionName: 'mint',
      args: [actors.owner.address, amount],
      account: actors.owner,
      chain: owner.chain,
    })
    await waitForTransactionReceipt(owner, { hash: minted })
    await waitForTransactionReceipt(owner, { hash: await fundRewards(owner, { amount }) })
  }

  async function epochOf(entries: RewardEntry[], label: string) {
    const tree = buildRewardTree(entries)
    const total = entries.reduce((sum, e) => sum + e.amount, 0n)
    const proposed = await proposeEpochAndWait(attributor, {
      root: tree.root,
      cumulativeTotal: total,
      ...manifest(label),
    })
    return { tree, proposed }
  }

  it('funds the distributor, approving the token first when needed', async () => {
    await fundedBy(1_000n)
    const funded = await readContract(owner, {
      address: served.distributor,
      abi: rewardDistributorAbi,
      functionName: 'totalFunded',
    })
    expect(funded).to.equal(1_000n)
    expect(await balanceOf(served.distributor)).to.equal(1_000n)
  })

  it('proposes an epoch that is pending until its dispute window passes, then active', async () => {
    await fundedBy(1_000n)
    const { proposed } = await epochOf([{ account: actors.alice.address, amount: 1_000n }], 'epoch one')
    expect(proposed.activeAt.getTime()).to.be.greaterThan(Date.now() - 60_000)
    expect((await getEpoch(owner, { epochId: proposed.epochId }))?.status).to.equal('pending')
    await increaseTime(served.disputePeriod)
    const epoch = await getEpoch(owner, { epochId: proposed.epochId })
    expect(epoch?.status).to.equal('active')
    expect(epoch?.cumulativeTotal).to.equal(1_000n)
    expect(await getEpoch(owner, { epochId: 42 })).to.equal(null)
  })

  it('lists the epoch history with manifests and statuses, revoked ones included', async () => {
    await fundedBy(3_000n)
    await epochOf([{ account: actors.alice.address, amount: 1_000n }], 'first')
    await increaseTime(served.disputePeriod)
    const { proposed } = await epochOf([{ account: actors.alice.address, amount: 2_000n }], 'second')
    const guardian = clientOf(actors.guardian)
    await waitForTransactionReceipt(guardian, {
      hash: await writeContract(guardian, {
        address: served.distributor,
        abi: rewardDistributorAbi,
        functionName: 'revokeEpoch',
        args: [proposed.epochId],
        account: actors.guardian,
        chain: guardian.chain,
      }),
    })
    await epochOf([{ account: actors.alice.address, amount: 3_000n }], 'third')

    const history = await getEpochs(owner)
    expect(history.map((e) => [e.epochId, e.status, e.manifestURI])).to.deep.equal([
      [1, 'active', 'data:,first'],
      [2, 'revoked', 'data:,second'],
      [3, 'pending', 'data:,third'],
    ])
  })

  it('reads what an account can claim from the reward file, checked against the on-chain root', async () => {
    await fundedBy(1_500n)
    const { tree } = await epochOf(
      [
        { account: actors.alice.address, amount: 1_000n },
        { account: actors.bob.address, amount: 500n },
      ],
      'claimable',
    )
    const before = await getClaimable(owner, { account: actors.alice.address, rewardTree: tree.dump() })
    expect(before.epochId).to.equal(0, 'nothing is claimable during the dispute window')
    await increaseTime(served.disputePeriod)

    const url = `data:application/json,${encodeURIComponent(JSON.stringify(tree.dump()))}`
    const claimable = await getClaimable(owner, { account: actors.alice.address, rewardTree: url })
    expect(claimable).to.deep.include({ epochId: 1, cumulativeAmount: 1_000n, claimed: 0n, claimable: 1_000n })
    expect(claimable.proof).to.deep.equal(tree.getProof(actors.alice.address))
    const stranger = await getClaimable(owner, { account: actors.carol.address, rewardTree: tree.dump() })
    expect(stranger.claimable).to.equal(0n)
  })

  it('refuses a reward file that does not match the claimable epoch', async () => {
    await fundedBy(1_000n)
    await epochOf([{ account: actors.alice.address, amount: 1_000n }], 'real')
    await increaseTime(served.disputePeriod)
    const forged = buildRewardTree([{ account: actors.alice.address, amount: 1_000_000n }])
    await rejectsWith(
      getClaimable(owner, { account: actors.alice.address, rewardTree: forged.dump() }),
      'RewardTreeMismatchError',
    )
    await rejectsWith(
      getClaimable(owner, { account: actors.alice.address, rewardTree: `${served.rpcUrl}/missing.json` }),
      'RewardTreeUnavailableError',
    )
  })

  it('lets a sponsor claim for an account, pays the account, and shows the new state', async () => {
    await fundedBy(1_500n)
    const { tree } = await epochOf(
      [
        { account: actors.alice.address, amount: 1_000n },
        { account: actors.bob.address, amount: 500n },
      ],
      'sponsored',
    )
    await increaseTime(served.disputePeriod)
    const { cumulativeAmount, proof } = await getClaimable(owner, {
      account: actors.alice.address,
      rewardTree: tree.dump(),
    })
    const sponsorBefore = await balanceOf(actors.stranger.address)
    const paid = await claimRewardsAndWait(sponsor, { account: actors.alice.address, cumulativeAmount, proof })
    expect(paid.amount).to.equal(1_000n)
    expect(paid.caller).to.equal(actors.stranger.address)
    expect(await balanceOf(actors.alice.address)).to.equal(1_000n)
    expect(await balanceOf(actors.stranger.address)).to.equal(sponsorBefore)

    const after = await getClaimable(owner, { account: actors.alice.address, rewardTree: tree.dump() })
    expect(after).to.deep.include({ claimed: 1_000n, claimable: 0n })
    await rejectsWith(
      claimRewards(sponsor, { account: actors.alice.address, cumulativeAmount, proof }),
      'NothingToClaimError',
    )
  })

  it('claims for many accounts at once, skipping those already paid', async () => {
    await fundedBy(1_500n)
    const entries = [
      { account: actors.alice.address, amount: 1_000n },
      { account: actors.bob.address, amount: 500n },
    ]
    const { tree } = await epochOf(entries, 'many')
    await increaseTime(served.disputePeriod)
    const claims = entries.map((e) => ({
      account: e.account,
      cumulativeAmount: e.amount,
      proof: tree.getProof(e.account),
    }))
    await claimRewardsAndWait(sponsor, claims[1] as (typeof claims)[number])
    const paid = await claimManyRewardsAndWait(sponsor, { claims })
    expect(paid.map((p) => [p.account, p.amount])).to.deep.equal([[actors.alice.address, 1_000n]])
  })

  it('reads the reward token, and an account’s balance only when asked', async () => {
    await fundedBy(1_000n)
    const { tree } = await epochOf([{ account: actors.alice.address, amount: 400n }], 'token')
    await increaseTime(served.disputePeriod)
    await claimRewardsAndWait(sponsor, {
      account: actors.alice.address,
      cumulativeAmount: 400n,
      proof: tree.getProof(actors.alice.address),
    })

    const token = await getRewardToken(owner)
    expect(token).to.deep.equal({ address: served.rewardToken, symbol: 'LEDGER', decimals: 18 })
    const alices = await getRewardToken(owner, { account: actors.alice.address })
    expect(alices).to.deep.equal({ ...token, balance: 400n })
    expect((await getRewardToken(owner, { account: actors.carol.address })).balance).to.equal(0n)
  })

  it('shows a hostile token symbol inert: no direction overrides, no invisible characters, short', async () => {
    const symbolCall = '0x95d89b41'
    const hostile = '\u202eDEL\u200bGER<img src=x onerror="window.__symbolPwned=1">'
    const lying = clientOf(
      undefined,
      custom({
        request: async (request: { method: string; params?: unknown }) => {
          const [call] = (request.params ?? []) as [{ to?: string; data?: string }?]
          const asksSymbol =
            request.method === 'eth_call' &&
            call?.to?.toLowerCase() === served.rewardToken.toLowerCase() &&
            call.data === symbolCall
          return asksSymbol ? encodeAbiParameters([{ type: 'string' }], [hostile]) : forwardToNode(request)
        },
      }),
    )
    const { symbol } = await getRewardToken(lying)
    expect(symbol).to.equal('DELGER<img src=…')
    expect([...symbol]).to.have.length(16)
  })

  it('charts an account’s earnings per claimable epoch from reward files checked against the chain', async () => {
    await fundedBy(3_000n)
    const files = new Map<string, string>()
    const fetchFile = async (input: RequestInfo | URL) => {
      const body = files.get(String(input))
      return body === undefined ? new Response('not found', { status: 404 }) : new Response(body)
    }
    const publish = (epochId: number, entries: RewardEntry[]) =>
      files.set(`https://rewards.test/epochs/${epochId}/tree.json`, JSON.stringify(buildRewardTree(entries).dump()))
    const first = [{ account: actors.alice.address, amount: 1_000n }]
    const second = [
      { account: actors.alice.address, amount: 1_500n },
      { account: actors.bob.address, amount: 250n },
    ]
    await epochOf(first, 'history one')
    await increaseTime(served.disputePeriod)
    await epochOf(second, 'history two')
    await increaseTime(served.disputePeriod)
    await epochOf([{ account: actors.alice.address, amount: 3_000n }], 'history pending')
    publish(1, first)
    publish(2, second)
    const parameters = {
      account: actors.alice.address,
      template: 'https://rewards.test/epochs/{epoch}/tree.json',
      fetch: fetchFile as typeof fetch,
    }

    const history = await getRewardHistory(owner, parameters)
    expect(history.map(({ epochId, cumulativeAmount, earned }) => [epochId, cumulativeAmount, earned])).to.deep.equal([
      [1, 1_000n, 1_000n],
      [2, 1_500n, 500n],
    ])
    const bobs = await getRewardHistory(owner, { ...parameters, account: actors.bob.address })
    expect(bobs.map(({ earned }) => earned)).to.deep.equal([0n, 250n])

    publish(1, [{ account: actors.alice.address, amount: 1_000_000n }])
    const refused = await rejectsWith(getRewardHistory(owner, parameters), 'RewardTreeMismatchError')
    expect(refused.epochId).to.equal(1)
  })

  describe('waiting for a claim', () => {
    afterEach(() => testClient.setAutomine(true))

    async function claimableByAlice() {
      await fundedBy(1_000n)
      const { tree } = await epochOf([{ account: actors.alice.address, amount: 1_000n }], 'wait')
      await increaseTime(served.disputePeriod)
      return { account: actors.alice.address, cumulativeAmount: 1_000n, proof: tree.getProof(actors.alice.address) }
    }

    const confirmationsOf = (progress: ConfirmationProgress[]) =>
      progress.map((step) => (step.status === 'included' ? `${step.confirmations} of ${step.required}` : step.status))

    it('returns the payment once it is deep enough, following it through a reorganisation', async () => {
      const claim = await claimableByAlice()
      await testClient.setAutomine(false)
      const hash = await claimRewards(sponsor, claim)
      // The claim waits in the mempool: this snapshot is the chain a reorganisation will return to.
      const beforeBlock = await testClient.snapshot()
      const progress: ConfirmationProgress[] = []
      const waiting = waitForClaim(owner, hash, { confirmations: 2, onProgress: (step) => progress.push(step) })
      const seen = (steps: string[]) =>
        waitUntil(() => confirmationsOf(progress).join() === steps.join(), `never saw ${steps.join(', ')}`, {
          timeout: 25_000,
        })

      await testClient.mine({ blocks: 1 })
      await seen(['1 of 2'])
      await testClient.revert({ id: beforeBlock })
      await seen(['1 of 2', 'reorged'])
      expect(await balanceOf(actors.alice.address)).to.equal(0n, 'the reorganised chain has not paid')
      await testClient.mine({ blocks: 1 })
      await seen(['1 of 2', 'reorged', '1 of 2'])
      await testClient.mine({ blocks: 1 })

      const paid = await waiting
      expect(confirmationsOf(progress)).to.deep.equal(['1 of 2', 'reorged', '1 of 2', '2 of 2'])
      expect(paid).to.deep.include({
        hash,
        account: actors.alice.address,
        caller: actors.stranger.address,
        epochId: 1,
        amount: 1_000n,
        cumulativeClaimed: 1_000n,
      })
      const receipt = await waitForTransactionReceipt(owner, { hash })
      expect(paid.blockNumber).to.equal(receipt.blockNumber)
      expect(await balanceOf(actors.alice.address)).to.equal(1_000n)
    })

    it('says so when a reorganisation dropped the claim', async () => {
      const claim = await claimableByAlice()
      const beforeSend = await testClient.snapshot()
      const hash = await claimRewards(sponsor, claim)
      const progress: ConfirmationProgress[] = []
      const waiting = waitForClaim(owner, hash, { confirmations: 2, onProgress: (step) => progress.push(step) })
      await waitUntil(() => progress.length > 0, 'the claim was never seen mined', { timeout: 25_000 })

      // The reorganised chain never had the transaction.
      await testClient.revert({ id: beforeSend })
      const dropped = await rejectsWith(waiting, 'TransactionDroppedError')
      expect(dropped.hash).to.equal(hash)
      expect(confirmationsOf(progress)).to.deep.equal(['1 of 2', 'reorged'])
      expect(await balanceOf(actors.alice.address)).to.equal(0n)
    })
  })

  it('names the reason when a proposal is refused', async () => {
    await fundedBy(100n)
    const tree = buildRewardTree([{ account: actors.alice.address, amount: 1_000n }])
    await rejectsWith(
      proposeEpoch(attributor, { root: tree.root, cumulativeTotal: 1_000n, ...manifest('too much') }),
      'InsufficientFundingError',
    )
    await rejectsWith(
      proposeEpoch(clientOf(actors.alice), { root: tree.root, cumulativeTotal: 100n, ...manifest('not mine') }),
      'NotAttributorError',
    )
  })
})
