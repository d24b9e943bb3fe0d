import { getAddress, type ReadContractErrorType, zeroAddress } from 'viem'
import { readContract } from 'viem/actions'
import * as distributor from '../../abis/rewardDistributor.js'
import { type EpochManifest, EpochMismatchError, epochManifestHash } from '../../attribution/epochManifest.js'
import type { LedgerClient } from '../../client.js'
import { type ReadEpochInputsErrorType, readEpochInputs } from './readEpochInputs.js'

/** The manifest to check, as `buildEpoch` wrote it: it names its own chain and contracts. */
export type VerifyEpochOnChainParameters = EpochManifest
/** Resolves once every check passed. */
export type VerifyEpochOnChainReturnType = undefined
export type VerifyEpochOnChainErrorType = EpochMismatchError | ReadEpochInputsErrorType | ReadContractErrorType

/**
 * Checks a manifest against the chain: the model's training-set root, each training contribution's registered
 * contributor and registration event, for a usage epoch that its log's operator is the model's registered owner, and
 * the root, total and manifest hash the distributor holds for the epoch. The first difference throws
 * `EpochMismatchError` naming the field. With `verifyEpoch` (which recomputes everything from the data),
 * nothing in an epoch is taken on trust.
 *
 * @example
 * import { verifyEpochOnChain } from 'attribution-ledger'
 * import { verifyEpoch } from 'attribution-ledger/attribution'
 *
 * await verifyEpoch(manifest, data) // the values, allocations and root follow from the data
 * await verifyEpochOnChain(client, manifest) // and the chain holds that epoch
 */
export async function verifyEpochOnChain(
  client: LedgerClient,
  manifest: VerifyEpochOnChainParameters,
): Promise<VerifyEpochOnChainReturnType> {
  const earliest = manifest.inputs.train.registrations.reduce(
    (min, { blockNumber }) => Math.min(min, blockNumber),
    Infinity,
  )
  const deployment = {
    chainId: manifest.chainId,
    registry: manifest.registry,
    distributor: manifest.distributor,
    rewardToken: zeroAddress,
    // Registration logs are read from the earliest recorded registration on, not from genesis. A manifest that
    // records a later block than the true one cannot hide the earlier event: the scan finds none and refuses.
    blockNumber: BigInt(Number.isFinite(earliest) ? earliest : 0),
  }
  const inputs = await readEpochInputs(client, {
    modelId: manifest.model.modelId,
    contentHashes: manifest.inputs.train.contentHashes,
    deployment,
  })
  if (inputs.trainingSetRoot !== manifest.model.trainingSetRoot) {
    throw new EpochMismatchError('model.trainingSetRoot', manifest.model.trainingSetRoot, inputs.trainingSetRoot)
  }
  inputs.contributors.forEach((contributor, i) => {
    if (contributor !== manifest.inputs.train.contributors[i]) {
      throw new EpochMismatchError(
        `inputs.train.contributors[${i}]`,
        manifest.inputs.train.contributors[i],
        contributor,
      )
    }
  })
  inputs.registrations.forEach((registration, i) => {
    const recorded = manifest.inputs.train.registrations[i]
    if (registration.blockNumber !== recorded?.blockNumber || registration.logIndex !== recorded.logIndex) {
      const show = (r?: { blockNumber: number; logIndex: number }) => r && `block ${r.blockNumber}, log ${r.logIndex}`
      throw new EpochMismatchError(`inputs.train.registrations[${i}]`, show(recorded), show(registration))
    }
  })
  // verifyEpoch checks that the operator signed the log; only the chain says whose model it is.
  const usage = manifest.inputs.usage
  if (usage && getAddress(usage.operator) !== inputs.modelOwner) {
    throw new EpochMismatchError('inputs.usage.operator', usage.operator, inputs.modelOwner)
  }
  const epoch = await readContract(client, {
    address: manifest.distributor,
    abi: [distributor.getEpoch],
    functionName: 'getEpoch',
    args: [manifest.epochId],
  })
  const checks: [string, unknown, unknown][] = [
    ['root', manifest.root, epoch.root],
    ['cumulativeTotal', manifest.cumulativeTotal, epoch.cumulativeTotal.toString()],
    ['manifestHash', epochManifestHash(manifest), epoch.manifestHash],
  ]
  for (const [field, expected, actual] of checks) {
    if (expected !== actual)
      throw new EpochMismatchError(`on-chain epoch ${manifest.epochId} ${field}`, expected, actual)
  }
}
