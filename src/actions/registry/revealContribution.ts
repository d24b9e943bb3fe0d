import type { Hex } from 'viem'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type {
  CommitmentExpiredError,
  CommitmentNotFoundError,
  CommitmentTooNewError,
  ContributionAlreadyRegisteredError,
  DatanetNotFoundError,
  InvalidContentHashError,
} from '../../errors/contract.js'
import type { Registration } from '../../registry/contribution.js'
import type { WaitErrorType, WriteErrorType } from '../internal/errorTypes.js'
import { simulateAndWrite } from '../internal/write.js'
import { type RegisterContributionAndWaitReturnType, waitForRegistrations } from './registerContribution.js'

export type RevealContributionParameters = Registration & { salt: Hex; deployment?: LedgerDeployment }
/** The transaction's hash. */
export type RevealContributionReturnType = Hex
export type RevealContributionErrorType =
  | WriteErrorType
  | CommitmentNotFoundError
  | CommitmentTooNewError
  | CommitmentExpiredError
  | ContributionAlreadyRegisteredError
  | DatanetNotFoundError
  | InvalidContentHashError

export type RevealContributionAndWaitParameters = RevealContributionParameters
export type RevealContributionAndWaitReturnType = RegisterContributionAndWaitReturnType
export type RevealContributionAndWaitErrorType = RevealContributionErrorType | WaitErrorType

/**
 * Registers content against the client account's earlier commitment. Returns the transaction hash.
 *
 * @example
 * await revealContribution(walletClient, { ...registration, salt })
 */
export async function revealContribution(
  client: LedgerClient,
  { salt, deployment, ...registration }: RevealContributionParameters,
): Promise<RevealContributionReturnType> {
  return simulateAndWrite(client, {
    address: resolveDeployment(client, deployment).registry,
    abi: [registry.reveal, ...registry.contributionRegistryErrors],
    functionName: 'reveal',
    args: [registration, salt],
  })
}

/**
 * Reveals a committed contribution and waits: returns its registration event.
 *
 * @example
 * const { contributor } = await revealContributionAndWait(walletClient, { ...registration, salt })
 */
export async function revealContributionAndWait(
  client: LedgerClient,
  parameters: RevealContributionAndWaitParameters,
): Promise<RevealContributionAndWaitReturnType> {
  const [registered] = await waitForRegistrations(client, await revealContribution(client, parameters))
  return registered as NonNullable<typeof registered>
}
