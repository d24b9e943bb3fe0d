import type { DeploymentChainMismatchError, DeploymentNotFoundError } from '../../chains.js'
import type { AccountRequiredError } from '../../errors/account.js'
import type {
  EventNotFoundError,
  TransactionFailedError,
  TransactionRevertedError,
  UserRejectedError,
} from '../../errors/contract.js'
import type { TransactionDroppedError, TransactionReplacedError } from '../../errors/transaction.js'

// The pieces each action's `XErrorType` is built from. Reverts are listed per action, since each contract function
// reverts for its own reasons.

/** Finding the contracts: no deployment for the client's chain, or one for another chain (`resolveDeployment`). */
export type DeploymentErrorType = DeploymentNotFoundError | DeploymentChainMismatchError

/** A write that did not get sent, for a reason other than one of the contract's reverts (`simulateAndWrite`). */
export type WriteErrorType = DeploymentErrorType | AccountRequiredError | UserRejectedError | TransactionFailedError

/** A sent transaction that did not end with the expected event (`waitForEvents`). */
export type WaitErrorType =
  | TransactionRevertedError
  | TransactionReplacedError
  | TransactionDroppedError
  | EventNotFoundError
