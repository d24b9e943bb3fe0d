export {
  contributionRegistryAbi,
  contributionRegistryBytecode,
  ledgerRewardTokenAbi,
  ledgerRewardTokenBytecode,
  rewardDistributorAbi,
  rewardDistributorBytecode,
} from './abis/index.js'
export { type CancelSignaturesParameters, cancelSignatures } from './actions/registry/cancelSignatures.js'
export {
  type CommitContributionParameters,
  type CommitContributionReturnType,
  commitContribution,
  contributionCommitment,
} from './actions/registry/commitContribution.js'
export { type CreateDatanetParameters, createDatanet, createDatanetAndWait } from './actions/registry/createDatanet.js'
export {
  type GetContributionByHashParameters,
  type GetContributionByHashReturnType,
  getContributionByHash,
} from './actions/registry/getContributionByHash.js'
export {
  type ContributionWithMetadataURI,
  type GetContributionsByContributorParameters,
  getContributionsByContributor,
} from './actions/registry/getContributionsByContributor.js'
export {
  type GetContributionsByHashParameters,
  type GetContributionsByHashReturnType,
  getContributionsByHash,
} from './actions/registry/getContributionsByHash.js'
export { type Datanet, getDatanet } from './actions/registry/getDatanet.js'
export { getModel, type Model } from './actions/registry/getModel.js'
export { getModels, type RegisteredModel } from './actions/registry/getModels.js'
export {
  getModelTrainingSets,
  type ModelMetadata,
  type ModelTrainingSet,
} from './actions/registry/getModelTrainingSets.js'
export {
  type RegisterContributionParameters,
  registerContribution,
  registerContributionAndWait,
  waitForRegistrations,
} from './actions/registry/registerContribution.js'
export {
  type RegisterContributionBySigParameters,
  registerContributionBySig,
  registerContributionBySigAndWait,
} from './actions/registry/registerContributionBySig.js'
export {
  type RegisterContributionsParameters,
  registerContributions,
  registerContributionsAndWait,
} from './actions/registry/registerContributions.js'
export { type RegisterModelParameters, registerModel, registerModelAndWait } from './actions/registry/registerModel.js'
export {
  type RevealContributionParameters,
  revealContribution,
  revealContributionAndWait,
} from './actions/registry/revealContribution.js'
export {
  type ReviewContributionParameters,
  reviewContribution,
  reviewContributionAndWait,
} from './actions/registry/reviewContribution.js'
export {
  type SignContributionParameters,
  type SignedContribution,
  signContribution,
} from './actions/registry/signContribution.js'
export {
  type VerifyContributionInModelParameters,
  verifyContributionInModel,
} from './actions/registry/verifyContributionInModel.js'
export {
  type ClaimManyRewardsParameters,
  claimManyRewards,
  claimManyRewardsAndWait,
} from './actions/rewards/claimManyRewards.js'
export { type ClaimRewardsParameters, claimRewards, claimRewardsAndWait } from './actions/rewards/claimRewards.js'
export { type FundRewardsParameters, fundRewards } from './actions/rewards/fundRewards.js'
export {
  type Claimable,
  type GetClaimableParameters,
  getClaimable,
  RewardTreeMismatchError,
  RewardTreeUnavailableError,
} from './actions/rewards/getClaimable.js'
export { type Epoch, type EpochStatus, getCurrentEpochId, getEpoch } from './actions/rewards/getEpoch.js'
export { type EpochWithManifest, getEpochs } from './actions/rewards/getEpochs.js'
export { type ProposeEpochParameters, proposeEpoch, proposeEpochAndWait } from './actions/rewards/proposeEpoch.js'
export {
  DeploymentChainMismatchError,
  DeploymentNotFoundError,
  knownDeployments,
  type LedgerDeployment,
  localhostDeployment,
  OPENLEDGER_TESTNET_ID,
  openLedgerTestnet,
  resolveDeployment,
  UntrustedDeploymentError,
} from './chains.js'
export type { ConfirmationProgress, LedgerClient } from './client.js'
export { canonicalizeJson } from './content/canonicalJson.js'
export {
  ContentReadError,
  HASH_CHUNK_SIZE,
  HASH_WORKER_THRESHOLD,
  HashAbortedError,
  type HashContentInput,
  type HashContentOptions,
  type HashProgress,
  HashWorkerError,
  hashContent,
  InvalidChunkSizeError,
  InvalidContentError,
} from './content/hashContent.js'
export {
  type ContributionMetadata,
  getContributionMetadataSchema,
  metadataHash,
  metadataToBytes,
  metadataToDataURI,
  type SafeValidateMetadataReturnType,
  safeValidateMetadata,
  validateMetadata,
} from './content/metadata.js'
export { commonLicenses, isSpdxLicenseExpression } from './content/metadataLicense.js'
export {
  type MetadataFetch,
  type MetadataResolver,
  type MetadataResolverContext,
  type ResolveMetadataParameters,
  resolveMetadata,
} from './content/resolveMetadata.js'
export { type LedgerActions, ledgerActions } from './decorators.js'
export { AccountRequiredError } from './errors/account.js'
export { BaseError } from './errors/base.js'
export * from './errors/contract.js'
export {
  CanonicalJsonError,
  MetadataFetchError,
  MetadataHashMismatchError,
  type MetadataIssue,
  MetadataParseError,
  MetadataTooLargeError,
  MetadataValidationError,
  UnsupportedMetadataURIError,
} from './errors/metadata.js'
export {
  TransactionDroppedError,
  TransactionReplacedError,
  type TransactionReplacementReason,
} from './errors/transaction.js'
export { formatDate, shortHash } from './format.js'
export {
  buildStandardMerkleTree,
  EmptyMerkleTreeError,
  InvalidMerkleLeafError,
  MerkleLeafNotFoundError,
  processProof,
  type StandardMerkleTree,
} from './merkle/standardMerkleTree.js'
export type { Contribution, ContributionStatus, Registration } from './registry/contribution.js'
export { registrationDomain, registrationTypes } from './registry/registrationTypedData.js'
export { proveContributionInModel, trainingSetRootOf } from './registry/trainingSet.js'
export { trainingSetLeaf } from './registry/trainingSetLeaf.js'
export {
  RelayRejectedError,
  RelayUnavailableError,
  type SendToRelayReturnType,
  sendToRelay,
} from './relay/sendToRelay.js'
export { buildRewardTree, type RewardEntry, type RewardTree } from './rewards/buildRewardTree.js'
export { rewardLeaf } from './rewards/rewardLeaf.js'
export {
  claimFromShard,
  InvalidRewardShardError,
  InvalidShardPrefixError,
  InvalidShardPrefixLengthError,
  loadRewardShard,
  type RewardShard,
  type RewardShardClaim,
  type RewardShardManifest,
  shardPathFor,
  WrongRewardShardError,
} from './rewards/rewardShard.js'
export {
  NotARewardTreeError,
  type RewardShardFile,
  type RewardShards,
  type ShardRewardTreeOptions,
  shardRewardTree,
} from './rewards/rewardShards.js'
export type { RewardTreeDump } from './rewards/rewardTreeDump.js'
export {
  DuplicateRewardAccountError,
  EmptyRewardTreeError,
  InvalidRewardAccountError,
  InvalidRewardAmountError,
} from './rewards/rewardTreeErrors.js'
export { type LedgerTransportOptions, ledgerTransport } from './transports/ledgerTransport.js'
