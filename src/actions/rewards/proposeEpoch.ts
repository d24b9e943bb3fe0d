import type { Hex } from 'viem'
import * as distributor from '../../abis/rewardDistributor.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type {
  CumulativeTotalDecreasedError,
  EpochPendingError,
  InsufficientFundingError,
  InvalidRootError,
  NotAttributorError,
  RewardsPausedError,
} from '../../errors/contract.js'
import type { WaitErrorType, WriteErrorType } from '../internal/errorTypes.js'
import { waitForEvents } from '../internal/waitForEvent.js'
import { simulateAndWrite } from '../internal/write.js'

export type ProposeEpochParameters = {
  /** Root of the reward tree of cumulative amounts. */
  root: Hex
  /** Sum of every account's cumulative amount; never below the previous epoch's, never above what was funded. */
  cumulativeTotal: bigint
  /** keccak256 of the canonical epoch manifest, so anyone can recompute the epoch. */
  manifestHash: Hex
  manifestURI: string
  deployment?: LedgerDeployment
}
/** The transaction's hash. */
export type ProposeEpochReturnType = Hex
export type ProposeEpochErrorType =
  | WriteErrorType
  | NotAttributorError
  | RewardsPausedError
  | InvalidRootError
  | EpochPendingError
  | CumulativeTotalDecreasedError
  | InsufficientFundingError

export type ProposeEpochAndWaitParameters = ProposeEpochParameters
export type ProposeEpochAndWaitReturnType = {
  hash: Hex
  epochId: number
  root: Hex
  cumulativeTotal: bigint
  manifestHash: Hex
  manifestURI: string
  /** When the epoch becomes claimable, unless a guardian revokes it first. */
  activeAt: Date
}
export type ProposeEpochAndWaitErrorType = ProposeEpochErrorType | WaitErrorType

/**
 * Proposes an attribution epoch (attributors only). It becomes claimable after the dispute period unless a
 * guardian revokes it. Returns the transaction hash.
 *
 * @example
 * await proposeEpoch(attributorClient, { root: tree.root, cumulativeTotal, manifestHash, manifestURI })
 */
export async function proposeEpoch(
  client: LedgerClient,
  { root, cumulativeTotal, manifestHash, manifestURI, deployment }: ProposeEpochParameters,
): Promise<ProposeEpochReturnType> {
  return simulateAndWrite(client, {
    address: resolveDeployment(client, deployment).distributor,
    abi: [distributor.proposeEpoch, ...distributor.rewardDistributorErrors],
    functionName: 'proposeEpoch',
    args: [root, cumulativeTotal, manifestHash, manifestURI],
  })
}

/**
 * Proposes an epoch and waits: returns its id and when it becomes claimable.
 *
 * @example
 * const { epochId, activeAt } = await proposeEpochAndWait(attributorClient, parameters)
 */
export async function proposeEpochAndWait(
  client: LedgerClient,
  parameters: ProposeEpochAndWaitParameters,
): Promise<ProposeEpochAndWaitReturnType> {
  const hash = await proposeEpoch(client, parameters)
  const { first } = await waitForEvents(client, { hash, abi: [distributor.EpochProposed], eventName: 'EpochProposed' })
  return { hash, ...first.args, activeAt: new Date(first.args.activeAt * 1000) }
}
