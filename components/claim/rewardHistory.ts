import type { Address } from 'viem'
import { getEpochs } from '../../src/actions/rewards/getEpochs.js'
import type { LedgerDeployment } from '../../src/chains.js'
import type { LedgerClient } from '../../src/client.js'
import { readRewardEntry } from '../../src/rewards/readRewardEntry.js'

export type EpochEarning = {
  epochId: number
  activeAt: Date
  /** Everything the account had earned up to and including this epoch. */
  cumulativeAmount: bigint
  /** What this epoch added. */
  earned: bigint
}

/**
 * The account's earnings per claimable epoch (active or superseded; revoked and pending ones are left out), from each
 * epoch's reward file at `template` with `{epoch}` replaced by its id. Every file's root must be the epoch's on-chain
 * root, or the whole history is refused with `RewardTreeMismatchError`: a number that is not on-chain is not shown.
 */
export async function getRewardHistory(
  client: LedgerClient,
  { account, template, deployment }: { account: Address; template: string; deployment: LedgerDeployment },
): Promise<EpochEarning[]> {
  const epochs = (await getEpochs(client, { deployment })).filter(
    ({ status }) => status === 'active' || status === 'superseded',
  )
  const amounts = await Promise.all(
    epochs.map((epoch) =>
      readRewardEntry({
        source: template.replaceAll('{epoch}', String(epoch.epochId)),
        account,
        epochId: epoch.epochId,
        root: epoch.root,
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
