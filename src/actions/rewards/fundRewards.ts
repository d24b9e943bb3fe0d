import { type Account, type Address, erc20Abi, type Hex } from 'viem'
import { readContract, waitForTransactionReceipt } from 'viem/actions'
import * as distributor from '../../abis/rewardDistributor.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import { AccountRequiredError } from '../../errors/account.js'
import type {
  FundingOverflowError,
  InsufficientAllowanceError,
  InsufficientTokenBalanceError,
  ReentrantCallError,
  TokenTransferFailedError,
  ZeroAmountError,
} from '../../errors/contract.js'
import type { WriteErrorType } from '../internal/errorTypes.js'
import { simulateAndWrite } from '../internal/write.js'

export type FundRewardsParameters = { amount: bigint; account?: Account | Address; deployment?: LedgerDeployment }
/** The funding transaction's hash. */
export type FundRewardsReturnType = Hex
export type FundRewardsErrorType =
  | WriteErrorType
  | ZeroAmountError
  | FundingOverflowError
  | InsufficientTokenBalanceError
  | InsufficientAllowanceError
  | ReentrantCallError
  | TokenTransferFailedError

const tokenErrors = distributor.rewardDistributorErrors

/**
 * Funds the distributor from the client's account, approving the reward token first when the allowance is short.
 * Returns the funding transaction's hash. What arrives is what counts: fee-on-transfer tokens fund less than sent.
 *
 * @example
 * await fundRewards(operatorClient, { amount: parseUnits('1000', 18) })
 */
export async function fundRewards(
  client: LedgerClient,
  { amount, account = client.account, deployment }: FundRewardsParameters,
): Promise<FundRewardsReturnType> {
  if (!account) throw new AccountRequiredError()
  const owner = typeof account === 'string' ? account : account.address
  const resolved = resolveDeployment(client, deployment)
  const allowance = await readContract(client, {
    address: resolved.rewardToken,
    abi: erc20Abi,
    functionName: 'allowance',
    args: [owner, resolved.distributor],
  })
  if (allowance < amount) {
    const approval = await simulateAndWrite(client, {
      address: resolved.rewardToken,
      abi: erc20Abi,
      functionName: 'approve',
      args: [resolved.distributor, amount],
      account,
    })
    await waitForTransactionReceipt(client, { hash: approval })
  }
  return simulateAndWrite(client, {
    address: resolved.distributor,
    abi: [distributor.fund, ...tokenErrors, ...erc20Errors],
    functionName: 'fund',
    args: [amount],
    account,
  })
}

/** OpenZeppelin ERC-20 errors a funding transfer can bubble up. */
const erc20Errors = [
  {
    type: 'error',
    name: 'ERC20InsufficientBalance',
    inputs: [
      { name: 'sender', type: 'address' },
      { name: 'balance', type: 'uint256' },
      { name: 'needed', type: 'uint256' },
    ],
  },
  {
    type: 'error',
    name: 'ERC20InsufficientAllowance',
    inputs: [
      { name: 'spender', type: 'address' },
      { name: 'allowance', type: 'uint256' },
      { name: 'needed', type: 'uint256' },
    ],
  },
] as const
