import type { Address, Hex, ReadContractErrorType } from 'viem'
import { readContract } from 'viem/actions'
import * as distributor from '../../abis/rewardDistributor.js'
import { EpochInputError } from '../../attribution/epochManifest.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'
import { getContributionsByHash } from '../registry/getContributionsByHash.js'
import { getModel } from '../registry/getModel.js'

export type ReadEpochInputsParameters = {
  modelId: number
  /** The model's training contributions, in the order their embeddings will be given. */
  contentHashes: readonly Hex[]
  deployment?: LedgerDeployment | undefined
}

/** What `buildEpoch` takes from the chain. */
export type ReadEpochInputsReturnType = {
  chainId: number
  registry: Address
  distributor: Address
  /** The id the epoch will have once proposed: one past the last proposed epoch's. */
  epochId: number
  modelId: number
  trainingSetRoot: Hex
  /** Each training contribution's registered contributor, in the order of `contentHashes`. */
  contributors: Address[]
}

export type ReadEpochInputsErrorType = EpochInputError | DeploymentErrorType | ReadContractErrorType

/**
 * Reads from the chain everything an epoch takes from it: the deployment, the next epoch id, the model's
 * training-set root and each training contribution's registered contributor. Refuses, with `EpochInputError`, a model
 * that does not exist and contributions that are not registered and accepted.
 *
 * @example
 * import { readEpochInputs } from 'attribution-ledger'
 * import { buildEpoch } from 'attribution-ledger/attribution'
 *
 * const inputs = await readEpochInputs(client, { modelId: 1, contentHashes })
 * const { manifest } = await buildEpoch({ ...inputs, train, test, k: 5, budget })
 */
export async function readEpochInputs(
  client: LedgerClient,
  { modelId, contentHashes, deployment }: ReadEpochInputsParameters,
): Promise<ReadEpochInputsReturnType> {
  const resolved = resolveDeployment(client, deployment)
  const [model, contributions, epochCount] = await Promise.all([
    getModel(client, { modelId, deployment: resolved }),
    getContributionsByHash(client, { contentHashes, deployment: resolved }),
    readContract(client, { address: resolved.distributor, abi: [distributor.epochCount], functionName: 'epochCount' }),
  ])
  if (!model) throw new EpochInputError(`There is no model #${modelId}.`)
  const contributors: Address[] = contributions.map((contribution, i) => {
    if (contribution?.status !== 'accepted') {
      throw new EpochInputError(
        `Training contribution ${contentHashes[i]} is ${contribution?.status ?? 'not registered'}, not accepted.`,
      )
    }
    return contribution.contributor
  })
  return {
    chainId: resolved.chainId,
    registry: resolved.registry,
    distributor: resolved.distributor,
    epochId: epochCount + 1,
    modelId,
    trainingSetRoot: model.trainingSetRoot,
    contributors,
  }
}
