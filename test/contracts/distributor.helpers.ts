import type { Account, Address, Hex } from 'viem'
import { keccak256, toBytes } from 'viem'
import { ledgerRewardTokenAbi, rewardDistributorAbi } from '../../src/abis/index.js'
import { buildStandardMerkleTree } from '../../src/merkle/standardMerkleTree.js'
import { rewardLeaf } from '../../src/rewards/rewardLeaf.js'
import { actors, publicClient, write } from './fixture.js'

export type Allocation = { account: Address; amount: bigint }

/** A reward tree over cumulative allocations, with the proof of each account. */
export function rewardTree(allocations: Allocation[]) {
  const tree = buildStandardMerkleTree(allocations.map((a) => rewardLeaf(a.account, a.amount)))
  const total = allocations.reduce((sum, a) => sum + a.amount, 0n)
  const proofOf = (account: Address) => {
    const allocation = allocations.find((a) => a.account === account)
    if (!allocation) throw new Error(`${account} is not in this tree`)
    return tree.getProof(rewardLeaf(account, allocation.amount))
  }
  return { root: tree.root, total, proofOf }
}

/** Handles on one distributor and its token, for the accounts the tests name. */
export function distributorOf(distributor: Address, token: Address) {
  const contract = { address: distributor, abi: rewardDistributorAbi } as const
  return {
    contract,
    balanceOf: (account: Address) =>
      publicClient.readContract({
        address: token,
        abi: ledgerRewardTokenAbi,
        functionName: 'balanceOf',
        args: [account],
      }),
    /** The owner mints `amount` to `funder`, who approves and funds it. */
    async fund(amount: bigint, funder: Account = actors.owner) {
      await write(actors.owner, {
        address: token,
        abi: ledgerRewardTokenAbi,
        functionName: 'mint',
        args: [funder.address, amount],
      })
      await write(funder, {
        address: token,
        abi: ledgerRewardTokenAbi,
        functionName: 'approve',
        args: [distributor, amount],
      })
      return write(funder, { ...contract, functionName: 'fund', args: [amount] })
    },
    propose(root: Hex, cumulativeTotal: bigint, manifest = 'manifest', by: Account = actors.attributor) {
      return write(by, {
        ...contract,
        functionName: 'proposeEpoch',
        args: [root, cumulativeTotal, keccak256(toBytes(manifest)), `data:,${manifest}`],
      })
    },
    claim(tree: ReturnType<typeof rewardTree>, account: Address, amount: bigint, by: Account = actors.stranger) {
      return write(by, { ...contract, functionName: 'claim', args: [account, amount, tree.proofOf(account)] })
    },
  }
}
