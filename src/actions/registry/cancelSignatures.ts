import type { Hex } from 'viem'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { WriteErrorType } from '../internal/errorTypes.js'
import { simulateAndWrite } from '../internal/write.js'

export type CancelSignaturesParameters = { deployment?: LedgerDeployment }
/** The transaction's hash. */
export type CancelSignaturesReturnType = Hex
export type CancelSignaturesErrorType = WriteErrorType

/**
 * Cancels every registration the client's account signed and nobody has submitted yet, by using up its nonce.
 * Returns the transaction hash.
 *
 * @example
 * await cancelSignatures(walletClient)
 */
export async function cancelSignatures(
  client: LedgerClient,
  { deployment }: CancelSignaturesParameters = {},
): Promise<CancelSignaturesReturnType> {
  return simulateAndWrite(client, {
    address: resolveDeployment(client, deployment).registry,
    abi: [registry.invalidateNonce, ...registry.contributionRegistryErrors],
    functionName: 'invalidateNonce',
    args: [],
  })
}
