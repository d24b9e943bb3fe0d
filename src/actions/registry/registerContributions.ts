import type { Hex } from 'viem'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { EmptyBatchError } from '../../errors/contract.js'
import type { Registration } from '../../registry/contribution.js'
import type { WaitErrorType, WriteErrorType } from '../internal/errorTypes.js'
import { simulateAndWrite } from '../internal/write.js'
import {
  type RegistrationRevertErrorType,
  type WaitForRegistrationsReturnType,
  waitForRegistrations,
} from './registerContribution.js'

export type RegisterContributionsParameters = {
  registrations: readonly Registration[]
  deployment?: LedgerDeployment
}
/** The transaction's hash. */
export type RegisterContributionsReturnType = Hex
export type RegisterContributionsErrorType = WriteErrorType | RegistrationRevertErrorType | EmptyBatchError

export type RegisterContributionsAndWaitParameters = RegisterContributionsParameters
/** One registration per content, in the order given. */
export type RegisterContributionsAndWaitReturnType = WaitForRegistrationsReturnType
export type RegisterContributionsAndWaitErrorType = RegisterContributionsErrorType | WaitErrorType

/**
 * Registers several contents for the client's account in one transaction (about 62,000 gas each at 100), all or
 * nothing. Returns the transaction hash.
 *
 * @example
 * const hash = await registerContributions(walletClient, { registrations })
 */
export async function registerContributions(
  client: LedgerClient,
  { registrations, deployment }: RegisterContributionsParameters,
): Promise<RegisterContributionsReturnType> {
  return simulateAndWrite(client, {
    address: resolveDeployment(client, deployment).registry,
    abi: [registry.registerBatch, ...registry.contributionRegistryErrors],
    functionName: 'registerBatch',
    args: [registrations],
  })
}

/**
 * Registers several contents and waits: returns one registration event per content, in order.
 *
 * @example
 * const registered = await registerContributionsAndWait(walletClient, { registrations })
 */
export async function registerContributionsAndWait(
  client: LedgerClient,
  parameters: RegisterContributionsAndWaitParameters,
): Promise<RegisterContributionsAndWaitReturnType> {
  return waitForRegistrations(client, await registerContributions(client, parameters))
}
