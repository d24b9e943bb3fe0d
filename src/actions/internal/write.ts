import type { Abi, Account, Address, ContractFunctionArgs, ContractFunctionName, Hex } from 'viem'
import { simulateContract, writeContract } from 'viem/actions'
import type { LedgerClient } from '../../client.js'
import { AccountRequiredError } from '../../errors/account.js'
import { toLedgerError } from '../../errors/contract.js'

type Mutability = 'nonpayable' | 'payable'

type WriteParameters<abi extends Abi, functionName extends ContractFunctionName<abi, Mutability>> = {
  address: Address
  abi: abi
  functionName: functionName
  args: ContractFunctionArgs<abi, Mutability, functionName>
  account?: Account | Address | undefined
}

/**
 * Simulates, then sends. A revert surfaces before anything is signed, as the SDK's named error, and the wallet is
 * only asked for a transaction that would succeed now.
 */
export async function simulateAndWrite<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, Mutability>,
>(client: LedgerClient, parameters: WriteParameters<abi, functionName>): Promise<Hex> {
  const account = parameters.account ?? client.account
  if (!account) throw new AccountRequiredError()
  try {
    const { request } = await simulateContract(client, { ...parameters, account } as never)
    return await writeContract(client, request as never)
  } catch (error) {
    throw toLedgerError(error)
  }
}

/** Runs a read, turning a revert into the SDK's named error. */
export async function readOrThrow<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read()
  } catch (error) {
    throw toLedgerError(error)
  }
}
