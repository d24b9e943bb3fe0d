import type { Address, ReadContractErrorType } from 'viem'
import { readContract } from 'viem/actions'
import * as distributor from '../../abis/rewardDistributor.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import { readRewardEntry } from '../../rewards/readRewardEntry.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'
import { fetchIndexerList, field, IndexerMismatchError, readThroughIndexer } from '../internal/indexer.js'
import type { RewardFileErrorType } from './getClaimable.js'
import { getCurrentEpochId } from './getEpoch.js'
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
  /**
   * An indexer (indexer/ in this repository) to list the epochs from, instead of scanning the chain's logs. Each
   * epoch it names is checked against the chain; when it is down or disagrees, the logs are read.
   */
  indexerUrl?: string | undefined
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
  { account, template, fetch: fetchFn = globalThis.fetch, deployment, indexerUrl }: GetRewardHistoryParameters,
): Promise<GetRewardHistoryReturnType> {
  const resolved = resolveDeployment(client, deployment)
  const epochs = await readThroughIndexer(
    indexerUrl,
    (url) => claimableEpochsFromIndexer(client, url, resolved),
    async () =>
      (await getEpochs(client, { deployment: resolved })).filter(
        ({ status }) => status === 'active' || status === 'superseded',
      ),
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

/**
 * The claimable epochs (every one up to the current, revoked ones left out) as the indexer lists them, each checked
 * against the chain: an epoch's root decides which reward file is believed, so a root the chain does not hold, a
 * revocation it did not make or an epoch left out is an `IndexerMismatchError`. One read per epoch (a multicall when
 * the client batches), never a log scan.
 */
async function claimableEpochsFromIndexer(client: LedgerClient, indexerUrl: string, deployment: LedgerDeployment) {
  const [listed, current] = await Promise.all([
    fetchIndexerList(indexerUrl, '/epochs', {}, (raw, at) => ({
      epochId: field.integer(raw, 'id', at),
      root: field.hex(raw, 'root', at, 32),
      activeAt: field.bigint(raw, 'activeAt', at),
      revoked: field.string(raw, 'status', at) === 'revoked',
    })),
    getCurrentEpochId(client, { deployment }),
  ])
  const byId = new Map(listed.map((epoch) => [epoch.epochId, epoch]))
  const onChain = await Promise.all(
    Array.from({ length: current }, (_, i) =>
      readContract(client, {
        address: deployment.distributor,
        abi: [distributor.getEpoch],
        functionName: 'getEpoch',
        args: [i + 1],
      }),
    ),
  )
  return onChain.flatMap(({ root, activeAt, revoked }, i) => {
    const epochId = i + 1
    const epoch = byId.get(epochId)
    if (
      !epoch ||
      epoch.root !== root.toLowerCase() ||
      epoch.activeAt !== BigInt(activeAt) ||
      epoch.revoked !== revoked
    ) {
      throw new IndexerMismatchError(`Epoch ${epochId} is not what the chain says it is.`)
    }
    return revoked ? [] : [{ epochId, root, activeAt: new Date(activeAt * 1000) }]
  })
}
