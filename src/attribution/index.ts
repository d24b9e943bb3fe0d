export {
  type Allocation,
  accumulateRewards,
  allocateRewards,
  assertCumulativeGrowth,
  type ContributionValue,
  CumulativeDecreaseError,
  contributorScores,
  InvalidAllocationInputError,
  NothingToAllocateError,
} from './allocateRewards.js'
export { type DatasetFile, DatasetFileError, epochDataFromDataset } from './epochDataset.js'
export {
  ATTRIBUTION_LIBRARY,
  type BuildEpochParameters,
  buildEpoch,
  EPOCH_MANIFEST_FORMAT,
  type EpochData,
  EpochInputError,
  type EpochManifest,
  type EpochMethod,
  EpochMismatchError,
  type EpochPoints,
  epochManifestHash,
  verifyEpoch,
} from './epochManifest.js'
export {
  type FeaturizeTextOptions,
  featurizeText,
  featurizeTexts,
  InvalidFeaturizerInputError,
} from './featurizeText.js'
export {
  DatasetShapeError,
  EmptyDatasetError,
  InvalidLabelError,
  InvalidNeighborCountError,
  InvalidWorkerCountError,
  KnnAbortedError,
  KnnWorkerError,
  NonFiniteValueError,
} from './knnErrors.js'
export {
  KNN_BLOCK_SIZE,
  type KnnLabeledPoints,
  type KnnPoints,
  type KnnShapleyParameters,
  type KnnShapleyReturnType,
  type KnnShapleySyncParameters,
  knnShapley,
  knnShapleyRegression,
  knnShapleyRegressionSync,
  knnShapleySync,
} from './knnShapley.js'
