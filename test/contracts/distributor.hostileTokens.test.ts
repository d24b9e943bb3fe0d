import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { type Abi, type Address, encodeFunctionData, type Hex, maxUint128 } from 'viem'
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

const mintable = [
  {
    type: 'function',
    name: 'mint',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'to', type: 'address' },
      { name: 'amount', type: 'uint256' },
    ],
    outputs: [],
  },
] as const satisfies Abi

describe('RewardDistributor: hostile tokens', () => {
  let ledger: LedgerDeployment
  beforeEach(async () => {
    ledger = await loadFixture()
  })

  /**
   * A distributor with no dispute period over a freshly deployed hostile token, whose owner holds and has approved
   * 1,000 tokens. `fund` funds them all.
   */
  async function hostile<const abi extends Abi>(token: { abi: abi; bytecode: Hex }, { fund = false } = {}) {
    const tokenAddress = await deploy(actors.owner, { ...token, args: [] })
    const address = await deploy(actors.owner, {
      abi: rewardDistributorAbi,
      bytecode: rewardDistributorBytecode,
      args: [tokenAddress, actors.owner.address, 0],
    })
    const distributor = { address, abi: rewardDistributorAbi } as const
    const erc20 = { address: tokenAddress, abi: ledgerRewardTokenAbi } as const
    await write(actors.owner, {
      ...distributor,
      functionName: 'setAttributor',
      args: [actors.attributor.address, true],
    })
    await write(actors.owner, {
      address: tokenAddress,
      abi: mintable,
      functionName: 'mint',
      args: [actors.owner.address, 1_000n],
    })
    await write(actors.owner, { ...erc20, functionName: 'approve', args: [address, 1_000n] })
    if (fund) await write(actors.owner, { ...distributor, functionName: 'fund', args: [1_000n] })

    const propose = (tree: ReturnType<typeof rewardTree>, total = tree.total) =>
      write(actors.attributor, {
        ...distributor,
        functionName: 'proposeEpoch',
        args: [tree.root, total, tree.root, ''],
      })
    const claimArgs = (tree: ReturnType<typeof rewardTree>, account: Address, amount: bigint) =>
      [account, amount, tree.proofOf(account)] as const
    const balanceOfDistributor = () =>
      publicClient.readContract({ ...erc20, functionName: 'balanceOf', args: [address] })
    const claimedBy = (account: Address) =>
      publicClient.readContract({ ...distributor, functionName: 'claimed', args: [account] })
    return {
      token: { address: tokenAddress, abi: token.abi },
      distributor,
      propose,
      claimArgs,
      balanceOfDistributor,
      claimedBy,
    }
  }

  it('credits a fee-on-transfer token by what arrived, so it never promises the fee', async () => {
    const { distributor, propose, claimArgs, balanceOfDistributor, claimedBy } = await hostile(
      { abi: feeOnTransferTokenMockAbi, bytecode: feeOnTransferTokenMockBytecode },
      { fund: true },
    )
    assert.equal(await publicClient.readContract({ ...distributor, functionName: 'totalFunded' }), 990n)

    const promisedTooMuch = rewardTree([{ account: actors.alice.address, amount: 1_000n }])
    await expectRevert(propose(promisedTooMuch), 'RewardDistributorInsufficientFunding', [1_000n, 990n])
    const paid = rewardTree([{ account: actors.alice.address, amount: 990n }])
    await propose(paid)
    await write(actors.alice, {
      ...distributor,
      functionName: 'claim',
      args: claimArgs(paid, actors.alice.address, 990n),
    })
    assert.equal(await balanceOfDistributor(), 0n)
    assert.equal(await claimedBy(actors.alice.address), 990n)
  })

  it('stops a token that re-enters claim from paying twice', async () => {
    const { token, distributor, propose, claimArgs, balanceOfDistributor, claimedBy } = await hostile(
      { abi: reentrantTokenMockAbi, bytecode: reentrantTokenMockBytecode },
      { fund: true },
    )
    const tree = rewardTree([
      { account: actors.alice.address, amount: 500n },
      { account: actors.bob.address, amount: 500n },
    ])
    await propose(tree)
    const args = claimArgs(tree, actors.alice.address, 500n)
    const reenter = encodeFunctionData({ abi: rewardDistributorAbi, functionName: 'claim', args })
    await write(actors.owner, { ...token, functionName: 'arm', args: [distributor.address, reenter] })
    await expectRevert(
      write(actors.alice, { ...distributor, functionName: 'claim', args }),
      'ReentrancyGuardReentrantCall',
    )
    assert.equal(await claimedBy(actors.alice.address), 0n)
    assert.equal(await balanceOfDistributor(), 1_000n)
  })

  it('stops a token that re-enters fund from being counted twice', async () => {
    const { token, distributor } = await hostile({ abi: reentrantTokenMockAbi, bytecode: reentrantTokenMockBytecode })
    const reenter = encodeFunctionData({ abi: rewardDistributorAbi, functionName: 'fund', args: [1n] })
    await write(actors.owner, { ...token, functionName: 'arm', args: [distributor.address, reenter] })
    await expectRevert(
      write(actors.owner, { ...distributor, functionName: 'fund', args: [500n] }),
      'ReentrancyGuardReentrantCall',
    )
    assert.equal(await publicClient.readContract({ ...distributor, functionName: 'totalFunded' }), 0n)
  })

  it('treats a token that returns false as a failed transfer, for funding and for claims', async () => {
    const { token, distributor, propose, claimArgs, claimedBy } = await hostile(
      { abi: falseReturningTokenMockAbi, bytecode: falseReturningTokenMockBytecode },
      { fund: true },
    )
    const tree = rewardTree([{ account: actors.alice.address, amount: 1_000n }])
    await propose(tree)
    const args = claimArgs(tree, actors.alice.address, 1_000n)

    await write(actors.owner, { ...token, functionName: 'setFailing', args: [true] })
    await expectRevert(
      write(actors.owner, { ...distributor, functionName: 'fund', args: [1n] }),
      'SafeERC20FailedOperation',
      [token.address],
    )
    await expectRevert(write(actors.alice, { ...distributor, functionName: 'claim', args }), 'SafeERC20FailedOperation')
    assert.equal(await claimedBy(actors.alice.address), 0n)

    await write(actors.owner, { ...token, functionName: 'setFailing', args: [false] })
    await write(actors.alice, { ...distributor, functionName: 'claim', args })
    assert.equal(await claimedBy(actors.alice.address), 1_000n)
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
