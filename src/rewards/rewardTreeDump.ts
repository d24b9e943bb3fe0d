import type { Address, Hex } from 'viem'

/**
 * A reward tree in OpenZeppelin's `standard-v1` JSON (`StandardMerkleTree.dump()` for `['address', 'uint256']`),
 * so it loads in @openzeppelin/merkle-tree as it is.
 */
export type RewardTreeDump = {
  format: 'standard-v1'
  leafEncoding: readonly ['address', 'uint256']
  tree: readonly Hex[]
  values: readonly { value: readonly [Address, string]; treeIndex: number }[]
}
