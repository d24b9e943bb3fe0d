import { readContract } from 'viem/actions'
import * as distributor from '../abis/rewardDistributor.js'
import type { LedgerClient } from '../client.js'
import { type EpochManifest, EpochMismatchError, epochManifestHash } from './epochManifest.js'
import { readEpochInputs } from './readEpochInputs.js'

/**
 * Checks a manifest against the chain: the model's training-set root, each training contribution's registered
 * contributor, and the root, total and manifest hash the distributor holds for the epoch. With `verifyEpoch`
 * (which recomputes everything from the data), nothing in an epoch is taken on trust.
 *
 * @example
 * await verifyEpochOnChain(client, manifest)
 */
export async function verifyEpochOnChain(client: LedgerClient, manifest: EpochManifest): Promise<void> {
  const deployment = {
    chainId: manifest.chainId,
    registry: manifest.registry,
    distributor: manifest.distributor,
    rewardToken: '0x0000000000000000000000000000000000000000',
    blockNumber: 0n,
  } as const
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
