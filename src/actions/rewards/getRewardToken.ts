import type { Address, ReadContractErrorType } from 'viem'
import { readContract } from 'viem/actions'
import * as token from '../../abis/ledgerRewardToken.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { DeploymentErrorType } from '../internal/errorTypes.js'

export type GetRewardTokenParameters<account extends Address | undefined = Address | undefined> = {
  /** Whose balance to read. Without it, only the token's address, symbol and decimals are read. */
  account?: account
  deployment?: LedgerDeployment | undefined
}

/** The token rewards are paid in. */
export type RewardToken = {
  address: Address
  /** Safe to show: see `getRewardToken`. */
  symbol: string
  decimals: number
}

/** The token, and `balance` (in its smallest unit) exactly when an `account` was given. */
export type GetRewardTokenReturnType<account extends Address | undefined = Address | undefined> = RewardToken &
  (account extends Address ? { balance: bigint } : { balance?: undefined })

export type GetRewardTokenErrorType = DeploymentErrorType | ReadContractErrorType

// The symbol is whatever the token's contract says: bidi overrides and invisible characters could make it read as
// another token's, and a long one could push the amount out of sight.
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu
const SYMBOL_LENGTH = 16

function cleanSymbol(symbol: string) {
  const characters = [...symbol.replace(INVISIBLE, '').trim()]
  return characters.length > SYMBOL_LENGTH ? `${characters.slice(0, SYMBOL_LENGTH - 1).join('')}…` : characters.join('')
}

/**
 * The reward token's address, symbol and decimals, and `account`'s balance when one is given. The symbol is made safe
 * to show: control and format characters (bidi overrides, zero-width joiners) are removed and it is cut to 16
 * characters, so no token can pose as another on screen.
 *
 * @example
 * const { symbol, decimals, balance } = await getRewardToken(client, { account })
 * console.log(`${formatUnits(balance, decimals)} ${symbol}`)
 */
export async function getRewardToken<account extends Address | undefined = undefined>(
  client: LedgerClient,
  { account, deployment }: GetRewardTokenParameters<account> = {},
): Promise<GetRewardTokenReturnType<account>> {
  const address = resolveDeployment(client, deployment).rewardToken
  const [symbol, decimals, balance] = await Promise.all([
    readContract(client, { address, abi: [token.symbol], functionName: 'symbol' }),
    readContract(client, { address, abi: [token.decimals], functionName: 'decimals' }),
    account
      ? readContract(client, { address, abi: [token.balanceOf], functionName: 'balanceOf', args: [account] })
      : undefined,
  ])
  const read: RewardToken = { address, symbol: cleanSymbol(symbol), decimals }
  return (balance === undefined ? read : { ...read, balance }) as GetRewardTokenReturnType<account>
}
