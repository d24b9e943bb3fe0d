import type { Hex } from 'viem'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { InvalidNonceError, InvalidSignatureError, SignatureExpiredError } from '../../errors/contract.js'
import type { WaitErrorType, WriteErrorType } from '../internal/errorTypes.js'
import { simulateAndWrite } from '../internal/write.js'
import {
  type RegisterContributionAndWaitReturnType,
  type RegistrationRevertErrorType,
  waitForRegistrations,
} from './registerContribution.js'
import type { SignedContribution } from './signContribution.js'

export type RegisterContributionBySigParameters = {
  signed: SignedContribution
  deployment?: LedgerDeployment
}
/** The transaction's hash. */
export type RegisterContributionBySigReturnType = Hex
export type RegisterContributionBySigErrorType =
  | WriteErrorType
  | RegistrationRevertErrorType
  | SignatureExpiredError
  | InvalidNonceError
  | InvalidSignatureError

export type RegisterContributionBySigAndWaitParameters = RegisterContributionBySigParameters
export type RegisterContributionBySigAndWaitReturnType = RegisterContributionAndWaitReturnType
export type RegisterContributionBySigAndWaitErrorType = RegisterContributionBySigErrorType | WaitErrorType

/**
 * Submits a contribution its contributor signed, paying the gas from the client's account: the contributor is
 * credited, not the sender. Returns the transaction hash.
 *
 * @example
 * const hash = await registerContributionBySig(relayerClient, { signed })
 */
export async function registerContributionBySig(
  client: LedgerClient,
  { signed, deployment }: RegisterContributionBySigParameters,
): Promise<RegisterContributionBySigReturnType> {
  return simulateAndWrite(client, {
    address: resolveDeployment(client, deployment).registry,
    abi: [registry.registerBySig, ...registry.contributionRegistryErrors],
    functionName: 'registerBySig',
    args: [signed.contributor, signed.registration, BigInt(signed.nonce), BigInt(signed.deadline), signed.signature],
  })
}

/**
 * Submits a signed contribution and waits: returns its registration event.
 *
 * @example
 * const { contributor } = await registerContributionBySigAndWait(relayerClient, { signed })
 */
export async function registerContributionBySigAndWait(
  client: LedgerClient,
  parameters: RegisterContributionBySigAndWaitParameters,
): Promise<RegisterContributionBySigAndWaitReturnType> {
  const hash = await registerContributionBySig(client, parameters)
  const [registered] = await waitForRegistrations(client, hash)
  return registered as NonNullable<typeof registered>
}
