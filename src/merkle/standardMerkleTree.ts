import { concat, type Hex, keccak256 } from 'viem'
import { BaseError } from '../errors/base.js'

export type StandardMerkleTree = {
  /** The root that contracts verify against. */
  root: Hex
  /** Every node, root first, in OpenZeppelin's array layout (leaves at the end, in sorted order reversed). */
  nodes: readonly Hex[]
  /** The sibling hashes from `leaf` up to the root, as `MerkleProof.verify` expects them. */
  getProof(leaf: Hex): Hex[]
}

/** Thrown when a proof is asked for a leaf that the tree does not contain. */
export class MerkleLeafNotFoundError extends BaseError {
  override name = 'MerkleLeafNotFoundError' as const
  constructor(leaf: Hex) {
    super(`The leaf ${leaf} is not in this Merkle tree.`)
  }
}

/** Thrown when a tree is asked for over no leaves. */
export class EmptyMerkleTreeError extends BaseError {
  override name = 'EmptyMerkleTreeError' as const
  constructor() {
    super('A Merkle tree needs at least one leaf.')
  }
}

const hashPair = (a: Hex, b: Hex): Hex => {
  const [low, high] = a.toLowerCase() < b.toLowerCase() ? [a, b] : [b, a]
  return keccak256(concat([low, high]))
}

/** The sibling hashes from node `index` of an OpenZeppelin tree array up to its root. */
export function proofFromNodes(nodes: readonly Hex[], index: number): Hex[] {
  const proof: Hex[] = []
  for (let i = index; i > 0; i = Math.floor((i - 1) / 2)) proof.push(nodes[i % 2 === 1 ? i + 1 : i - 1] as Hex)
  return proof
}

/** The root that `proof` leads to from `leaf`, as `MerkleProof.processProof` computes it. */
export function processProof(leaf: Hex, proof: readonly Hex[]): Hex {
  return proof.reduce<Hex>((node, sibling) => hashPair(node, sibling), leaf)
}

/**
 * Builds the tree of OpenZeppelin's `StandardMerkleTree` (sorted leaves, sorted pairs) from leaf hashes, so roots
 * and proofs match @openzeppelin/merkle-tree and `MerkleProof.verify` bit for bit.
 *
 * @example
 * const tree = buildStandardMerkleTree([rewardLeaf(alice, 10n), rewardLeaf(bob, 5n)])
 * tree.getProof(rewardLeaf(alice, 10n))
 */
export function buildStandardMerkleTree(leaves: readonly Hex[]): StandardMerkleTree {
  if (leaves.length === 0) throw new EmptyMerkleTreeError()
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
      const index = indexOfLeaf.get(leaf.toLowerCase() as Hex)
      if (index === undefined) throw new MerkleLeafNotFoundError(leaf)
      return proofFromNodes(nodes, index)
    },
  }
}
