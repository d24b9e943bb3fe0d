import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { parseEventLogs } from 'viem'
import type { LedgerDeployment } from '../../scripts/lib/deploy.js'
import { rewardDistributorAbi, rewardDistributorBytecode } from '../../src/abis/index.js'
import { distributorOf, rewardTree } from './distributor.helpers.js'
import {
  actors,
  deploy,
  disputePeriod,
  expectRevert,
  loadFixture,
  nextBlockAfter,
  publicClient,
  write,
} from './fixture.js'

describe('RewardDistributor: claims', () => {
  let ledger: LedgerDeployment
  let rewards: ReturnType<typeof distributorOf>
  const claimed = (account: `0x${string}`) =>
    publicClient.readContract({ ...rewards.contract, functionName: 'claimed', args: [account] })
  const epoch1 = rewardTree([
    { account: actors.alice.address, amount: 600n },
    { account: actors.bob.address, amount: 400n },
  ])
  const epoch2 = rewardTree([
    { account: actors.alice.address, amount: 900n },
    { account: actors.bob.address, amount: 700n },
    { account: actors.carol.address, amount: 400n },
  ])

  beforeEach(async () => {
    ledger = await loadFixture()
    rewards = distributorOf(ledger.distributor, ledger.rewardToken)
    await rewards.fund(5_000n)
  })

  it('has nothing to claim before an epoch matures', async () => {
    await rewards.propose(epoch1.root, epoch1.total)
    await expectRevert(rewards.claim(epoch1, actors.alice.address, 600n), 'RewardDistributorNoActiveEpoch')
  })

  it('pays the account, whoever sends the claim and pays its gas', async () => {
    await rewards.propose(epoch1.root, epoch1.total)
    await nextBlockAfter(disputePeriod)
    const sponsorBefore = await rewards.balanceOf(actors.stranger.address)
    const receipt = await rewards.claim(epoch1, actors.alice.address, 600n, actors.stranger)

    const [event] = parseEventLogs({ abi: rewardDistributorAbi, eventName: 'Claimed', logs: receipt.logs })
    assert.deepEqual(event?.args, {
      account: actors.alice.address,
      epochId: 1,
      caller: actors.stranger.address,
      amount: 600n,
      cumulativeClaimed: 600n,
    })
    assert.equal(await rewards.balanceOf(actors.alice.address), 600n)
    assert.equal(await rewards.balanceOf(actors.stranger.address), sponsorBefore)
    assert.equal(await claimed(actors.alice.address), 600n)
    assert.equal(await publicClient.readContract({ ...rewards.contract, functionName: 'totalClaimed' }), 600n)
  })

  it('refuses a second claim of the same cumulative amount', async () => {
    await rewards.propose(epoch1.root, epoch1.total)
    await nextBlockAfter(disputePeriod)
    await rewards.claim(epoch1, actors.alice.address, 600n)
    await expectRevert(rewards.claim(epoch1, actors.alice.address, 600n), 'RewardDistributorNothingToClaim', [
      actors.alice.address,
      600n,
      600n,
    ])
  })

  it('refuses a wrong amount or a proof used for another account', async () => {
    await rewards.propose(epoch1.root, epoch1.total)
    await nextBlockAfter(disputePeriod)
    const aliceProof = epoch1.proofOf(actors.alice.address)
    await expectRevert(
      write(actors.alice, {
        ...rewards.contract,
        functionName: 'claim',
        args: [actors.alice.address, 601n, aliceProof],
      }),
      'RewardDistributorInvalidProof',
      [actors.alice.address, 601n],
    )
    await expectRevert(
      write(actors.carol, {
        ...rewards.contract,
        functionName: 'claim',
        args: [actors.carol.address, 600n, aliceProof],
      }),
      'RewardDistributorInvalidProof',
    )
  })

  it('keeps paying from the old root during a dispute window, then pays only the increase from the new one', async () => {
    await rewards.propose(epoch1.root, epoch1.total, 'epoch 1')
    await nextBlockAfter(disputePeriod)
    await rewards.claim(epoch1, actors.alice.address, 600n)
    await rewards.propose(epoch2.root, epoch2.total, 'epoch 2')

    await expectRevert(rewards.claim(epoch2, actors.alice.address, 900n), 'RewardDistributorInvalidProof')
    await rewards.claim(epoch1, actors.bob.address, 400n)

    await nextBlockAfter(disputePeriod)
    await rewards.claim(epoch2, actors.alice.address, 900n)
    await rewards.claim(epoch2, actors.bob.address, 700n)
    await expectRevert(rewards.claim(epoch1, actors.alice.address, 600n), 'RewardDistributorInvalidProof')
    assert.equal(await rewards.balanceOf(actors.alice.address), 900n)
    assert.equal(await rewards.balanceOf(actors.bob.address), 700n)
  })

  it('keeps the old root after a guardian revokes the new one', async () => {
    await rewards.propose(epoch1.root, epoch1.total, 'epoch 1')
    await nextBlockAfter(disputePeriod)
    await rewards.propose(epoch2.root, epoch2.total, 'epoch 2')
    await write(actors.guardian, { ...rewards.contract, functionName: 'revokeEpoch', args: [2] })
    await nextBlockAfter(disputePeriod)
    await expectRevert(rewards.claim(epoch2, actors.carol.address, 400n), 'RewardDistributorInvalidProof')
    await rewards.claim(epoch1, actors.alice.address, 600n)
    assert.equal(await rewards.balanceOf(actors.alice.address), 600n)
  })

  it('stops claims while paused and resumes them with nothing lost', async () => {
    await rewards.propose(epoch1.root, epoch1.total)
    await nextBlockAfter(disputePeriod)
    await write(actors.guardian, { ...rewards.contract, functionName: 'pause', args: [] })
    await expectRevert(rewards.claim(epoch1, actors.alice.address, 600n), 'RewardDistributorPaused')
    await expectRevert(
      write(actors.stranger, {
        ...rewards.contract,
        functionName: 'claimMany',
        args: [
          [{ account: actors.alice.address, cumulativeAmount: 600n, proof: epoch1.proofOf(actors.alice.address) }],
        ],
      }),
      'RewardDistributorPaused',
    )
    assert.equal(await claimed(actors.alice.address), 0n)
    assert.equal(await rewards.balanceOf(ledger.distributor), 5_000n)
    await write(actors.guardian, { ...rewards.contract, functionName: 'unpause', args: [] })
    await rewards.claim(epoch1, actors.alice.address, 600n)
    assert.equal(await rewards.balanceOf(actors.alice.address), 600n)
  })

  it('pays many claims in one transaction, skipping those already paid', async () => {
    await rewards.propose(epoch2.root, epoch2.total)
    await nextBlockAfter(disputePeriod)
    await rewards.claim(epoch2, actors.bob.address, 700n)
    const claims = [actors.alice, actors.bob, actors.carol].map(({ address }) => ({
      account: address,
      cumulativeAmount: address === actors.alice.address ? 900n : address === actors.bob.address ? 700n : 400n,
      proof: epoch2.proofOf(address),
    }))
    const receipt = await write(actors.stranger, { ...rewards.contract, functionName: 'claimMany', args: [claims] })
    const events = parseEventLogs({ abi: rewardDistributorAbi, eventName: 'Claimed', logs: receipt.logs })
    assert.deepEqual(
      events.map((e) => [e.args.account, e.args.amount]),
      [
        [actors.alice.address, 900n],
        [actors.carol.address, 400n],
      ],
    )
    assert.equal(await rewards.balanceOf(actors.bob.address), 700n)

    const forged = [{ ...claims[0], cumulativeAmount: 901n }] as typeof claims
    await expectRevert(
      write(actors.stranger, { ...rewards.contract, functionName: 'claimMany', args: [forged] }),
      'RewardDistributorInvalidProof',
    )
  })

  it('answers what a proof would pay now, without paying it', async () => {
    await rewards.propose(epoch1.root, epoch1.total, 'epoch 1')
    await nextBlockAfter(disputePeriod)
    await rewards.claim(epoch1, actors.alice.address, 600n)
    await rewards.propose(epoch2.root, epoch2.total, 'epoch 2')
    await nextBlockAfter(disputePeriod)
    await write(actors.stranger, { ...rewards.contract, functionName: 'acceptEpoch', args: [] })
    const claimable = (account: `0x${string}`, amount: bigint) =>
      publicClient.readContract({
        ...rewards.contract,
        functionName: 'claimable',
        args: [account, amount, epoch2.proofOf(account)],
      })
    assert.equal(await claimable(actors.alice.address, 900n), 300n)
    assert.equal(await claimable(actors.carol.address, 400n), 400n)
    await expectRevert(claimable(actors.carol.address, 401n), 'RewardDistributorInvalidProof')
  })

  it('never pays more than the epoch total, even from an inconsistent tree', async () => {
    const overcommitted = rewardTree([
      { account: actors.alice.address, amount: 800n },
      { account: actors.bob.address, amount: 800n },
    ])
    await rewards.propose(overcommitted.root, 1_000n)
    await nextBlockAfter(disputePeriod)
    await rewards.claim(overcommitted, actors.alice.address, 800n)
    await expectRevert(rewards.claim(overcommitted, actors.bob.address, 800n), 'RewardDistributorEpochTotalExceeded', [
      1,
      1_000n,
    ])
  })

  it('makes a proof for one distributor useless on another', async () => {
    const other = await deploy(actors.owner, {
      abi: rewardDistributorAbi,
      bytecode: rewardDistributorBytecode,
      args: [ledger.rewardToken, actors.owner.address, disputePeriod],
    })
    await write(actors.owner, {
      address: other,
      abi: rewardDistributorAbi,
      functionName: 'setAttributor',
      args: [actors.attributor.address, true],
    })
    const otherRewards = distributorOf(other, ledger.rewardToken)
    await otherRewards.fund(5_000n)
    const otherTree = rewardTree([
      { account: actors.carol.address, amount: 1_000n },
      { account: actors.alice.address, amount: 1n },
    ])
    await otherRewards.propose(otherTree.root, otherTree.total)
    await rewards.propose(epoch1.root, epoch1.total)
    await nextBlockAfter(disputePeriod)

    await expectRevert(
      write(actors.alice, {
        address: other,
        abi: rewardDistributorAbi,
        functionName: 'claim',
        args: [actors.alice.address, 600n, epoch1.proofOf(actors.alice.address)],
      }),
      'RewardDistributorInvalidProof',
    )
    await otherRewards.claim(otherTree, actors.carol.address, 1_000n)
    assert.equal(await rewards.balanceOf(actors.carol.address), 1_000n)
  })
})
