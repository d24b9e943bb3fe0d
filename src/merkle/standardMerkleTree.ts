import { concat, type Hex, keccak256 } from 'viem'

export type StandardMerkleTree = {
  /** The root that contracts verify against. */
  root: Hex
  /** Every node, root first, in OpenZeppelin's array layout (leaves at the end, in sorted order reversed). */
  nodes: readonly Hex[]
  /** The sibling hashes from `leaf` up to the root, as `MerkleProof.verify` expects them. */
  getProof(leaf: Hex): Hex[]
}

/** Thrown when a proof is asked for a leaf that the tree does not contain. */
export class MerkleLeafNotFoundError extends Error {
  override name = 'MerkleLeafNotFoundError' as const
  constructor(leaf: Hex) {
    super(`The leaf ${leaf} is not in this Merkle tree.`)
  }
}

const hashPair = (a: Hex, b: Hex): Hex => keccak256(a < b ? concat([a, b]) : concat([b, a]))

/**
 * Builds the tree of OpenZeppelin's `StandardMerkleTree` (sorted leaves, sorted pairs) from leaf hashes, so roots
 * and proofs match @openzeppelin/merkle-tree and `MerkleProof.verify` bit for bit.
 *
 * @example
 * const tree = buildStandardMerkleTree([rewardLeaf(alice, 10n), rewardLeaf(bob, 5n)])
 * tree.getProof(rewardLeaf(alice, 10n))
 */
export function buildStandardMerkleTree(leaves: readonly Hex[]): StandardMerkleTree {
  if (leaves.length === 0) throw new Error('A Merkle tree needs at least one leaf.')
  const sorted = leaves.map((leaf) => leaf.toLowerCase() as Hex).sort()
  const nodes = new Array<Hex>(2 * sorted.length - 1)
  sorted.forEach((leaf, i) => {
    nodes[nodes.length - 1 - i] = leaf
  })
  for (let i = nodes.length - 1 - sorted.length; i >= 0; i--) {
    nodes[i] = hashPair(nodes[2 * i + 1] as Hex, nodes[2 * i + 2] as Hex)
  }
  const indexOfLeaf = new Map(sorted.map((leaf, i) => [leaf, nodes.length - 1 - i]))
  return {
    root: nodes[0] as Hex,
    nodes,
    getProof(leaf) {
      let index = indexOfLeaf.get(leaf.toLowerCase() as Hex)
      if (index === undefined) throw new MerkleLeafNotFoundError(leaf)
      const proof: Hex[] = []
      while (index > 0) {
        proof.push(nodes[index % 2 === 1 ? index + 1 : index - 1] as Hex)
        index = Math.floor((index - 1) / 2)
      }
      return proof
    },
  }
}
