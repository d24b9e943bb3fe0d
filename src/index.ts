export {
  contributionRegistryAbi,
  contributionRegistryBytecode,
  ledgerRewardTokenAbi,
  ledgerRewardTokenBytecode,
  rewardDistributorAbi,
  rewardDistributorBytecode,
} from './abis/index.js'
export {
  buildStandardMerkleTree,
  MerkleLeafNotFoundError,
  type StandardMerkleTree,
} from './merkle/standardMerkleTree.js'
export { registrationDomain, registrationTypes } from './registry/registrationTypedData.js'
export { trainingSetLeaf } from './registry/trainingSetLeaf.js'
export { rewardLeaf } from './rewards/rewardLeaf.js'
