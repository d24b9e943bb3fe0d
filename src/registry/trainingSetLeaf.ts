import { encodeAbiParameters, type Hex, keccak256 } from 'viem'

/**
 * The leaf of a model's training set tree, as `ContributionRegistry.isInTrainingSet` verifies it: OpenZeppelin's
 * standard double hash of `abi.encode(contentHash)`.
 *
 * @example
 * trainingSetLeaf('0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
 */
export function trainingSetLeaf(contentHash: Hex): Hex {
  return keccak256(keccak256(encodeAbiParameters([{ type: 'bytes32' }], [contentHash])))
}
