import { ContractFunctionRevertedError, UserRejectedRequestError, BaseError as ViemBaseError } from 'viem'
import { formatDate, shortHash } from '../format.js'
import { BaseError } from './base.js'

type RevertParameters = { errorName: string; args: readonly unknown[]; cause?: unknown }

/** A contract call reverted. Subclasses name the reason; `errorName` and `args` are the contract's own. */
export class ContractRevertError extends BaseError {
  override name: string = 'ContractRevertError'
  readonly errorName: string
  readonly args: readonly unknown[]
  constructor(shortMessage: string, { errorName, args, cause }: RevertParameters) {
    super(shortMessage, { cause, metaMessages: [`Contract error: ${errorName}`] })
    this.errorName = errorName
    this.args = args
  }
}

/** The wallet's owner declined to sign or send. Nothing was sent. */
export class UserRejectedError extends BaseError {
  override name = 'UserRejectedError' as const
  constructor(cause: unknown) {
    super('You declined the request in your wallet. Nothing was sent.', { cause })
  }
}

/** A transaction failed for a reason other than a contract revert (network, funds for gas, nonce…). */
export class TransactionFailedError extends BaseError {
  override name = 'TransactionFailedError' as const
  constructor(cause: unknown) {
    super('The transaction could not be sent.', { cause })
  }
}

/** A transaction was mined but reverted. */
export class TransactionRevertedError extends BaseError {
  override name = 'TransactionRevertedError' as const
  readonly hash: string
  constructor(hash: string) {
    super(`Transaction ${hash} was mined but reverted; nothing changed on-chain.`)
    this.hash = hash
  }
}

const defineRevert = <const name extends string>(name: name) =>
  class extends ContractRevertError {
    override name: name = name
  }

const short = (address: unknown) => shortHash(String(address))
const when = (seconds: unknown) =>
  new Date(Number(seconds) * 1000).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  })
const day = (seconds: unknown) => formatDate(new Date(Number(seconds) * 1000))

/** This content is registered already; `contributor` and `registeredAt` say by whom and when. */
export class ContributionAlreadyRegisteredError extends ContractRevertError {
  override name = 'ContributionAlreadyRegisteredError' as const
  readonly contentHash: string
  readonly contributor: string
  readonly registeredAt: Date
  constructor({ errorName, args, cause }: RevertParameters) {
    const [contentHash, contributor, registeredAt] = args
    super(`This content was already contributed by ${short(contributor)} on ${day(registeredAt)}.`, {
      errorName,
      args,
      cause,
    })
    this.contentHash = String(contentHash)
    this.contributor = String(contributor)
    this.registeredAt = new Date(Number(registeredAt) * 1000)
  }
}

export const CommitRevealRequiredError = defineRevert('CommitRevealRequiredError')
export const CommitmentExistsError = defineRevert('CommitmentExistsError')
export const CommitmentExpiredError = defineRevert('CommitmentExpiredError')
export const CommitmentNotFoundError = defineRevert('CommitmentNotFoundError')
export const CommitmentTooNewError = defineRevert('CommitmentTooNewError')
export const ContributionNotFoundError = defineRevert('ContributionNotFoundError')
export const ContributionNotPendingError = defineRevert('ContributionNotPendingError')
export const DatanetNotFoundError = defineRevert('DatanetNotFoundError')
export const EmptyBatchError = defineRevert('EmptyBatchError')
export const EmptyTrainingSetError = defineRevert('EmptyTrainingSetError')
export const InvalidCommitWindowError = defineRevert('InvalidCommitWindowError')
export const InvalidContentHashError = defineRevert('InvalidContentHashError')
export const InvalidNonceError = defineRevert('InvalidNonceError')
export const InvalidSignatureError = defineRevert('InvalidSignatureError')
export const ModelNotFoundError = defineRevert('ModelNotFoundError')
export const NotCuratorError = defineRevert('NotCuratorError')
export const NotDatanetOwnerError = defineRevert('NotDatanetOwnerError')
export const SignatureExpiredError = defineRevert('SignatureExpiredError')
export const ZeroAddressError = defineRevert('ZeroAddressError')
export const ZeroAmountError = defineRevert('ZeroAmountError')
export const FundingOverflowError = defineRevert('FundingOverflowError')
export const NotAttributorError = defineRevert('NotAttributorError')
export const NotGuardianError = defineRevert('NotGuardianError')
export const InvalidRootError = defineRevert('InvalidRootError')
export const EpochPendingError = defineRevert('EpochPendingError')
export const CumulativeTotalDecreasedError = defineRevert('CumulativeTotalDecreasedError')
export const InsufficientFundingError = defineRevert('InsufficientFundingError')
export const NoPendingEpochError = defineRevert('NoPendingEpochError')
export const DisputeWindowOpenError = defineRevert('DisputeWindowOpenError')
export const EpochNotPendingError = defineRevert('EpochNotPendingError')
export const RewardsPausedError = defineRevert('RewardsPausedError')
export const RewardsNotPausedError = defineRevert('RewardsNotPausedError')
export const NoActiveEpochError = defineRevert('NoActiveEpochError')
export const InvalidProofError = defineRevert('InvalidProofError')
export const NothingToClaimError = defineRevert('NothingToClaimError')
export const EpochTotalExceededError = defineRevert('EpochTotalExceededError')
export const DisputePeriodTooLongError = defineRevert('DisputePeriodTooLongError')
export const NotOwnerError = defineRevert('NotOwnerError')
export const InvalidOwnerError = defineRevert('InvalidOwnerError')
export const ReentrantCallError = defineRevert('ReentrantCallError')
export const TokenTransferFailedError = defineRevert('TokenTransferFailedError')
export const InsufficientTokenBalanceError = defineRevert('InsufficientTokenBalanceError')
export const InsufficientAllowanceError = defineRevert('InsufficientAllowanceError')

type RevertClass = new (shortMessage: string, parameters: RevertParameters) => ContractRevertError
type Args = readonly unknown[]

/** Each contract custom error, the SDK error it becomes, and what to tell a person about it. */
const reverts: Record<string, [RevertClass, (args: Args) => string]> = {
  ContributionRegistryCommitRevealRequired: [
    CommitRevealRequiredError,
    ([datanetId]) => `Datanet #${datanetId} only takes contributions by commit and reveal: commit first, then reveal.`,
  ],
  ContributionRegistryCommitmentExists: [
    CommitmentExistsError,
    () => 'This commitment is already waiting to be revealed.',
  ],
  ContributionRegistryCommitmentExpired: [
    CommitmentExpiredError,
    ([, expiredAt]) => `The commitment expired on ${when(expiredAt)}. Commit again.`,
  ],
  ContributionRegistryCommitmentNotFound: [
    CommitmentNotFoundError,
    () => 'No commitment matches this account, content and salt. Commit first, from the account that reveals.',
  ],
  ContributionRegistryCommitmentTooNew: [
    CommitmentTooNewError,
    ([, revealableAt]) => `The commitment is too recent: reveal it from ${when(revealableAt)}.`,
  ],
  ContributionRegistryContributionNotFound: [
    ContributionNotFoundError,
    ([contentHash]) => `No contribution is registered for content ${short(contentHash)}.`,
  ],
  ContributionRegistryNotPending: [ContributionNotPendingError, () => 'This contribution was already reviewed.'],
  ContributionRegistryDatanetNotFound: [DatanetNotFoundError, ([id]) => `There is no datanet #${id}.`],
  ContributionRegistryEmptyBatch: [EmptyBatchError, () => 'A batch needs at least one contribution.'],
  ContributionRegistryEmptyTrainingSet: [EmptyTrainingSetError, () => 'A model needs a non-empty training set root.'],
  ContributionRegistryInvalidCommitWindow: [
    InvalidCommitWindowError,
    ([min, max]) => `The commit window is invalid: its minimum age (${min} s) must be below its maximum (${max} s).`,
  ],
  ContributionRegistryInvalidContentHash: [
    InvalidContentHashError,
    () => 'The content hash is empty: hash the content before registering it.',
  ],
  ContributionRegistryInvalidNonce: [
    InvalidNonceError,
    () => 'This signature was already used or cancelled. Sign the contribution again.',
  ],
  ContributionRegistryInvalidSignature: [
    InvalidSignatureError,
    ([contributor]) => `The signature is not ${short(contributor)}'s for this registry and chain.`,
  ],
  ContributionRegistryModelNotFound: [ModelNotFoundError, ([id]) => `There is no model #${id}.`],
  ContributionRegistryNotCurator: [
    NotCuratorError,
    ([id, account]) => `${short(account)} is not a curator of datanet #${id}.`,
  ],
  ContributionRegistryNotDatanetOwner: [
    NotDatanetOwnerError,
    ([id, account]) => `${short(account)} does not own datanet #${id}.`,
  ],
  ContributionRegistrySignatureExpired: [
    SignatureExpiredError,
    ([deadline]) => `The signature expired on ${when(deadline)}. Sign the contribution again.`,
  ],
  ContributionRegistryZeroAddress: [ZeroAddressError, () => 'The zero address is not allowed here.'],
  RewardDistributorZeroAddress: [ZeroAddressError, () => 'The zero address is not allowed here.'],
  RewardDistributorZeroAmount: [ZeroAmountError, () => 'The amount must be more than zero.'],
  RewardDistributorFundingOverflow: [FundingOverflowError, () => 'That much funding cannot be accounted.'],
  RewardDistributorNotAttributor: [
    NotAttributorError,
    ([account]) => `${short(account)} may not propose reward epochs.`,
  ],
  RewardDistributorNotGuardian: [NotGuardianError, ([account]) => `${short(account)} is not a guardian.`],
  RewardDistributorInvalidRoot: [InvalidRootError, () => 'The reward tree root is empty.'],
  RewardDistributorEpochPending: [
    EpochPendingError,
    ([id]) => `Epoch ${id} is still in its dispute window; wait for it to end or have a guardian revoke it.`,
  ],
  RewardDistributorCumulativeTotalDecreased: [
    CumulativeTotalDecreasedError,
    ([previous, proposed]) => `Cumulative rewards only grow: ${proposed} is below the previous ${previous}.`,
  ],
  RewardDistributorInsufficientFunding: [
    InsufficientFundingError,
    ([total, funded]) => `The epoch promises ${total} but only ${funded} was funded.`,
  ],
  RewardDistributorNoPendingEpoch: [NoPendingEpochError, () => 'No epoch is waiting to become active.'],
  RewardDistributorDisputeWindowOpen: [
    DisputeWindowOpenError,
    ([id, activeAt]) => `Epoch ${id} is in its dispute window until ${when(activeAt)}.`,
  ],
  RewardDistributorEpochNotPending: [
    EpochNotPendingError,
    ([id]) => `Epoch ${id} is not in its dispute window, so it cannot be revoked.`,
  ],
  RewardDistributorPaused: [RewardsPausedError, () => 'Rewards are paused by a guardian. Try again later.'],
  RewardDistributorNotPaused: [RewardsNotPausedError, () => 'Rewards are not paused.'],
  RewardDistributorNoActiveEpoch: [NoActiveEpochError, () => 'No reward epoch is claimable yet.'],
  RewardDistributorInvalidProof: [
    InvalidProofError,
    ([account]) => `The proof does not match the current rewards of ${short(account)}. Reload and try again.`,
  ],
  RewardDistributorNothingToClaim: [
    NothingToClaimError,
    ([account]) => `${short(account)} has already claimed everything it earned so far.`,
  ],
  RewardDistributorEpochTotalExceeded: [
    EpochTotalExceededError,
    ([id]) => `Paying this would exceed epoch ${id}'s total: the reward tree is inconsistent. Tell the operator.`,
  ],
  RewardDistributorDisputePeriodTooLong: [
    DisputePeriodTooLongError,
    ([, max]) => `The dispute period may be at most ${max} seconds.`,
  ],
  OwnableUnauthorizedAccount: [NotOwnerError, ([account]) => `${short(account)} is not the contract's owner.`],
  OwnableInvalidOwner: [InvalidOwnerError, () => 'The owner cannot be the zero address.'],
  ReentrancyGuardReentrantCall: [ReentrantCallError, () => 'The token tried to call back into the distributor.'],
  SafeERC20FailedOperation: [TokenTransferFailedError, () => 'The reward token refused the transfer.'],
  ERC20InsufficientBalance: [
    InsufficientTokenBalanceError,
    ([account, balance, needed]) => `${short(account)} holds ${balance} tokens but ${needed} are needed.`,
  ],
  ERC20InsufficientAllowance: [
    InsufficientAllowanceError,
    ([, allowance, needed]) => `The distributor may spend ${allowance} tokens but ${needed} are needed.`,
  ],
}

/**
 * Turns what viem threw into the SDK's named error: contract reverts by their custom error, a declined wallet
 * request into `UserRejectedError`, anything else into `TransactionFailedError`. The original is kept as `cause`.
 */
export function toLedgerError(error: unknown): Error {
  if (error instanceof BaseError) return error
  if (!(error instanceof ViemBaseError)) return new TransactionFailedError(error)
  if (error.walk((e) => e instanceof UserRejectedRequestError)) return new UserRejectedError(error)
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError)
  if (reverted instanceof ContractFunctionRevertedError && reverted.data) {
    const { errorName, args = [] } = reverted.data
    if (errorName === 'ContributionRegistryAlreadyRegistered') {
      return new ContributionAlreadyRegisteredError({ errorName, args, cause: error })
    }
    const known = reverts[errorName]
    if (known) return new known[0](known[1](args), { errorName, args, cause: error })
    return new ContractRevertError(`The contract refused the call (${errorName}).`, { errorName, args, cause: error })
  }
  return new TransactionFailedError(error)
}

/** A successful transaction did not emit the event its action promises: the address is not the expected contract. */
export class EventNotFoundError extends BaseError {
  override name = 'EventNotFoundError' as const
  constructor(hash: string, eventName: string) {
    super(`Transaction ${hash} emitted no ${eventName} event. Is the deployment address right?`)
  }
}
