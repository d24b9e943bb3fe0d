import type { GetLogsErrorType, Hex, ReadContractErrorType } from 'viem'
import * as distributor from '../../abis/rewardDistributor.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'
import { getLogsInRanges } from '../internal/getLogsInRanges.js'
import { type Epoch, epochStatus, getCurrentEpochId } from './getEpoch.js'

/** An epoch as its proposal event tells it (the proposal block's time is left to the caller, at one request each). */
export type EpochWithManifest = Omit<Epoch, 'proposedAt'> & { manifestURI: string; transactionHash: Hex }

export type GetEpochsParameters = { deployment?: LedgerDeployment | undefined }
/** Oldest first. */
export type GetEpochsReturnType = EpochWithManifest[]
export type GetEpochsErrorType = DeploymentErrorType | ReadContractErrorType | GetLogsErrorType

/**
 * Every epoch ever proposed, oldest first, with its manifest URI and status: a rewards history.
 *
 * @example
 * const history = await getEpochs(client)
 */
export async function getEpochs(
  client: LedgerClient,
  { deployment }: GetEpochsParameters = {},
): Promise<GetEpochsReturnType> {
  const resolved = resolveDeployment(client, deployment)
  const range = { address: resolved.distributor, fromBlock: resolved.blockNumber }
  const [proposed, revoked, current] = await Promise.all([
    getLogsInRanges(client, { ...range, event: distributor.EpochProposed }),
    getLogsInRanges(client, { ...range, event: distributor.EpochRevoked }),
    getCurrentEpochId(client, { deployment: resolved }),
  ])
  const revokedIds = new Set(revoked.map((log) => (log as unknown as { args: { epochId: number } }).args.epochId))
  return proposed.map((log) => {
    const { args, transactionHash } = log as unknown as {
      args: {
        epochId: number
        root: Hex
        cumulativeTotal: bigint
        manifestHash: Hex
        manifestURI: string
        activeAt: number
      }
      transactionHash: Hex
    }
    return {
      epochId: args.epochId,
      root: args.root,
      manifestHash: args.manifestHash,
      manifestURI: args.manifestURI,
      cumulativeTotal: args.cumulativeTotal,
      activeAt: new Date(args.activeAt * 1000),
      status: epochStatus(args.epochId, revokedIds.has(args.epochId), current),
      transactionHash,
    }
  })
}
