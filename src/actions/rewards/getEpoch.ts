import type { Hex, ReadContractErrorType } from 'viem'
import { readContract } from 'viem/actions'
import * as distributor from '../../abis/rewardDistributor.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'

/**
 * `pending`: in its dispute window. `active`: what claims pay against now. `superseded`: a later epoch is active.
 * `revoked`: a guardian stopped it.
 */
export type EpochStatus = 'pending' | 'active' | 'superseded' | 'revoked'

export type Epoch = {
  epochId: number
  root: Hex
  manifestHash: Hex
  cumulativeTotal: bigint
  proposedAt: Date
  activeAt: Date
  status: EpochStatus
}

type RawEpoch = {
  root: Hex
  manifestHash: Hex
  cumulativeTotal: bigint
  proposedAt: number
  activeAt: number
  revoked: boolean
}

/** Where an epoch stands, given whether it was revoked and which epoch is claimable now. */
export function epochStatus(epochId: number, revoked: boolean, currentEpochId: number): EpochStatus {
  if (revoked) return 'revoked'
  if (epochId === currentEpochId) return 'active'
  return epochId > currentEpochId ? 'pending' : 'superseded'
}

export const toEpoch = (epochId: number, raw: RawEpoch, currentEpochId: number): Epoch => ({
  epochId,
  root: raw.root,
  manifestHash: raw.manifestHash,
  cumulativeTotal: raw.cumulativeTotal,
  proposedAt: new Date(raw.proposedAt * 1000),
  activeAt: new Date(raw.activeAt * 1000),
  status: epochStatus(epochId, raw.revoked, currentEpochId),
})

export type GetCurrentEpochIdParameters = { deployment?: LedgerDeployment | undefined }
/** 0 when no epoch is claimable yet. */
export type GetCurrentEpochIdReturnType = number
export type GetCurrentEpochIdErrorType = DeploymentErrorType | ReadContractErrorType

/**
 * The id of the epoch claims pay against now; 0 when none is claimable yet.
 *
 * @example
 * const epochId = await getCurrentEpochId(client)
 */
export function getCurrentEpochId(
  client: LedgerClient,
  { deployment }: GetCurrentEpochIdParameters = {},
): Promise<GetCurrentEpochIdReturnType> {
  return readContract(client, {
    address: resolveDeployment(client, deployment).distributor,
    abi: [distributor.currentEpochId],
    functionName: 'currentEpochId',
  })
}

export type GetEpochParameters = { epochId: number; deployment?: LedgerDeployment | undefined }
/** Null when no epoch has this id. */
export type GetEpochReturnType = Epoch | null
export type GetEpochErrorType = DeploymentErrorType | ReadContractErrorType

/**
 * One epoch with its status, or null when no epoch has this id.
 *
 * @example
 * const epoch = await getEpoch(client, { epochId: 3 })
 */
export async function getEpoch(
  client: LedgerClient,
  { epochId, deployment }: GetEpochParameters,
): Promise<GetEpochReturnType> {
  const address = resolveDeployment(client, deployment).distributor
  const [raw, current] = await Promise.all([
    readContract(client, { address, abi: [distributor.getEpoch], functionName: 'getEpoch', args: [epochId] }),
    getCurrentEpochId(client, { deployment: resolveDeployment(client, deployment) }),
  ])
  if (raw.proposedAt === 0) return null
  return toEpoch(epochId, raw, current)
}
