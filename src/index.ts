export {
  contributionRegistryAbi,
  contributionRegistryBytecode,
  ledgerRewardTokenAbi,
  ledgerRewardTokenBytecode,
  rewardDistributorAbi,
  rewardDistributorBytecode,
} from './abis/index.js'
export {
  type CancelSignaturesErrorType,
  type CancelSignaturesParameters,
  type CancelSignaturesReturnType,
  cancelSignatures,
} from './actions/registry/cancelSignatures.js'
export {
  type CommitContributionErrorType,
  type CommitContributionParameters,
  type CommitContributionReturnType,
  commitContribution,
  contributionCommitment,
} from './actions/registry/commitContribution.js'
export {
  type CreateDatanetAndWaitErrorType,
  type CreateDatanetAndWaitParameters,
  type CreateDatanetAndWaitReturnType,
  type CreateDatanetErrorType,
  type CreateDatanetParameters,
  type CreateDatanetReturnType,
  createDatanet,
  createDatanetAndWait,
} from './actions/registry/createDatanet.js'
export {
  type GetContributionByHashErrorType,
  type GetContributionByHashParameters,
  type GetContributionByHashReturnType,
  getContributionByHash,
} from './actions/registry/getContributionByHash.js'
export {
  type GetContributionsErrorType,
  type GetContributionsParameters,
  type GetContributionsReturnType,
  getContributions,
} from './actions/registry/getContributions.js'
export {
  type ContributionWithMetadataURI,
  type GetContributionsByContributorErrorType,
  type GetContributionsByContributorParameters,
  type GetContributionsByContributorReturnType,
  getContributionsByContributor,
} from './actions/registry/getContributionsByContributor.js'
export {
  type GetContributionsByHashErrorType,
  type GetContributionsByHashParameters,
  type GetContributionsByHashReturnType,
  getContributionsByHash,
} from './actions/registry/getContributionsByHash.js'
export {
  type Datanet,
  type GetDatanetErrorType,
  type GetDatanetParameters,
  type GetDatanetReturnType,
  getDatanet,
} from './actions/registry/getDatanet.js'
export {
  type GetModelErrorType,
  type GetModelParameters,
  type GetModelReturnType,
  getModel,
  type Model,
} from './actions/registry/getModel.js'
export {
  type GetModelsErrorType,
  type GetModelsParameters,
  type GetModelsReturnType,
  getModels,
  type RegisteredModel,
} from './actions/registry/getModels.js'
export {
  type GetModelTrainingSetsErrorType,
  type GetModelTrainingSetsParameters,
  type GetModelTrainingSetsReturnType,
  getModelTrainingSets,
  type ModelMetadata,
  type ModelTrainingSet,
} from './actions/registry/getModelTrainingSets.js'
export {
  type RegisterContributionAndWaitErrorType,
  type RegisterContributionAndWaitParameters,
  type RegisterContributionAndWaitReturnType,
  type RegisterContributionErrorType,
  type RegisterContributionParameters,
  type RegisterContributionReturnType,
  type RegistrationRevertErrorType,
  registerContribution,
  registerContributionAndWait,
  type WaitForRegistrationsErrorType,
  type WaitForRegistrationsParameters,
  type WaitForRegistrationsReturnType,
  waitForRegistrations,
} from './actions/registry/registerContribution.js'
export {
  type RegisterContributionBySigAndWaitErrorType,
  type RegisterContributionBySigAndWaitParameters,
  type RegisterContributionBySigAndWaitReturnType,
  type RegisterContributionBySigErrorType,
  type RegisterContributionBySigParameters,
  type RegisterContributionBySigReturnType,
  registerContributionBySig,
  registerContributionBySigAndWait,
} from './actions/registry/registerContributionBySig.js'
export {
  type RegisterContributionsAndWaitErrorType,
  type RegisterContributionsAndWaitParameters,
  type RegisterContributionsAndWaitReturnType,
  type RegisterContributionsErrorType,
  type RegisterContributionsParameters,
  type RegisterContributionsReturnType,
  registerContributions,
  registerContributionsAndWait,
} from './actions/registry/registerContributions.js'
export {
  type RegisterModelAndWaitErrorType,
  type RegisterModelAndWaitParameters,
  type RegisterModelAndWaitReturnType,
  type RegisterModelErrorType,
  type RegisterModelParameters,
  type RegisterModelReturnType,
  registerModel,
  registerModelAndWait,
} from './actions/registry/registerModel.js'
export {
  type RevealContributionAndWaitErrorType,
  type RevealContributionAndWaitParameters,
  type RevealContributionAndWaitReturnType,
  type RevealContributionErrorType,
  type RevealContributionParameters,
  type RevealContributionReturnType,
  revealContribution,
  revealContributionAndWait,
} from './actions/registry/revealContribution.js'
export {
  type ReviewContributionAndWaitErrorType,
  type ReviewContributionAndWaitParameters,
  type ReviewContributionAndWaitReturnType,
  type ReviewContributionErrorType,
  type ReviewContributionParameters,
  type ReviewContributionReturnType,
  reviewContribution,
  reviewContributionAndWait,
} from './actions/registry/reviewContribution.js'
export {
  type SignContributionErrorType,
  type SignContributionParameters,
  type SignContributionReturnType,
  type SignedContribution,
  signContribution,
} from './actions/registry/signContribution.js'
export {
  type VerifyContributionInModelErrorType,
  type VerifyContributionInModelParameters,
  type VerifyContributionInModelReturnType,
  verifyContributionInModel,
} from './actions/registry/verifyContributionInModel.js'
export {
  type ClaimManyRewardsAndWaitErrorType,
  type ClaimManyRewardsAndWaitParameters,
  type ClaimManyRewardsAndWaitReturnType,
  type ClaimManyRewardsErrorType,
  type ClaimManyRewardsParameters,
  type ClaimManyRewardsReturnType,
  claimManyRewards,
  claimManyRewardsAndWait,
} from './actions/rewards/claimManyRewards.js'
export {
  type ClaimRewardsAndWaitErrorType,
  type ClaimRewardsAndWaitParameters,
  type ClaimRewardsAndWaitReturnType,
  type ClaimRewardsErrorType,
  type ClaimRewardsParameters,
  type ClaimRewardsReturnType,
  claimRewards,
  claimRewardsAndWait,
  type WaitForClaimErrorType,
  type WaitForClaimParameters,
  type WaitForClaimReturnType,
  waitForClaim,
} from './actions/rewards/claimRewards.js'
export {
  type FundRewardsErrorType,
  type FundRewardsParameters,
  type FundRewardsReturnType,
  fundRewards,
} from './actions/rewards/fundRewards.js'
export {
  type Claimable,
  type GetClaimableErrorType,
  type GetClaimableParameters,
  type GetClaimableReturnType,
  getClaimable,
  type RewardFileErrorType,
  RewardTreeMismatchError,
  RewardTreeUnavailableError,
} from './actions/rewards/getClaimable.js'
export {
  type GetClaimsErrorType,
  type GetClaimsParameters,
  type GetClaimsReturnType,
  getClaims,
  type RewardClaim,
} from './actions/rewards/getClaims.js'
export {
  type Epoch,
  type EpochStatus,
  type GetCurrentEpochIdErrorType,
  type GetCurrentEpochIdParameters,
  type GetCurrentEpochIdReturnType,
  type GetEpochErrorType,
  type GetEpochParameters,
  type GetEpochReturnType,
  getCurrentEpochId,
  getEpoch,
} from './actions/rewards/getEpoch.js'
export {
  type EpochWithManifest,
  type GetEpochsErrorType,
  type GetEpochsParameters,
  type GetEpochsReturnType,
  getEpochs,
} from './actions/rewards/getEpochs.js'
export {
  type GetLeaderboardErrorType,
  type GetLeaderboardParameters,
  type GetLeaderboardReturnType,
  getLeaderboard,
  type LeaderboardEntry,
} from './actions/rewards/getLeaderboard.js'
export {
  type EpochEarning,
  type GetRewardHistoryErrorType,
  type GetRewardHistoryParameters,
  type GetRewardHistoryReturnType,
  getRewardHistory,
} from './actions/rewards/getRewardHistory.js'
export {
  type GetRewardTokenErrorType,
  type GetRewardTokenParameters,
  type GetRewardTokenReturnType,
  getRewardToken,
  type RewardToken,
} from './actions/rewards/getRewardToken.js'
export {
  type ProposeEpochAndWaitErrorType,
  type ProposeEpochAndWaitParameters,
  type ProposeEpochAndWaitReturnType,
  type ProposeEpochErrorType,
  type ProposeEpochParameters,
  type ProposeEpochReturnType,
  proposeEpoch,
  proposeEpochAndWait,
} from './actions/rewards/proposeEpoch.js'
export {
  type ReadEpochInputsErrorType,
  type ReadEpochInputsParameters,
  type ReadEpochInputsReturnType,
  readEpochInputs,
} from './actions/rewards/readEpochInputs.js'
export {
  type VerifyEpochOnChainErrorType,
  type VerifyEpochOnChainParameters,
  type VerifyEpochOnChainReturnType,
  verifyEpochOnChain,
} from './actions/rewards/verifyEpochOnChain.js'
// The actions above throw these; `attribution-ledger/attribution` exports the same classes for `verifyEpoch`.
export { EpochInputError, EpochMismatchError } from './attribution/epochManifest.js'
export {
  type CustomChainParameters,
  type CustomChainReturnType,
  customChain,
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
  type EncodeMetadataErrorType,
  type EncodeMetadataReturnType,
  encodeMetadata,
} from './content/encodeMetadata.js'
export {
  ContentReadError,
  HASH_CHUNK_SIZE,
  HASH_WORKER_THRESHOLD,
  HashAbortedError,
  type HashContentErrorType,
  type HashContentInput,
  type HashContentOptions,
  type HashContentReturnType,
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
  type ResolveMetadataErrorType,
  type ResolveMetadataParameters,
  type ResolveMetadataReturnType,
  resolveMetadata,
} from './content/resolveMetadata.js'
export { type LedgerActions, ledgerActions } from './decorators.js'
export { AccountRequiredError } from './errors/account.js'
export { BaseError, type BaseErrorParameters } from './errors/base.js'
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
export { InvalidPageError } from './errors/page.js'
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
export {
  type ContributionQueue,
  type CreateContributionQueueParameters,
  createContributionQueue,
  type FlushOptions,
  type QueuedContribution,
  type QueuedStatus,
  type QueueSubmitErrorType,
  type QueueSubmitReturnType,
} from './queue/contributionQueue.js'
export {
  ContributionNotOnChainError,
  ContributionNotSentError,
  ContributionQueuedError,
  QueueQuotaError,
  QueueUnavailableError,
} from './queue/queueErrors.js'
export type { Contribution, ContributionStatus, Registration } from './registry/contribution.js'
export { registrationDomain, registrationTypes } from './registry/registrationTypedData.js'
export { proveContributionInModel, trainingSetRootOf } from './registry/trainingSet.js'
export { trainingSetLeaf } from './registry/trainingSetLeaf.js'
export {
  RelayRejectedError,
  RelayUnavailableError,
  type SendToRelayErrorType,
  type SendToRelayOptions,
  type SendToRelayReturnType,
  sendToRelay,
} from './relay/sendToRelay.js'
export { buildRewardTree, type RewardEntry, type RewardTree } from './rewards/buildRewardTree.js'
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
} from './rewards/readRewardShard.js'
export { rewardLeaf } from './rewards/rewardLeaf.js'
export type { RewardTreeDump } from './rewards/rewardTreeDump.js'
export {
  DuplicateRewardAccountError,
  EmptyRewardTreeError,
  InvalidRewardAccountError,
  InvalidRewardAmountError,
} from './rewards/rewardTreeErrors.js'
export {
  NotARewardTreeError,
  type RewardShardFile,
  type RewardShards,
  type ShardRewardTreeOptions,
  shardRewardTree,
} from './rewards/writeRewardShards.js'
export { type LedgerTransportOptions, ledgerTransport } from './transports/ledgerTransport.js'
