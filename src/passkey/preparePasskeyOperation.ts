import type { Address, EstimateGasErrorType, Hex, ReadContractErrorType } from 'viem'
import {
  formatUserOperationRequest,
  getUserOperationHash,
  type RpcUserOperation,
  type UserOperation,
} from 'viem/account-abstraction'
import { estimateGas, readContract } from 'viem/actions'
import { encodeExecuteData } from 'viem/experimental/erc7821'
import * as accountAbi from '../abis/passkeyAccount.js'
import type { LedgerClient } from '../client.js'
import { type PasskeyCancelledError, PasskeyNotFoundError, type PasskeyUnsupportedError } from './errors.js'
import type { PasskeyAccount } from './toPasskeyAccount.js'

/** One call the account makes: to a contract (with its call data) or an address (with an amount). */
export type PasskeyCall = { to: Address; data?: Hex | undefined; value?: bigint | undefined }

/** Limits the operation may use; the relay that pays decides whether it accepts them. */
export type PasskeyOperationGas = {
  callGasLimit?: bigint | undefined
  verificationGasLimit?: bigint | undefined
  preVerificationGas?: bigint | undefined
}

export type PreparePasskeyOperationParameters = {
  account: PasskeyAccount
  calls: readonly PasskeyCall[]
  /** Override the limits the SDK picks (see `PasskeyOperationGas`). */
  gas?: PasskeyOperationGas | undefined
}

/**
 * What a relay receives: an ERC-4337 v0.8 user operation, signed, in its JSON-RPC form (numbers as hex), for
 * `EntryPoint.handleOps` on `entryPoint` of chain `chainId`.
 */
export type PasskeyOperationRequest = {
  userOperation: RpcUserOperation<'0.8'>
  entryPoint: Address
  chainId: number
}

export type PreparePasskeyOperationReturnType = PasskeyOperationRequest & {
  /** The hash the passkey signed; the EntryPoint's `UserOperationEvent` carries it. */
  userOperationHash: Hex
}

export type PreparePasskeyOperationErrorType =
  | PasskeyCancelledError
  | PasskeyUnsupportedError
  | PasskeyNotFoundError
  | ReadContractErrorType
  | EstimateGasErrorType

/**
 * Checking a passkey signature costs ~10k gas where the chain has the P-256 precompile and ~235k where it does not;
 * creating the account adds ~140k. These limits cover the slower case, so one operation works on every chain.
 */
const VERIFICATION_GAS = { existing: 450_000n, created: 650_000n }
const PRE_VERIFICATION_GAS = 60_000n
/** Per call, when the account does not exist yet and its calls cannot be measured as it will make them. */
const UNMEASURED_CALL_GAS = 250_000n

/**
 * Prepares what the account does as one ERC-4337 user operation, an ERC-7821 batch of `calls` (creating the account
 * first if it does not exist), and has the passkey sign it (one prompt). Its fees are zero: the relay that submits it
 * pays for the transaction, so the account never needs a balance for fees.
 *
 * @example
 * const request = await preparePasskeyOperation(client, { account, calls: [{ to, data }] })
 * await fetch(relayUrl, { method: 'POST', body: JSON.stringify(request) })
 */
export async function preparePasskeyOperation(
  client: LedgerClient,
  { account, calls, gas = {} }: PreparePasskeyOperationParameters,
): Promise<PreparePasskeyOperationReturnType> {
  const sender = account.address
  const exists = await account.exists()
  if (!exists && !account.initCode) {
    throw new PasskeyNotFoundError(`Account ${sender} does not exist, and this passkey did not create it.`)
  }
  const callData = encodeExecuteData({ calls: calls.map((call) => ({ ...call, data: call.data ?? '0x' })) })
  // The account asks the EntryPoint for its next nonce; an account that does not exist has made no operation yet.
  const nonce = exists
    ? await readContract(client, { address: sender, abi: [accountAbi.getNonce], functionName: 'getNonce' })
    : 0n
  const callGasLimit =
    gas.callGasLimit ??
    (exists
      ? // Measured as the EntryPoint will make it, with a margin for what a measurement does not see.
        ((await estimateGas(client, { account: account.entryPointAddress, to: sender, data: callData })) * 5n) / 4n +
        20_000n
      : UNMEASURED_CALL_GAS * BigInt(Math.max(calls.length, 1)))

  const userOperation: UserOperation<'0.8'> = {
    sender,
    nonce,
    callData,
    callGasLimit,
    verificationGasLimit: gas.verificationGasLimit ?? (exists ? VERIFICATION_GAS.existing : VERIFICATION_GAS.created),
    preVerificationGas: gas.preVerificationGas ?? PRE_VERIFICATION_GAS,
    maxFeePerGas: 0n,
    maxPriorityFeePerGas: 0n,
    signature: '0x',
    ...(exists || !account.initCode ? {} : account.initCode),
  }
  const userOperationHash = getUserOperationHash({
    userOperation,
    entryPointAddress: account.entryPointAddress,
    entryPointVersion: '0.8',
    chainId: account.chainId,
  })
  userOperation.signature = await account.sign({ hash: userOperationHash })
  return {
    userOperation: formatUserOperationRequest(userOperation) as RpcUserOperation<'0.8'>,
    entryPoint: account.entryPointAddress,
    chainId: account.chainId,
    userOperationHash,
  }
}
