import type { Hex } from 'viem'
import { buildStandardMerkleTree } from '../merkle/standardMerkleTree.js'
import { trainingSetLeaf } from './trainingSetLeaf.js'

/**
 * The Merkle root a model registers over the content hashes it trained on, and the proof that one of them is in it.
 *
 * @example
 * const { root } = proveContributionInModel({ trainingSet, contentHash: trainingSet[0] })
 * await registerModel(walletClient, { metadataURI, trainingSetRoot: root, datanetIds: [1] })
 */
export function proveContributionInModel({
  trainingSet,
  contentHash,
}: {
  trainingSet: readonly Hex[]
  contentHash: Hex
}) {
  const tree = buildStandardMerkleTree(trainingSet.map(trainingSetLeaf))
  return { root: tree.root, proof: tree.getProof(trainingSetLeaf(contentHash)) }
}

/**
 * The training set root of a model: the root of OpenZeppelin standard leaves over its content hashes.
 *
 * @example
 * const trainingSetRoot = trainingSetRootOf(contentHashes)
 */
export function trainingSetRootOf(trainingSet: readonly Hex[]): Hex {
  return buildStandardMerkleTree(trainingSet.map(trainingSetLeaf)).root
}
