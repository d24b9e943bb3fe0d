import type { Address, GetLogsErrorType, Hex, ReadContractErrorType } from 'viem'
import { readContract } from 'viem/actions'
import * as registry from '../../abis/contributionRegistry.js'
import * as distributor from '../../abis/rewardDistributor.js'
import { type ContributionRegistration, EpochInputError } from '../../attribution/epochManifest.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'
import { getLogsInRanges } from '../internal/getLogsInRanges.js'
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
  /** The model's registered owner: the only operator whose signed usage log `buildEpoch` accepts for the model. */
  modelOwner: Address
  /** Each training contribution's registered contributor, in the order of `contentHashes`. */
  contributors: Address[]
  /**
   * Where each training contribution's registration event sits on-chain (block number, then log index), in the order
   * of `contentHashes`: which of two contributions was registered first.
   */
  registrations: ContributionRegistration[]
}

export type ReadEpochInputsErrorType = EpochInputError | DeploymentErrorType | ReadContractErrorType | GetLogsErrorType

// Content hashes per eth_getLogs filter: nodes cap how many values one topic may list.
const HASHES_PER_FILTER = 200

/** Each content hash's registration event position; a content hash registers once, so it has one event. */
async function registrationsOf(
  client: LedgerClient,
  contentHashes: readonly Hex[],
  { registry: address, blockNumber }: LedgerDeployment,
): Promise<ContributionRegistration[]> {
  const found = new Map<string, ContributionRegistration>()
  for (let start = 0; start < contentHashes.length; start += HASHES_PER_FILTER) {
    const logs = (await getLogsInRanges(client, {
      address,
      event: registry.ContributionRegistered,
      args: { contentHash: contentHashes.slice(start, start + HASHES_PER_FILTER) },
      fromBlock: blockNumber,
    })) as unknown as { args: { contentHash: Hex }; blockNumber: bigint; logIndex: number }[]
    for (const log of logs) {
      const key = log.args.contentHash.toLowerCase()
      if (!found.has(key)) found.set(key, { blockNumber: Number(log.blockNumber), logIndex: log.logIndex })
    }
  }
  return contentHashes.map((contentHash) => {
    const registration = found.get(contentHash.toLowerCase())
    if (!registration) {
      throw new EpochInputError(
        `No registration event for training contribution ${contentHash} since block ${blockNumber}: check the deployment's block number.`,
      )
    }
    return registration
  })
}

/**
 * Reads from the chain everything an epoch takes from it: the deployment, the next epoch id, the model's
 * training-set root and owner (who must have signed a usage epoch's log), and each training contribution's registered
 * contributor and registration event (its block number and log index, from the registry's `ContributionRegistered`
 * events). Refuses, with `EpochInputError`, a model that does not exist and contributions that are not registered and
 * accepted.
 *
 * @example
 * import { readEpochInputs } from 'attribution-ledger'
 * import { buildEpoch } from 'attribution-ledger/attribution'
 *
 * const inputs = await readEpochInputs(client, { modelId: 1, contentHashes })
 * const { manifest } = await buildEpoch({ ...inputs, train, test, k: 5, budget })
 * // or paid by use: buildEpoch checks that inputs.modelOwner signed the log
 * await buildEpoch({ ...inputs, train, usage: { log, signature }, k: 5 })
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
  const registrations = await registrationsOf(client, contentHashes, resolved)
  return {
    chainId: resolved.chainId,
    registry: resolved.registry,
    distributor: resolved.distributor,
    epochId: epochCount + 1,
    modelId,
    trainingSetRoot: model.trainingSetRoot,
    modelOwner: model.owner,
    contributors,
    registrations,
  }
}
