import {
  type Abi,
  type Address,
  decodeAbiParameters,
  decodeFunctionData,
  encodeAbiParameters,
  encodeFunctionData,
  type Hex,
  slice,
} from 'viem'
import type { UserOperation } from 'viem/account-abstraction'
import * as registryAbi from '../abis/contributionRegistry.js'
import * as tokenAbi from '../abis/ledgerRewardToken.js'
import * as accountAbi from '../abis/passkeyAccount.js'
import * as distributorAbi from '../abis/rewardDistributor.js'
import type { LedgerDeployment } from '../chains.js'
import { sameAddress } from './context.js'
import { CallNotAllowedError, OperationLimitError } from './errors.js'

/** The most one user operation may ask of the relay. */
export type OperationLimits = {
  /** Gas for the account's calls (default 2,000,000). */
  callGasLimit: bigint
  /** Gas for creating the account and checking its passkey (default 1,000,000: ~235k without the P-256 precompile). */
  verificationGasLimit: bigint
  /** Gas paid on top for the operation's size (default 200,000). */
  preVerificationGas: bigint
  /** The highest fee per gas the account may offer the relay (default 0: operations are free for the account). */
  maxFeePerGas: bigint
  /** Calls in one batch (default 10). */
  calls: number
}

export const defaultOperationLimits: OperationLimits = {
  callGasLimit: 2_000_000n,
  verificationGasLimit: 1_000_000n,
  preVerificationGas: 200_000n,
  maxFeePerGas: 0n,
  calls: 10,
}

/** Refuses an operation that asks for more than `limits` allow, naming the first field over its limit. */
export function checkOperationLimits(operation: UserOperation<'0.8'>, limits: OperationLimits): void {
  const caps = [
    ['callGasLimit', operation.callGasLimit, limits.callGasLimit],
    ['verificationGasLimit', operation.verificationGasLimit, limits.verificationGasLimit],
    ['preVerificationGas', operation.preVerificationGas, limits.preVerificationGas],
    ['maxFeePerGas', operation.maxFeePerGas, limits.maxFeePerGas],
    ['maxPriorityFeePerGas', operation.maxPriorityFeePerGas, operation.maxFeePerGas],
  ] as const
  for (const [field, value, cap] of caps) {
    if (value > cap) throw new OperationLimitError(`${field} ${value} is above the relay's limit of ${cap}.`)
  }
}

/** ERC-7821 batch mode: call type 0x01 (batch), default execution type, no selector, no payload. */
const BATCH_MODE: Hex = `0x01${'00'.repeat(31)}`
const callsParameter = [
  {
    type: 'tuple[]',
    components: [
      { name: 'target', type: 'address' },
      { name: 'value', type: 'uint256' },
      { name: 'data', type: 'bytes' },
    ],
  },
] as const

/** Every function of the registry that writes: a contributor's own, and a datanet owner's or curator's. */
const registryWrites = [
  registryAbi.register,
  registryAbi.registerBatch,
  registryAbi.registerBySig,
  registryAbi.commit,
  registryAbi.reveal,
  registryAbi.invalidateNonce,
  registryAbi.createDatanet,
  registryAbi.setCurator,
  registryAbi.transferDatanetOwnership,
  registryAbi.reviewContribution,
  registryAbi.registerModel,
]

/** What an account may call through the relay: contract by contract, the functions allowed. */
function allowList(deployment: LedgerDeployment, sender: Address): { address: Address; name: string; abi: Abi }[] {
  return [
    { address: deployment.rewardToken, name: 'the reward token', abi: [tokenAbi.transfer] },
    { address: sender, name: 'the account itself', abi: [accountAbi.addSigner, accountAbi.removeSigner] },
    { address: deployment.registry, name: 'the registry', abi: registryWrites },
    { address: deployment.distributor, name: 'the distributor', abi: [distributorAbi.claim] },
  ]
}

/**
 * Refuses an operation whose call data is anything but an ERC-7821 batch (as `sendFromPasskeyAccount` makes it) of
 * calls on the allow-list, without value: the reward token's `transfer`, the account's own `addSigner` and
 * `removeSigner`, the registry's functions and the distributor's `claim`. Every encoding must be the canonical one,
 * so what is checked here is what the contracts decode.
 */
export function checkOperationCalls(
  operation: UserOperation<'0.8'>,
  deployment: LedgerDeployment,
  maxCalls: number,
): void {
  const calls = decodeBatch(operation.callData)
  if (calls.length === 0) throw new CallNotAllowedError('The batch has no calls.')
  if (calls.length > maxCalls)
    throw new CallNotAllowedError(`The batch has ${calls.length} calls; at most ${maxCalls}.`)
  const allowed = allowList(deployment, operation.sender)
  calls.forEach((call, index) => {
    const where = `Call ${index} to ${call.target}`
    if (call.value !== 0n) throw new CallNotAllowedError(`${where} sends value.`)
    const contract = allowed.find((entry) => sameAddress(entry.address, call.target))
    if (!contract) throw new CallNotAllowedError(`${where}: the relay does not call this address.`)
    let decoded: { functionName: string; args: readonly unknown[] | undefined }
    try {
      decoded = decodeFunctionData({ abi: contract.abi, data: call.data })
    } catch {
      const selector = call.data.length >= 10 ? slice(call.data, 0, 4) : call.data
      throw new CallNotAllowedError(`${where}: selector ${selector} is not allowed on ${contract.name}.`)
    }
    const canonical = encodeFunctionData({ abi: contract.abi, functionName: decoded.functionName, args: decoded.args })
    if (canonical.toLowerCase() !== call.data.toLowerCase()) {
      throw new CallNotAllowedError(`${where}: ${decoded.functionName} is not canonically encoded.`)
    }
  })
}

function decodeBatch(callData: Hex) {
  let calls: readonly { target: Address; value: bigint; data: Hex }[]
  try {
    const { args } = decodeFunctionData({ abi: [accountAbi.execute], data: callData })
    const [mode, executionData] = args
    if (mode.toLowerCase() !== BATCH_MODE) throw new Error(`mode ${mode}`)
    ;[calls] = decodeAbiParameters(callsParameter, executionData)
  } catch {
    throw new CallNotAllowedError('The call data is not an ERC-7821 batch execute(mode 0x01…, calls).')
  }
  const canonical = encodeFunctionData({
    abi: [accountAbi.execute],
    args: [BATCH_MODE, encodeAbiParameters(callsParameter, [calls])],
  })
  if (canonical.toLowerCase() !== callData.toLowerCase()) {
    throw new CallNotAllowedError('The batch is not canonically encoded.')
  }
  return calls
}
