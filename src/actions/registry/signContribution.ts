import type { Account, Address, Hex, ReadContractErrorType, SignTypedDataErrorType } from 'viem'
import { readContract, signTypedData } from 'viem/actions'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import { AccountRequiredError } from '../../errors/account.js'
import type { Registration } from '../../registry/contribution.js'
import { registrationDomain, registrationTypes } from '../../registry/registrationTypedData.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'

export type SignContributionParameters = Registration & {
  account?: Account | Address
  /** Seconds the signature stays valid; one hour by default. */
  validFor?: number
  /** The contributor's registry nonce; read from the chain when omitted. */
  nonce?: bigint
  deployment?: LedgerDeployment
}

/** A registration signed by its contributor, ready for anyone (a relayer) to submit. Serialisable to JSON. */
export type SignedContribution = {
  contributor: Address
  registration: Registration
  nonce: string
  deadline: string
  signature: Hex
  chainId: number
  registry: Address
}
export type SignContributionReturnType = SignedContribution
/** The wallet's own errors (a declined signature among them) come as viem reports them. */
export type SignContributionErrorType =
  | AccountRequiredError
  | DeploymentErrorType
  | ReadContractErrorType
  | SignTypedDataErrorType

/**
 * Has the contributor sign a registration (EIP-712, no gas), so a relayer can submit it with
 * `registerContributionBySig`. The result is plain JSON, for a relay URL or a durable queue.
 *
 * @example
 * const signed = await signContribution(walletClient, registration)
 * await fetch(relayUrl, { method: 'POST', body: JSON.stringify(signed) })
 */
export async function signContribution(
  client: LedgerClient,
  { account = client.account, validFor = 3_600, nonce, deployment, ...registration }: SignContributionParameters,
): Promise<SignContributionReturnType> {
  if (!account) throw new AccountRequiredError()
  const contributor = typeof account === 'string' ? account : account.address
  const resolved = resolveDeployment(client, deployment)
  const currentNonce =
    nonce ??
    (await readContract(client, {
      address: resolved.registry,
      abi: [registry.nonces],
      functionName: 'nonces',
      args: [contributor],
    }))
  const deadline = BigInt(Math.floor(Date.now() / 1000) + validFor)
  const signature = await signTypedData(client, {
    account,
    domain: registrationDomain({ chainId: resolved.chainId, registry: resolved.registry }),
    types: registrationTypes,
    primaryType: 'Registration',
    message: { contributor, ...registration, nonce: currentNonce, deadline },
  })
  return {
    contributor,
    registration,
    nonce: currentNonce.toString(),
    deadline: deadline.toString(),
    signature,
    chainId: resolved.chainId,
    registry: resolved.registry,
  }
}
