import type { Address, Hex } from 'viem'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type {
  CommitRevealRequiredError,
  ContributionAlreadyRegisteredError,
  DatanetNotFoundError,
  InvalidContentHashError,
} from '../../errors/contract.js'
import type { ContributionStatus, Registration } from '../../registry/contribution.js'
import type { WaitErrorType, WriteErrorType } from '../internal/errorTypes.js'
import type { WaitForConfirmationsParameters } from '../internal/waitForConfirmations.js'
import { waitForEvents } from '../internal/waitForEvent.js'
import { simulateAndWrite } from '../internal/write.js'

export type RegisterContributionParameters = Registration & { deployment?: LedgerDeployment }
/** The transaction's hash. */
export type RegisterContributionReturnType = Hex
/** Why the registry refuses a registration, whichever way it arrives. */
export type RegistrationRevertErrorType =
  | ContributionAlreadyRegisteredError
  | DatanetNotFoundError
  | CommitRevealRequiredError
  | InvalidContentHashError
export type RegisterContributionErrorType = WriteErrorType | RegistrationRevertErrorType

export type RegisterContributionAndWaitParameters = RegisterContributionParameters
export type RegisterContributionAndWaitReturnType = WaitForRegistrationsReturnType[number]
export type RegisterContributionAndWaitErrorType = RegisterContributionErrorType | WaitErrorType

export type WaitForRegistrationsParameters = Pick<WaitForConfirmationsParameters, 'confirmations' | 'onProgress'>
/** One entry per contribution the transaction registered, in order. */
export type WaitForRegistrationsReturnType = {
  hash: Hex
  blockNumber: bigint
  contentHash: Hex
  contributor: Address
  datanetId: number
  metadataHash: Hex
  metadataURI: string
  /** `'pending'` in a curated datanet, until a curator reviews it. */
  status: ContributionStatus
}[]
export type WaitForRegistrationsErrorType = WaitErrorType

/**
 * Registers content for the client's account and returns the transaction hash. A duplicate fails before anything is
 * signed, with `ContributionAlreadyRegisteredError` naming who registered it and when.
 *
 * @example
 * const hash = await registerContribution(walletClient, {
 *   datanetId: 1,
 *   contentHash: await hashContent(file),
 *   metadataHash: metadataHash(metadata),
 *   metadataURI: metadataToDataURI(metadata),
 * })
 */
export async function registerContribution(
  client: LedgerClient,
  { deployment, ...registration }: RegisterContributionParameters,
): Promise<RegisterContributionReturnType> {
  return simulateAndWrite(client, {
    address: resolveDeployment(client, deployment).registry,
    abi: [registry.register, ...registry.contributionRegistryErrors],
    functionName: 'register',
    args: [registration],
  })
}

/**
 * Registers content and waits: returns the registered contribution's event (contributor, datanet, status).
 *
 * @example
 * const { status } = await registerContributionAndWait(walletClient, registration) // 'accepted' or 'pending'
 */
export async function registerContributionAndWait(
  client: LedgerClient,
  parameters: RegisterContributionAndWaitParameters,
): Promise<RegisterContributionAndWaitReturnType> {
  const hash = await registerContribution(client, parameters)
  const [registered] = await waitForRegistrations(client, hash)
  return registered as NonNullable<typeof registered>
}

const statuses = ['pending', 'pending', 'accepted', 'rejected'] as const

/**
 * The contributions a mined transaction registered, in order, once it has `confirmations` blocks (1 by default).
 * `onProgress` hears each confirmation, and when a reorganisation sends the transaction back to pending.
 *
 * @example
 * const hash = await registerContribution(walletClient, registration)
 * const [registered] = await waitForRegistrations(client, hash, {
 *   confirmations: 3,
 *   onProgress: (progress) => console.log(progress.status),
 * })
 */
export async function waitForRegistrations(
  client: LedgerClient,
  hash: Hex,
  { confirmations = 1, onProgress }: WaitForRegistrationsParameters = {},
): Promise<WaitForRegistrationsReturnType> {
  const { events } = await waitForEvents(client, {
    hash,
    confirmations,
    onProgress,
    abi: [registry.ContributionRegistered],
    eventName: 'ContributionRegistered',
  })
  return events.map(({ args, blockNumber }) => ({
    hash,
    blockNumber,
    contentHash: args.contentHash,
    contributor: args.contributor,
    datanetId: args.datanetId,
    metadataHash: args.metadataHash,
    metadataURI: args.metadataURI,
    status: statuses[args.status] ?? 'pending',
  }))
}
