import type { Address, ReadContractErrorType } from 'viem'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import { readRewardEntry } from '../../rewards/readRewardEntry.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'
import type { RewardFileErrorType } from './getClaimable.js'
import { getEpochs } from './getEpochs.js'

export type GetRewardHistoryParameters = {
  account: Address
  /**
   * Where each epoch's reward file is, `{epoch}` standing for the epoch id: a `standard-v1` tree
   * (`https://rewards.example/epochs/{epoch}/tree.json`) or a shard index (`…/{epoch}/shards.json`, then only the
   * account's shard of each epoch is downloaded). Relative URLs resolve against the page.
   */
  template: string
  fetch?: typeof globalThis.fetch
  deployment?: LedgerDeployment | undefined
}

/** What an account earned in one epoch. */
export type EpochEarning = {
  epochId: number
  activeAt: Date
  /** Everything the account had earned up to and including this epoch. */
  cumulativeAmount: bigint
  /** What this epoch added. */
  earned: bigint
}

/** One entry per active or superseded epoch, oldest first. */
export type GetRewardHistoryReturnType = EpochEarning[]

export type GetRewardHistoryErrorType = DeploymentErrorType | ReadContractErrorType | RewardFileErrorType

/**
 * The account's earnings per claimable epoch (active or superseded; revoked and pending ones are left out), from each
 * epoch's reward file. Every file's root must be the epoch's on-chain root, or the whole history is refused with
 * `RewardTreeMismatchError`: a number that is not on-chain is never returned. Per-epoch earnings exist only in the
 * reward files; `Claimed` events record claims, not earnings.
 *
 * @example
 * const history = await getRewardHistory(client, {
 *   account,
 *   template: 'https://rewards.example/epochs/{epoch}/shards.json',
 * })
 * for (const { epochId, earned } of history) console.log(`epoch ${epochId}: ${formatUnits(earned, 18)}`)
 */
export async function getRewardHistory(
  client: LedgerClient,
  { account, template, fetch: fetchFn = globalThis.fetch, deployment }: GetRewardHistoryParameters,
): Promise<GetRewardHistoryReturnType> {
  const resolved = resolveDeployment(client, deployment)
  const epochs = (await getEpochs(client, { deployment: resolved })).filter(
    ({ status }) => status === 'active' || status === 'superseded',
  )
  const amounts = await Promise.all(
    epochs.map((epoch) =>
      readRewardEntry({
        source: template.replaceAll('{epoch}', String(epoch.epochId)),
        account,
        epochId: epoch.epochId,
        root: epoch.root,
        fetch: fetchFn,
      }),
    ),
  )
  let previous = 0n
  return epochs.map(({ epochId, activeAt }, i) => {
    const cumulativeAmount = amounts[i]?.cumulativeAmount ?? 0n
    const earned = cumulativeAmount > previous ? cumulativeAmount - previous : 0n
    if (cumulativeAmount > previous) previous = cumulativeAmount
    return { epochId, activeAt, cumulativeAmount, earned }
  })
}
