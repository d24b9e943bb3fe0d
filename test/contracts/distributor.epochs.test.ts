import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { parseEventLogs, zeroAddress, zeroHash } from 'viem'
import type { LedgerDeployment } from '../../scripts/lib/deploy.js'
import { rewardDistributorAbi, rewardDistributorBytecode } from '../../src/abis/index.js'
import { distributorOf, rewardTree } from './distributor.helpers.js'
import {
  actors,
  deploy,
  disputePeriod,
  expectRevert,
  loadFixture,
  mineAfter,
  nextBlockAfter,
  publicClient,
  write,
} from './fixture.js'

describe('RewardDistributor: funding and epochs', () => {
  let ledger: LedgerDeployment
  let rewards: ReturnType<typeof distributorOf>
  const read = <T>(functionName: string, args: unknown[] = []) =>
    publicClient.readContract({ ...rewards.contract, functionName, args } as never) as Promise<T>
  const first = rewardTree([
    { account: actors.alice.address, amount: 600n },
    { account: actors.bob.address, amount: 400n },
  ])

  beforeEach(async () => {
    ledger = await loadFixture()
    rewards = distributorOf(ledger.distributor, ledger.rewardToken)
  })

  it('credits funding from anyone and refuses zero', async () => {
    const receipt = await rewards.fund(1_000n, actors.carol)
    const [funded] = parseEventLogs({ abi: rewardDistributorAbi, eventName: 'Funded', logs: receipt.logs })
    assert.deepEqual(funded?.args, { funder: actors.carol.address, amount: 1_000n, totalFunded: 1_000n })
    assert.equal(await read('totalFunded'), 1_000n)
    assert.equal(await rewards.balanceOf(ledger.distributor), 1_000n)
    await expectRevert(
      write(actors.carol, { ...rewards.contract, functionName: 'fund', args: [0n] }),
      'RewardDistributorZeroAmount',
    )
  })

  it('proposes an epoch that becomes claimable only after the dispute period', async () => {
    await rewards.fund(1_000n)
    const receipt = await rewards.propose(first.root, first.total)
    const block = await publicClient.getBlock({ blockNumber: receipt.blockNumber })
    const activeAt = Number(block.timestamp) + disputePeriod
    const [proposed] = parseEventLogs({ abi: rewardDistributorAbi, eventName: 'EpochProposed', logs: receipt.logs })
    assert.equal(proposed?.args.epochId, 1)
    assert.equal(proposed?.args.activeAt, activeAt)
    assert.equal(proposed?.args.manifestURI, 'data:,manifest')
    assert.deepEqual(
      { ...(await read<object>('getEpoch', [1])), manifestHash: undefined },
      {
        root: first.root,
        manifestHash: undefined,
        cumulativeTotal: 1_000n,
        proposedAt: Number(block.timestamp),
        activeAt,
        revoked: false,
      },
    )
    assert.equal(await read('pendingEpochId'), 1)
    assert.equal(await read('currentEpochId'), 0)
    await mineAfter(disputePeriod)
    assert.equal(await read('currentEpochId'), 1, 'matured without anyone paying to activate it')
  })

  it('refuses proposals from non-attributors, with a zero root, or above funding', async () => {
    await rewards.fund(999n)
    await expectRevert(rewards.propose(first.root, first.total, 'm', actors.alice), 'RewardDistributorNotAttributor', [
      actors.alice.address,
    ])
    await expectRevert(rewards.propose(zeroHash, first.total), 'RewardDistributorInvalidRoot')
    await expectRevert(rewards.propose(first.root, 1_000n), 'RewardDistributorInsufficientFunding', [1_000n, 999n])
  })

  it('refuses a second proposal while one is in its dispute window, and a decreasing total after it', async () => {
    await rewards.fund(2_000n)
    await rewards.propose(first.root, first.total)
    await expectRevert(rewards.propose(first.root, 1_500n), 'RewardDistributorEpochPending', [1])
    await nextBlockAfter(disputePeriod)
    await expectRevert(rewards.propose(first.root, 999n), 'RewardDistributorCumulativeTotalDecreased', [1_000n, 999n])
    const receipt = await rewards.propose(first.root, 1_500n)
    const [activated] = parseEventLogs({ abi: rewardDistributorAbi, eventName: 'EpochActivated', logs: receipt.logs })
    assert.equal(activated?.args.epochId, 1, 'the matured epoch is recorded as active before the next one')
    assert.equal(await read('activeEpochId'), 1)
    assert.equal(await read('pendingEpochId'), 2)
  })

  it('lets anyone record a matured epoch as active, not before', async () => {
    await expectRevert(
      write(actors.stranger, { ...rewards.contract, functionName: 'acceptEpoch', args: [] }),
      'RewardDistributorNoPendingEpoch',
    )
    await rewards.fund(1_000n)
    const receipt = await rewards.propose(first.root, first.total)
    const block = await publicClient.getBlock({ blockNumber: receipt.blockNumber })
    await expectRevert(
      write(actors.stranger, { ...rewards.contract, functionName: 'acceptEpoch', args: [] }),
      'RewardDistributorDisputeWindowOpen',
      [1, block.timestamp + BigInt(disputePeriod)],
    )
    await nextBlockAfter(disputePeriod)
    await write(actors.stranger, { ...rewards.contract, functionName: 'acceptEpoch', args: [] })
    assert.equal(await read('activeEpochId'), 1)
    assert.equal(await read('pendingEpochId'), 0)
  })

  it('lets a guardian revoke the pending epoch during its window, and only then', async () => {
    await rewards.fund(1_000n)
    await rewards.propose(first.root, first.total)
    await expectRevert(
      write(actors.alice, { ...rewards.contract, functionName: 'revokeEpoch', args: [1] }),
      'RewardDistributorNotGuardian',
      [actors.alice.address],
    )
    await expectRevert(
      write(actors.guardian, { ...rewards.contract, functionName: 'revokeEpoch', args: [2] }),
      'RewardDistributorEpochNotPending',
      [2],
    )
    const receipt = await write(actors.guardian, { ...rewards.contract, functionName: 'revokeEpoch', args: [1] })
    const [revoked] = parseEventLogs({ abi: rewardDistributorAbi, eventName: 'EpochRevoked', logs: receipt.logs })
    assert.deepEqual(revoked?.args, { epochId: 1, guardian: actors.guardian.address })
    assert.equal((await read<{ revoked: boolean }>('getEpoch', [1])).revoked, true)
    await mineAfter(disputePeriod)
    assert.equal(await read('currentEpochId'), 0, 'a revoked epoch never becomes claimable')

    await rewards.propose(first.root, first.total, 'corrected')
    await nextBlockAfter(disputePeriod)
    await expectRevert(
      write(actors.guardian, { ...rewards.contract, functionName: 'revokeEpoch', args: [2] }),
      'RewardDistributorEpochNotPending',
      [2],
    )
  })

  it('lets a guardian pause and unpause proposals without touching balances', async () => {
    await rewards.fund(1_000n)
    await expectRevert(
      write(actors.alice, { ...rewards.contract, functionName: 'pause', args: [] }),
      'RewardDistributorNotGuardian',
    )
    await expectRevert(
      write(actors.guardian, { ...rewards.contract, functionName: 'unpause', args: [] }),
      'RewardDistributorNotPaused',
    )
    await write(actors.guardian, { ...rewards.contract, functionName: 'pause', args: [] })
    assert.equal(await read('paused'), true)
    await expectRevert(
      write(actors.guardian, { ...rewards.contract, functionName: 'pause', args: [] }),
      'RewardDistributorPaused',
    )
    await expectRevert(rewards.propose(first.root, first.total), 'RewardDistributorPaused')
    assert.equal(await read('totalFunded'), 1_000n)
    await write(actors.guardian, { ...rewards.contract, functionName: 'unpause', args: [] })
    await rewards.propose(first.root, first.total)
  })

  it('lets only the owner grant roles and set the dispute period, within bounds', async () => {
    await expectRevert(
      write(actors.alice, { ...rewards.contract, functionName: 'setAttributor', args: [actors.alice.address, true] }),
      'OwnableUnauthorizedAccount',
      [actors.alice.address],
    )
    await expectRevert(
      write(actors.owner, { ...rewards.contract, functionName: 'setAttributor', args: [zeroAddress, true] }),
      'RewardDistributorZeroAddress',
    )
    await expectRevert(
      write(actors.owner, { ...rewards.contract, functionName: 'setGuardian', args: [zeroAddress, true] }),
      'RewardDistributorZeroAddress',
    )
    await expectRevert(
      write(actors.owner, { ...rewards.contract, functionName: 'setDisputePeriod', args: [30 * 86_400 + 1] }),
      'RewardDistributorDisputePeriodTooLong',
      [30 * 86_400 + 1, 30 * 86_400],
    )
    await write(actors.owner, {
      ...rewards.contract,
      functionName: 'setAttributor',
      args: [actors.alice.address, true],
    })
    await write(actors.owner, { ...rewards.contract, functionName: 'setGuardian', args: [actors.bob.address, true] })
    await write(actors.owner, { ...rewards.contract, functionName: 'setDisputePeriod', args: [0] })
    assert.equal(await read('isAttributor', [actors.alice.address]), true)
    assert.equal(await read('isGuardian', [actors.bob.address]), true)

    await rewards.fund(1_000n)
    await rewards.propose(first.root, first.total, 'by alice', actors.alice)
    assert.equal(await read('currentEpochId'), 1, 'with no dispute period an epoch is claimable at once')

    await write(actors.owner, {
      ...rewards.contract,
      functionName: 'setAttributor',
      args: [actors.alice.address, false],
    })
    await expectRevert(
      rewards.propose(first.root, first.total, 'again', actors.alice),
      'RewardDistributorNotAttributor',
    )
  })

  it('refuses a zero token, a zero owner or an overlong dispute period at deployment', async () => {
    await expectRevert(
      deploy(actors.owner, {
        abi: rewardDistributorAbi,
        bytecode: rewardDistributorBytecode,
        args: [ledger.rewardToken, zeroAddress, 0],
      }),
      'OwnableInvalidOwner',
      [zeroAddress],
    )
    await expectRevert(
      deploy(actors.owner, {
        abi: rewardDistributorAbi,
        bytecode: rewardDistributorBytecode,
        args: [zeroAddress, actors.owner.address, 0],
      }),
      'RewardDistributorZeroAddress',
    )
    await expectRevert(
      deploy(actors.owner, {
        abi: rewardDistributorAbi,
        bytecode: rewardDistributorBytecode,
        args: [ledger.rewardToken, actors.owner.address, 30 * 86_400 + 1],
      }),
      'RewardDistributorDisputePeriodTooLong',
    )
  })
})
