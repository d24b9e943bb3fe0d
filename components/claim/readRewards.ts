import type { Address, Chain } from 'viem'
import { type Claimable, getClaimable } from '../../src/actions/rewards/getClaimable.js'
import { getRewardToken } from '../../src/actions/rewards/getRewardToken.js'
import { type LedgerDeployment, resolveDeployment } from '../../src/chains.js'
import type { LedgerClient } from '../../src/client.js'
import type { TokenInfo } from './tokenAmount.js'

export { getRewardHistory } from '../../src/actions/rewards/getRewardHistory.js'

export type Rewards = {
  account: Address
  chain: Chain
  deployment: LedgerDeployment
  token: TokenInfo & { address: Address }
  claim: Claimable
  /** The account's balance of the reward token. */
  balance: bigint
}

/** Where the current epoch's reward file is: a standard-v1 tree, or a shard index (only the account's shard loads). */
type RewardSource = { rewardTree: string } | { rewardShards: string }

// getClaimable resolves shard paths against the index URL, which must therefore be absolute.
const absolute = (url: string) => new URL(url, document.baseURI).href

/** Everything the widget shows about the account, read from the chain in one go (never from a cache). */
export async function readRewards(
  client: LedgerClient & { chain: Chain },
  { account, deployment, source }: { account: Address; deployment: LedgerDeployment | undefined; source: RewardSource },
): Promise<Rewards> {
  const resolved = resolveDeployment(client, deployment)
  const file =
    'rewardShards' in source
      ? { rewardShards: absolute(source.rewardShards) }
      : { rewardTree: absolute(source.rewardTree) }
  const [{ balance, ...token }, claim] = await Promise.all([
    getRewardToken(client, { account, deployment: resolved }),
    getClaimable(client, { account, deployment: resolved, ...file }),
  ])
  return { account, chain: client.chain, deployment: resolved, token, claim, balance }
}
