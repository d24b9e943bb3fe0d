import type { Hex } from 'viem'
import { readContract } from 'viem/actions'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { ModelNotFoundError, TransactionFailedError } from '../../errors/contract.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'
import { readOrThrow } from '../internal/write.js'

export type VerifyContributionInModelParameters = {
  modelId: number
  contentHash: Hex
  /** From `proveContributionInModel`. */
  proof: readonly Hex[]
  deployment?: LedgerDeployment
}
/** True when the content hash is in the model's registered training set. */
export type VerifyContributionInModelReturnType = boolean
/** `TransactionFailedError` when the node could not answer. */
export type VerifyContributionInModelErrorType = DeploymentErrorType | ModelNotFoundError | TransactionFailedError

/**
 * Answers "was my data used to train model M?" on-chain: true when the proof places the content hash in the
 * model's registered training set. Throws `ModelNotFoundError` for an unknown model.
 *
 * @example
 * const used = await verifyContributionInModel(client, { modelId: 1, contentHash, proof })
 */
export async function verifyContributionInModel(
  client: LedgerClient,
  { modelId, contentHash, proof, deployment }: VerifyContributionInModelParameters,
): Promise<VerifyContributionInModelReturnType> {
  return readOrThrow(() =>
    readContract(client, {
      address: resolveDeployment(client, deployment).registry,
      abi: [registry.isInTrainingSet, ...registry.contributionRegistryErrors],
      functionName: 'isInTrainingSet',
      args: [modelId, contentHash, proof],
    }),
  )
}
