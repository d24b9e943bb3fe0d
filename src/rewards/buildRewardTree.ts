import { type Address, getAddress, type Hex } from 'viem'
import { buildStandardMerkleTree } from '../merkle/standardMerkleTree.js'
import { rewardLeaf } from './rewardLeaf.js'
import type { RewardTreeDump } from './rewardTreeDump.js'

export type RewardEntry = { account: Address; amount: bigint }

export type RewardTree = {
  root: Hex
  /** The proof of `account`'s cumulative amount; throws `MerkleLeafNotFoundError` for an account not in the tree. */
  getProof(account: Address): Hex[]
  /** The account's cumulative amount, or undefined when it is not in the tree. */
  amountOf(account: Address): bigint | undefined
  /** OpenZeppelin `standard-v1` JSON, loadable by `StandardMerkleTree.load`. */
  dump(): RewardTreeDump
}

/**
 * The reward tree of one epoch over cumulative amounts, identical to OpenZeppelin's `StandardMerkleTree.of(values,
 * ['address', 'uint256'])` in root, proofs and dump.
 *
 * @example
 * const tree = buildRewardTree([{ account: alice, amount: 10n ** 18n }])
 * await proposeEpoch(client, { root: tree.root, … })
 */
export function buildRewardTree(entries: readonly RewardEntry[]): RewardTree {
  const leaves = entries.map(({ account, amount }) => rewardLeaf(account, amount))
  const tree = buildStandardMerkleTree(leaves)
  const treeIndexOfLeaf = new Map(tree.nodes.map((node, index) => [node, index]))
  const byAccount = new Map(
    entries.map((entry, i) => [entry.account.toLowerCase(), { ...entry, leaf: leaves[i] as Hex }]),
  )
  return {
    root: tree.root,
    getProof: (account) => {
      const entry = byAccount.get(account.toLowerCase())
      return tree.getProof(entry ? entry.leaf : rewardLeaf(account, 0n))
    },
    amountOf: (account) => byAccount.get(account.toLowerCase())?.amount,
    dump: () => ({
      format: 'standard-v1',
      leafEncoding: ['address', 'uint256'],
      tree: tree.nodes,
      values: entries.map((entry, i) => ({
        value: [getAddress(entry.account), entry.amount.toString()],
        treeIndex: treeIndexOfLeaf.get(leaves[i]?.toLowerCase() as Hex) as number,
      })),
    }),
  }
}
