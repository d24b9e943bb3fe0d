import { expect } from '@open-wc/testing'
import { type Address, erc20Abi, keccak256, toBytes } from 'viem'
import { readContract, waitForTransactionReceipt, writeContract } from 'viem/actions'
import { ledgerRewardTokenAbi, rewardDistributorAbi } from '../../../src/abis/index.js'
import { claimManyRewardsAndWait } from '../../../src/actions/rewards/claimManyRewards.js'
import { claimRewards, claimRewardsAndWait } from '../../../src/actions/rewards/claimRewards.js'
import { fundRewards } from '../../../src/actions/rewards/fundRewards.js'
import { getClaimable } from '../../../src/actions/rewards/getClaimable.js'
import { getEpoch } from '../../../src/actions/rewards/getEpoch.js'
import { getEpochs } from '../../../src/actions/rewards/getEpochs.js'
import { proposeEpoch, proposeEpochAndWait } from '../../../src/actions/rewards/proposeEpoch.js'
import { buildRewardTree, type RewardEntry } from '../../../src/rewards/buildRewardTree.js'
import { actors, clientOf, increaseTime, isolateChain, rejectsWith, served } from '../chain.js'

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
