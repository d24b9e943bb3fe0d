import { concat, type Hex, keccak256 } from 'viem'
import { BaseError } from '../errors/base.js'
import { buildNodes, hexToBytesInto, isBytes32Hex, nodeHex, nodesToHex, proofOfNode, sortHashes } from './treeBytes.js'

export type StandardMerkleTree = {
  /** The root that contracts verify against. */
  root: Hex
  /** Every node, root first, in OpenZeppelin's array layout (leaves at the end, in sorted order reversed). */
  nodes: readonly Hex[]
  /** The sibling hashes from `leaf` up to the root, as `MerkleProof.verify` expects them. */
  getProof(leaf: Hex): Hex[]
}

/** Thrown when a proof is asked for a leaf (or, in a reward tree, an account) that the tree does not contain. */
export class MerkleLeafNotFoundError extends BaseError {
  override name = 'MerkleLeafNotFoundError' as const
  constructor(leaf: Hex, { account }: { account?: string } = {}) {
    super(
      account === undefined
        ? `The leaf ${leaf} is not in this Merkle tree.`
        : `The account ${account} has no rewards in this tree, so there is no proof to claim with.`,
    )
  }
}

/** Thrown when a tree is asked for over no leaves. */
export class EmptyMerkleTreeError extends BaseError {
  override name = 'EmptyMerkleTreeError' as const
  constructor() {
    super('A Merkle tree needs at least one leaf.')
  }
}

/** Thrown when a leaf is not a 32-byte hash in hex, so it cannot be a node of a standard tree. */
export class InvalidMerkleLeafError extends BaseError {
  override name = 'InvalidMerkleLeafError' as const
  /** The leaf's position in the input. */
  readonly index: number
  constructor(leaf: unknown, index: number) {
    super(`Leaf ${index} (${String(leaf)}) is not a 32-byte hash: expected 0x followed by 64 hex digits.`)
    this.index = index
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

/**
 * The root that `proof` leads to from `leaf`, as `MerkleProof.processProof` computes it.
 *
 * It hashes with viem's keccak256: a proof is a few dozen hashes, and claim pages already load viem, so they need not
 * load the tree builder's faster Keccak too.
 */
export function processProof(leaf: Hex, proof: readonly Hex[]): Hex {
  return proof.reduce<Hex>((node, sibling) => hashPair(node, sibling), leaf)
}

/**
 * Builds the tree of OpenZeppelin's `StandardMerkleTree` (sorted leaves, sorted pairs) from leaf hashes, so roots
 * and proofs match @openzeppelin/merkle-tree and `MerkleProof.verify` bit for bit. A million leaves take about a
 * second; hex strings are only made for the nodes a caller reads.
 *
 * @example
 * const tree = buildStandardMerkleTree([rewardLeaf(alice, 10n), rewardLeaf(bob, 5n)])
 * tree.getProof(rewardLeaf(alice, 10n))
 */
export function buildStandardMerkleTree(leaves: readonly Hex[]): StandardMerkleTree {
  if (leaves.length === 0) throw new EmptyMerkleTreeError()
  const count = leaves.length
  const hashes = new Uint8Array(32 * count)
  leaves.forEach((leaf, i) => {
    if (!isBytes32Hex(leaf)) throw new InvalidMerkleLeafError(leaf, i)
    hexToBytesInto(leaf, 2, 32, hashes, 32 * i)
  })
  const bytes = buildNodes(hashes, sortHashes(hashes, count))
  const lastNode = 2 * count - 2
  let nodes: Hex[] | undefined

  /** The tree index of `leaf`: a binary search over the sorted leaves (the last of equal ones, as OpenZeppelin's). */
  const indexOfLeaf = (leaf: Hex): number | undefined => {
    const wanted = new Uint8Array(32)
    if (!isBytes32Hex(leaf) || !hexToBytesInto(leaf, 2, 32, wanted, 0)) return undefined
    // Find the first rank whose leaf is greater than `wanted`; the rank before it holds `wanted`, if anything does.
    let low = 0
    let high = count
    while (low < high) {
      const middle = (low + high) >>> 1
      if (compareToNode(bytes, lastNode - middle, wanted) <= 0) low = middle + 1
      else high = middle
    }
    return low > 0 && compareToNode(bytes, lastNode - (low - 1), wanted) === 0 ? lastNode - (low - 1) : undefined
  }

  return {
    root: nodeHex(bytes, 0),
    get nodes() {
      nodes ??= nodesToHex(bytes)
      return nodes
    },
    getProof(leaf) {
      const index = indexOfLeaf(leaf)
      if (index === undefined) throw new MerkleLeafNotFoundError(leaf)
      return proofOfNode(bytes, index)
    },
  }
}

/** Compares node `index` of `nodes` with the 32 bytes of `hash`, as big-endian numbers. */
function compareToNode(nodes: Uint8Array, index: number, hash: Uint8Array): number {
  for (let i = 0; i < 32; i++) {
    const difference = (nodes[32 * index + i] as number) - (hash[i] as number)
    if (difference !== 0) return difference
  }
  return 0
}
