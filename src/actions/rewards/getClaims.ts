import { type Address, type GetLogsErrorType, getAddress, type Hex, type ReadContractErrorType } from 'viem'
import { readContract } from 'viem/actions'
import * as distributor from '../../abis/rewardDistributor.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'
import { getLogsInRanges } from '../internal/getLogsInRanges.js'
import { fetchIndexerList, field, IndexerMismatchError, readThroughIndexer } from '../internal/indexer.js'

export type GetClaimsParameters = {
  account: Address
  deployment?: LedgerDeployment | undefined
  /**
   * An indexer (indexer/ in this repository) to list the claims from, instead of scanning the chain's logs. Its total
   * must be what the distributor says the account has claimed; when it is down or disagrees, the logs are read.
   */
  indexerUrl?: string | undefined
}

/** One claim paid to the account. */
export type RewardClaim = {
  /** The epoch the claim was paid against. */
  epochId: number
  /** Who sent the claim and paid its gas; the tokens went to the account. */
  caller: Address
  amount: bigint
  /** Everything the account had claimed once this claim was paid. */
  cumulativeClaimed: bigint
  blockNumber: bigint
  transactionHash: Hex
}

/** Oldest first. */
export type GetClaimsReturnType = RewardClaim[]
export type GetClaimsErrorType = DeploymentErrorType | ReadContractErrorType | GetLogsErrorType

/**
 * Every claim paid to `account`, oldest first: its epoch history as the chain records it.
 *
 * @example
 * const claims = await getClaims(client, { account, indexerUrl: 'https://indexer.example' })
 * for (const { epochId, amount } of claims) console.log(`epoch ${epochId}: ${formatUnits(amount, 18)}`)
 */
export async function getClaims(
  client: LedgerClient,
  { account, deployment, indexerUrl }: GetClaimsParameters,
): Promise<GetClaimsReturnType> {
  const resolved = resolveDeployment(client, deployment)
  return readThroughIndexer(
    indexerUrl,
    async (url) => {
      const [claims, claimed] = await Promise.all([
        fetchIndexerList(url, `/accounts/${account.toLowerCase()}/claims`, {}, (raw, at) => ({
          epochId: field.integer(raw, 'epochId', at),
          caller: getAddress(field.hex(raw, 'caller', at, 20)),
          amount: field.bigint(raw, 'amount', at),
          cumulativeClaimed: field.bigint(raw, 'cumulativeClaimed', at),
          blockNumber: field.bigint(raw, 'blockNumber', at),
          transactionHash: field.hex(raw, 'transactionHash', at, 32),
        })),
        readContract(client, {
          address: resolved.distributor,
          abi: [distributor.claimed],
          functionName: 'claimed',
          args: [account],
        }),
      ])
      // The amounts must add up, claim by claim, to what the distributor says was paid: a claim left out, added or
      // altered (or an indexer that is behind) shows here.
      let total = 0n
      for (const claim of claims) {
        total += claim.amount
        if (claim.cumulativeClaimed !== total) {
          throw new IndexerMismatchError(`The claims the indexer lists for ${account} do not add up.`)
        }
      }
      if (total !== claimed) {
        throw new IndexerMismatchError(`The indexer says ${account} claimed ${total}; the distributor says ${claimed}.`)
      }
      return claims
    },
    async () => {
      const logs = (await getLogsInRanges(client, {
        address: resolved.distributor,
        event: distributor.Claimed,
        args: { account },
        fromBlock: resolved.blockNumber,
      })) as unknown as {
        args: { epochId: number; caller: Address; amount: bigint; cumulativeClaimed: bigint }
        blockNumber: bigint
        transactionHash: Hex
      }[]
      return logs.map(({ args, blockNumber, transactionHash }) => ({
        epochId: args.epochId,
        caller: args.caller,
        amount: args.amount,
        cumulativeClaimed: args.cumulativeClaimed,
        blockNumber,
        transactionHash,
      }))
    },
  )
}
