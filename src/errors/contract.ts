import { ContractFunctionRevertedError, UserRejectedRequestError, BaseError as ViemBaseError } from 'viem'
import { formatDate, shortHash } from '../format.js'
import { BaseError } from './base.js'

type RevertParameters = { errorName: string; args: readonly unknown[]; cause?: unknown }

/**
 * A contract call reverted; `errorName` and `args` are the contract's own. Every custom error of these contracts has
 * a subclass below, so catch those: a bare `ContractRevertError` is a revert the SDK has no class for.
 */
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

/**
 * A registration named content that is registered already: `contributor` and `registeredAt` say by whom and when.
 * Content is credited to its first contributor only, so there is nothing to retry.
 */
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

/**
 * A direct registration in a datanet that only takes contributions by commit and reveal. Call `commitContribution`,
 * wait the registry's minimum commitment age, then `revealContribution` with the same salt. Contract error:
 * `ContributionRegistryCommitRevealRequired`.
 */
export class CommitRevealRequiredError extends ContractRevertError {
  override name = 'CommitRevealRequiredError' as const
}

/**
 * The same commitment is already waiting to be revealed and has not expired. Reveal it with its salt, or commit again
 * with a fresh salt. Contract error: `ContributionRegistryCommitmentExists`.
 */
export class CommitmentExistsError extends ContractRevertError {
  override name = 'CommitmentExistsError' as const
}

/**
 * A reveal came after the registry's maximum commitment age, so the commitment can no longer be revealed. Commit
 * again and reveal within the window. Contract error: `ContributionRegistryCommitmentExpired`.
 */
export class CommitmentExpiredError extends ContractRevertError {
  override name = 'CommitmentExpiredError' as const
}

/**
 * A reveal matches no commitment: it came from another account than the commit, or with another salt or content.
 * Reveal from the committing account with the salt `commitContribution` returned. Contract error:
 * `ContributionRegistryCommitmentNotFound`.
 */
export class CommitmentNotFoundError extends ContractRevertError {
  override name = 'CommitmentNotFoundError' as const
}

/**
 * A reveal came before the registry's minimum commitment age. Reveal again from the time the message names. Contract
 * error: `ContributionRegistryCommitmentTooNew`.
 */
export class CommitmentTooNewError extends ContractRevertError {
  override name = 'CommitmentTooNewError' as const
}

/**
 * A review named content that nobody registered. Check the content hash. Contract error:
 * `ContributionRegistryContributionNotFound`.
 */
export class ContributionNotFoundError extends ContractRevertError {
  override name = 'ContributionNotFoundError' as const
}

/**
 * A review came for a contribution that was already accepted or rejected; there is nothing left to review. Contract
 * error: `ContributionRegistryNotPending`.
 */
export class ContributionNotPendingError extends ContractRevertError {
  override name = 'ContributionNotPendingError' as const
}

/**
 * A registration, model or datanet change named a datanet id that does not exist. Check the id with `getDatanet`.
 * Contract error: `ContributionRegistryDatanetNotFound`.
 */
export class DatanetNotFoundError extends ContractRevertError {
  override name = 'DatanetNotFoundError' as const
}

/**
 * `registerContributions` was given no registrations. Pass at least one. Contract error:
 * `ContributionRegistryEmptyBatch`.
 */
export class EmptyBatchError extends ContractRevertError {
  override name = 'EmptyBatchError' as const
}

/**
 * A model was registered with a zero training-set root. Compute the root with `trainingSetRootOf`. Contract error:
 * `ContributionRegistryEmptyTrainingSet`.
 */
export class EmptyTrainingSetError extends ContractRevertError {
  override name = 'EmptyTrainingSetError' as const
}

/**
 * The registry was deployed with a minimum commitment age that is not below its maximum. Deploy it with a minimum
 * below the maximum. Contract error: `ContributionRegistryInvalidCommitWindow`.
 */
export class InvalidCommitWindowError extends ContractRevertError {
  override name = 'InvalidCommitWindowError' as const
}

/**
 * The content hash is zero. Hash the content with `hashContent` before registering it. Contract error:
 * `ContributionRegistryInvalidContentHash`.
 */
export class InvalidContentHashError extends ContractRevertError {
  override name = 'InvalidContentHashError' as const
}

/**
 * A signature's nonce was already used, or cancelled with `cancelSignatures`, so the signature can never be
 * submitted. Have its signer sign again. Contract errors: `ContributionRegistryInvalidNonce`, `InvalidAccountNonce`.
 */
export class InvalidNonceError extends ContractRevertError {
  override name = 'InvalidNonceError' as const
}

/**
 * A signature is malformed, was made by another account than the one it names, or was made for another contract or
 * chain. Sign again with the right account, on the right chain. Contract errors:
 * `ContributionRegistryInvalidSignature`, `ERC2612InvalidSigner`, `ECDSAInvalidSignature`,
 * `ECDSAInvalidSignatureLength`, `ECDSAInvalidSignatureS`.
 */
export class InvalidSignatureError extends ContractRevertError {
  override name = 'InvalidSignatureError' as const
}

/**
 * No model has this id. Check the id with `getModel`. Contract error: `ContributionRegistryModelNotFound`.
 */
export class ModelNotFoundError extends ContractRevertError {
  override name = 'ModelNotFoundError' as const
}

/**
 * The reviewing account is not a curator of the contribution's datanet. Review from a curator's account, or ask the
 * datanet's owner to add this one. Contract error: `ContributionRegistryNotCurator`.
 */
export class NotCuratorError extends ContractRevertError {
  override name = 'NotCuratorError' as const
}

/**
 * Only the datanet's owner may change it or its curators. Send from the owner's account. Contract error:
 * `ContributionRegistryNotDatanetOwner`.
 */
export class NotDatanetOwnerError extends ContractRevertError {
  override name = 'NotDatanetOwnerError' as const
}

/**
 * A signature's deadline passed before it was submitted. Have its signer sign again (`signContribution`'s `validFor`
 * sets how long a signature lasts). Contract errors: `ContributionRegistrySignatureExpired`,
 * `ERC2612ExpiredSignature`.
 */
export class SignatureExpiredError extends ContractRevertError {
  override name = 'SignatureExpiredError' as const
}

/**
 * The zero address was given where an account or contract is needed. Pass a real address. Contract errors:
 * `ContributionRegistryZeroAddress`, `RewardDistributorZeroAddress`, `ERC20InvalidApprover`, `ERC20InvalidReceiver`,
 * `ERC20InvalidSender`, `ERC20InvalidSpender`.
 */
export class ZeroAddressError extends ContractRevertError {
  override name = 'ZeroAddressError' as const
}

/**
 * A contract was deployed with a name longer than it can store. Deploy it with a shorter name. Contract error:
 * `StringTooLong`.
 */
export class StringTooLongError extends ContractRevertError {
  override name = 'StringTooLongError' as const
}

/**
 * A contract read back a malformed short string: its bytecode is not these contracts'. Check the deployment. Contract
 * error: `InvalidShortString`.
 */
export class InvalidShortStringError extends ContractRevertError {
  override name = 'InvalidShortStringError' as const
}

/**
 * Funding of zero, or of a token that delivered nothing. Fund a positive amount of a token that transfers it.
 * Contract error: `RewardDistributorZeroAmount`.
 */
export class ZeroAmountError extends ContractRevertError {
  override name = 'ZeroAmountError' as const
}

/**
 * Funding would take the distributor's total past what it can account (2¹²⁸ − 1 units). Fund less. Contract error:
 * `RewardDistributorFundingOverflow`.
 */
export class FundingOverflowError extends ContractRevertError {
  override name = 'FundingOverflowError' as const
}

/**
 * The account proposing an epoch does not have the attributor role. Propose from an attributor's account, or ask the
 * owner to grant the role. Contract error: `RewardDistributorNotAttributor`.
 */
export class NotAttributorError extends ContractRevertError {
  override name = 'NotAttributorError' as const
}

/**
 * Pausing, unpausing or revoking needs the guardian role, which this account does not have. Send from a guardian's
 * account. Contract error: `RewardDistributorNotGuardian`.
 */
export class NotGuardianError extends ContractRevertError {
  override name = 'NotGuardianError' as const
}

/**
 * An epoch was proposed with a zero reward tree root. Build the tree with `buildRewardTree` and propose its root.
 * Contract error: `RewardDistributorInvalidRoot`.
 */
export class InvalidRootError extends ContractRevertError {
  override name = 'InvalidRootError' as const
}

/**
 * A new epoch was proposed while the previous one is still in its dispute window. Wait for the window to end, or have
 * a guardian revoke the pending epoch. Contract error: `RewardDistributorEpochPending`.
 */
export class EpochPendingError extends ContractRevertError {
  override name = 'EpochPendingError' as const
}

/**
 * An epoch's cumulative total is below the previous epoch's: cumulative rewards only grow. Build the epoch on top of
 * the previous one. Contract error: `RewardDistributorCumulativeTotalDecreased`.
 */
export class CumulativeTotalDecreasedError extends ContractRevertError {
  override name = 'CumulativeTotalDecreasedError' as const
}

/**
 * An epoch promises more than the distributor was funded with. Fund the difference with `fundRewards` first. Contract
 * error: `RewardDistributorInsufficientFunding`.
 */
export class InsufficientFundingError extends ContractRevertError {
  override name = 'InsufficientFundingError' as const
}

/**
 * There is no proposed epoch to accept. Propose one with `proposeEpoch` first. Contract error:
 * `RewardDistributorNoPendingEpoch`.
 */
export class NoPendingEpochError extends ContractRevertError {
  override name = 'NoPendingEpochError' as const
}

/**
 * The pending epoch is still in its dispute window. Accept it after the time the message names. Contract error:
 * `RewardDistributorDisputeWindowOpen`.
 */
export class DisputeWindowOpenError extends ContractRevertError {
  override name = 'DisputeWindowOpenError' as const
}

/**
 * A guardian tried to revoke an epoch that is not in its dispute window: only a pending epoch can be revoked.
 * Contract error: `RewardDistributorEpochNotPending`.
 */
export class EpochNotPendingError extends ContractRevertError {
  override name = 'EpochNotPendingError' as const
}

/**
 * A guardian paused claims and funding. Balances and claimed amounts are unchanged; try again once unpaused. Contract
 * error: `RewardDistributorPaused`.
 */
export class RewardsPausedError extends ContractRevertError {
  override name = 'RewardsPausedError' as const
}

/**
 * An unpause came while rewards were not paused; there is nothing to do. Contract error:
 * `RewardDistributorNotPaused`.
 */
export class RewardsNotPausedError extends ContractRevertError {
  override name = 'RewardsNotPausedError' as const
}

/**
 * No reward epoch has become claimable yet. Try again after the first epoch's dispute window. Contract error:
 * `RewardDistributorNoActiveEpoch`.
 */
export class NoActiveEpochError extends ContractRevertError {
  override name = 'NoActiveEpochError' as const
}

/**
 * A claim's proof does not match the active epoch's reward tree, usually because a newer epoch replaced it. Read the
 * current proof (`getClaimable`) and claim again. Contract error: `RewardDistributorInvalidProof`.
 */
export class InvalidProofError extends ContractRevertError {
  override name = 'InvalidProofError' as const
}

/**
 * The account has already claimed everything the active epoch gives it. Wait for the next epoch. Contract error:
 * `RewardDistributorNothingToClaim`.
 */
export class NothingToClaimError extends ContractRevertError {
  override name = 'NothingToClaimError' as const
}

/**
 * Paying a claim would exceed the epoch's cumulative total: the epoch's reward tree is inconsistent. Tell the
 * distributor's operator; nothing was paid. Contract error: `RewardDistributorEpochTotalExceeded`.
 */
export class EpochTotalExceededError extends ContractRevertError {
  override name = 'EpochTotalExceededError' as const
}

/**
 * A dispute period was set above the distributor's maximum. Choose a shorter period. Contract error:
 * `RewardDistributorDisputePeriodTooLong`.
 */
export class DisputePeriodTooLongError extends ContractRevertError {
  override name = 'DisputePeriodTooLongError' as const
}

/**
 * Only the contract's owner may do this. Send from the owner's account. Contract error: `OwnableUnauthorizedAccount`.
 */
export class NotOwnerError extends ContractRevertError {
  override name = 'NotOwnerError' as const
}

/**
 * A contract was deployed, or handed over, with the zero address as its owner. Pass a real owner. Contract error:
 * `OwnableInvalidOwner`.
 */
export class InvalidOwnerError extends ContractRevertError {
  override name = 'InvalidOwnerError' as const
}

/**
 * The reward token called back into the distributor during a transfer, which is refused. Use a token that does not
 * call back. Contract error: `ReentrancyGuardReentrantCall`.
 */
export class ReentrantCallError extends ContractRevertError {
  override name = 'ReentrantCallError' as const
}

/**
 * The reward token refused or failed a transfer. Check the token, and the balance and allowance it needs. Contract
 * error: `SafeERC20FailedOperation`.
 */
export class TokenTransferFailedError extends ContractRevertError {
  override name = 'TokenTransferFailedError' as const
}

/**
 * An account holds fewer tokens than a transfer needs. Top up the balance, or move less. Contract error:
 * `ERC20InsufficientBalance`.
 */
export class InsufficientTokenBalanceError extends ContractRevertError {
  override name = 'InsufficientTokenBalanceError' as const
}

/**
 * The distributor may not spend as many of the funder's tokens as funding needs. Approve at least the amount first.
 * Contract error: `ERC20InsufficientAllowance`.
 */
export class InsufficientAllowanceError extends ContractRevertError {
  override name = 'InsufficientAllowanceError' as const
}

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
  ERC20InvalidApprover: [ZeroAddressError, () => 'The zero address cannot approve token spending.'],
  ERC20InvalidReceiver: [ZeroAddressError, () => 'Tokens cannot be sent to the zero address.'],
  ERC20InvalidSender: [ZeroAddressError, () => 'Tokens cannot be sent from the zero address.'],
  ERC20InvalidSpender: [ZeroAddressError, () => 'The zero address cannot be allowed to spend tokens.'],
  ERC2612ExpiredSignature: [
    SignatureExpiredError,
    ([deadline]) => `The permit signature expired on ${when(deadline)}. Sign the permit again.`,
  ],
  ERC2612InvalidSigner: [
    InvalidSignatureError,
    ([signer, owner]) => `The permit is signed by ${short(signer)}, not by the token owner ${short(owner)}.`,
  ],
  ECDSAInvalidSignature: [InvalidSignatureError, () => 'The signature is not valid. Sign again.'],
  ECDSAInvalidSignatureLength: [
    InvalidSignatureError,
    ([length]) => `The signature is ${length} bytes long, which no valid signature is. Sign again.`,
  ],
  ECDSAInvalidSignatureS: [InvalidSignatureError, () => 'The signature is malformed. Sign again.'],
  InvalidAccountNonce: [InvalidNonceError, () => 'This signature was already used or cancelled. Sign again.'],
  StringTooLong: [StringTooLongError, () => 'A name is too long for the contract to store.'],
  InvalidShortString: [InvalidShortStringError, () => 'The contract read back a malformed name.'],
}

/**
 * Turns what viem threw into the SDK's named error: contract reverts by their custom error, a declined wallet
 * request into `UserRejectedError`, anything else into `TransactionFailedError`. The original is kept as `cause`.
 */
export function toLedgerError(error: unknown): BaseError {
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
