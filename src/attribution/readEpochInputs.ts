import type { Address, Hex } from 'viem'
import { readContract } from 'viem/actions'
import * as distributor from '../abis/rewardDistributor.js'
import { getContributionsByHash } from '../actions/registry/getContributionsByHash.js'
import { getModel } from '../actions/registry/getModel.js'
import { type LedgerDeployment, resolveDeployment } from '../chains.js'
import type { LedgerClient } from '../client.js'
import { EpochInputError } from './epochManifest.js'

export type ReadEpochInputsParameters = {
  modelId: number
  /** The model's training contributions, in the order their embeddings will be given. */
  contentHashes: readonly Hex[]
  deployment?: LedgerDeployment
}

/**
 * Reads from the chain everything an epoch takes from it: the deployment, the next epoch id, the model's
 * training-set root and each training contribution's registered contributor. Refuses contributions that are not
 * registered and accepted.
 *
 * @example
 * const inputs = await readEpochInputs(client, { modelId: 1, contentHashes })
 * const { manifest } = await buildEpoch({ ...inputs, train, test, k: 5, budget })
 */
export async function readEpochInputs(
  client: LedgerClient,
  { modelId, contentHashes, deployment }: ReadEpochInputsParameters,
) {
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
