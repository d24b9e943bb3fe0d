import type { Address, Chain } from 'viem'
import { readContract } from 'viem/actions'
import * as token from '../../src/abis/ledgerRewardToken.js'
import { type Claimable, getClaimable } from '../../src/actions/rewards/getClaimable.js'
import { type LedgerDeployment, resolveDeployment } from '../../src/chains.js'
import type { LedgerClient } from '../../src/client.js'
import { cleanSymbol, type TokenInfo } from './tokenAmount.js'

export type Rewards = {
  account: Address
  chain: Chain
  deployment: LedgerDeployment
  token: TokenInfo
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
  const address = resolved.rewardToken
  const file =
    'rewardShards' in source
      ? { rewardShards: absolute(source.rewardShards) }
      : { rewardTree: absolute(source.rewardTree) }
  const [symbol, decimals, balance, claim] = await Promise.all([
    readContract(client, { address, abi: [token.symbol], functionName: 'symbol' }),
    readContract(client, { address, abi: [token.decimals], functionName: 'decimals' }),
    readContract(client, { address, abi: [token.balanceOf], functionName: 'balanceOf', args: [account] }),
    getClaimable(client, { account, deployment: resolved, ...file }),
  ])
  return {
    account,
    chain: client.chain,
    deployment: resolved,
    token: { symbol: cleanSymbol(symbol), decimals },
    claim,
    balance,
  }
}
