import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { type Address, encodeFunctionData, maxUint128 } from 'viem'
import type { LedgerDeployment } from '../../scripts/lib/deploy.js'
import { ledgerRewardTokenAbi, rewardDistributorAbi, rewardDistributorBytecode } from '../../src/abis/index.js'
import {
  falseReturningTokenMockAbi,
  falseReturningTokenMockBytecode,
  feeOnTransferTokenMockAbi,
  feeOnTransferTokenMockBytecode,
  reentrantTokenMockAbi,
  reentrantTokenMockBytecode,
} from '../abis/index.js'
import { rewardTree } from './distributor.helpers.js'
import { actors, deploy, expectRevert, loadFixture, publicClient, write } from './fixture.js'

describe('RewardDistributor: hostile tokens', () => {
  let ledger: LedgerDeployment
  beforeEach(async () => {
    ledger = await loadFixture()
  })

  /** A distributor over `token` with no dispute period, whose attributor is the usual one. */
  async function distributorFor(token: Address) {
    const address = await deploy(actors.owner, {
      abi: rewardDistributorAbi,
      bytecode: rewardDistributorBytecode,
      args: [token, actors.owner.address, 0],
    })
    await write(actors.owner, {
      address,
      abi: rewardDistributorAbi,
      functionName: 'setAttributor',
      args: [actors.attributor.address, true],
    })
    return { address, abi: rewardDistributorAbi } as const
  }

  it('credits a fee-on-transfer token by what arrived, so it never promises the fee', async () => {
    const token = await deploy(actors.owner, {
      abi: feeOnTransferTokenMockAbi,
      bytecode: feeOnTransferTokenMockBytecode,
      args: [],
    })
    const distributor = await distributorFor(token)
    const erc20 = { address: token, abi: feeOnTransferTokenMockAbi } as const
    await write(actors.owner, { ...erc20, functionName: 'mint', args: [actors.owner.address, 1_000n] })
    await write(actors.owner, { ...erc20, functionName: 'approve', args: [distributor.address, 1_000n] })
    await write(actors.owner, { ...distributor, functionName: 'fund', args: [1_000n] })
    assert.equal(await publicClient.readContract({ ...distributor, functionName: 'totalFunded' }), 990n)

    const tree = rewardTree([
      { account: actors.alice.address, amount: 990n },
      { account: actors.bob.address, amount: 10n },
    ])
    await expectRevert(
      write(actors.attributor, {
        ...distributor,
        functionName: 'proposeEpoch',
        args: [tree.root, 1_000n, tree.root, ''],
      }),
      'RewardDistributorInsufficientFunding',
      [1_000n, 990n],
    )
    const paid = rewardTree([{ account: actors.alice.address, amount: 990n }])
    await write(actors.attributor, {
      ...distributor,
      functionName: 'proposeEpoch',
      args: [paid.root, 990n, paid.root, ''],
    })
    await write(actors.alice, {
      ...distributor,
      functionName: 'claim',
      args: [actors.alice.address, 990n, paid.proofOf(actors.alice.address)],
    })
    assert.equal(
      await publicClient.readContract({ ...erc20, functionName: 'balanceOf', args: [distributor.address] }),
      0n,
    )
    assert.equal(
      await publicClient.readContract({ ...distributor, functionName: 'claimed', args: [actors.alice.address] }),
      990n,
    )
  })

  it('stops a token that re-enters claim from paying twice', async () => {
    const token = await deploy(actors.owner, {
      abi: reentrantTokenMockAbi,
      bytecode: reentrantTokenMockBytecode,
      args: [],
    })
    const distributor = await distributorFor(token)
    const erc20 = { address: token, abi: reentrantTokenMockAbi } as const
    await write(actors.owner, { ...erc20, functionName: 'mint', args: [actors.owner.address, 1_000n] })
    await write(actors.owner, { ...erc20, functionName: 'approve', args: [distributor.address, 1_000n] })
    await write(actors.owner, { ...distributor, functionName: 'fund', args: [1_000n] })
    const tree = rewardTree([
      { account: actors.alice.address, amount: 500n },
      { account: actors.bob.address, amount: 500n },
    ])
    await write(actors.attributor, {
      ...distributor,
      functionName: 'proposeEpoch',
      args: [tree.root, 1_000n, tree.root, ''],
    })

    const claimArgs = [actors.alice.address, 500n, tree.proofOf(actors.alice.address)] as const
    await write(actors.owner, {
      ...erc20,
      functionName: 'arm',
      args: [
        distributor.address,
        encodeFunctionData({ abi: rewardDistributorAbi, functionName: 'claim', args: claimArgs }),
      ],
    })
    await expectRevert(
      write(actors.alice, { ...distributor, functionName: 'claim', args: claimArgs }),
      'ReentrancyGuardReentrantCall',
    )
    assert.equal(
      await publicClient.readContract({ ...distributor, functionName: 'claimed', args: [actors.alice.address] }),
      0n,
    )
    assert.equal(
      await publicClient.readContract({ ...erc20, functionName: 'balanceOf', args: [distributor.address] }),
      1_000n,
    )
  })

  it('stops a token that re-enters fund from being counted twice', async () => {
    const token = await deploy(actors.owner, {
      abi: reentrantTokenMockAbi,
      bytecode: reentrantTokenMockBytecode,
      args: [],
    })
    const distributor = await distributorFor(token)
    const erc20 = { address: token, abi: reentrantTokenMockAbi } as const
    await write(actors.owner, { ...erc20, functionName: 'mint', args: [actors.owner.address, 1_000n] })
    await write(actors.owner, { ...erc20, functionName: 'approve', args: [distributor.address, 1_000n] })
    await write(actors.owner, {
      ...erc20,
      functionName: 'arm',
      args: [distributor.address, encodeFunctionData({ abi: rewardDistributorAbi, functionName: 'fund', args: [1n] })],
    })
    await expectRevert(
      write(actors.owner, { ...distributor, functionName: 'fund', args: [500n] }),
      'ReentrancyGuardReentrantCall',
    )
    assert.equal(await publicClient.readContract({ ...distributor, functionName: 'totalFunded' }), 0n)
  })

  it('treats a token that returns false as a failed transfer, for funding and for claims', async () => {
    const token = await deploy(actors.owner, {
      abi: falseReturningTokenMockAbi,
      bytecode: falseReturningTokenMockBytecode,
      args: [],
    })
    const distributor = await distributorFor(token)
    const erc20 = { address: token, abi: falseReturningTokenMockAbi } as const
    await write(actors.owner, { ...erc20, functionName: 'mint', args: [actors.owner.address, 1_000n] })
    await write(actors.owner, { ...erc20, functionName: 'approve', args: [distributor.address, 1_000n] })
    await write(actors.owner, { ...distributor, functionName: 'fund', args: [1_000n] })
    const tree = rewardTree([{ account: actors.alice.address, amount: 1_000n }])
    await write(actors.attributor, {
      ...distributor,
      functionName: 'proposeEpoch',
      args: [tree.root, 1_000n, tree.root, ''],
    })

    await write(actors.owner, { ...erc20, functionName: 'setFailing', args: [true] })
    await expectRevert(
      write(actors.owner, { ...distributor, functionName: 'fund', args: [1n] }),
      'SafeERC20FailedOperation',
      [token],
    )
    const claimArgs = [actors.alice.address, 1_000n, tree.proofOf(actors.alice.address)] as const
    await expectRevert(
      write(actors.alice, { ...distributor, functionName: 'claim', args: claimArgs }),
      'SafeERC20FailedOperation',
    )
    assert.equal(
      await publicClient.readContract({ ...distributor, functionName: 'claimed', args: [actors.alice.address] }),
      0n,
    )

    await write(actors.owner, { ...erc20, functionName: 'setFailing', args: [false] })
    await write(actors.alice, { ...distributor, functionName: 'claim', args: claimArgs })
    assert.equal(
      await publicClient.readContract({ ...erc20, functionName: 'balanceOf', args: [actors.alice.address] }),
      1_000n,
    )
  })

  it('refuses funding that could not be accounted in 128 bits', async () => {
    const token = { address: ledger.rewardToken, abi: ledgerRewardTokenAbi } as const
    const distributor = { address: ledger.distributor, abi: rewardDistributorAbi } as const
    const huge = maxUint128 + 1n
    await write(actors.owner, { ...token, functionName: 'mint', args: [actors.owner.address, huge] })
    await write(actors.owner, { ...token, functionName: 'approve', args: [ledger.distributor, huge] })
    await expectRevert(
      write(actors.owner, { ...distributor, functionName: 'fund', args: [huge] }),
      'RewardDistributorFundingOverflow',
      [huge],
    )
  })
})
