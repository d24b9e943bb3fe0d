// The parts of the ERC-4337 v0.8 EntryPoint the relay and the passkey SDK call and read: the standard's, not this package's contracts.
// Written out rather than imported from viem's full EntryPoint ABI, which would triple the relay's share of it.

const packedUserOperation = {
  name: 'ops',
  type: 'tuple[]',
  components: [
    { name: 'sender', type: 'address' },
    { name: 'nonce', type: 'uint256' },
    { name: 'initCode', type: 'bytes' },
    { name: 'callData', type: 'bytes' },
    { name: 'accountGasLimits', type: 'bytes32' },
    { name: 'preVerificationGas', type: 'uint256' },
    { name: 'gasFees', type: 'bytes32' },
    { name: 'paymasterAndData', type: 'bytes' },
    { name: 'signature', type: 'bytes' },
  ],
} as const

export const handleOps = {
  type: 'function',
  name: 'handleOps',
  stateMutability: 'nonpayable',
  inputs: [packedUserOperation, { name: 'beneficiary', type: 'address' }],
  outputs: [],
} as const

export const FailedOp = {
  type: 'error',
  name: 'FailedOp',
  inputs: [
    { name: 'opIndex', type: 'uint256' },
    { name: 'reason', type: 'string' },
  ],
} as const

export const FailedOpWithRevert = {
  type: 'error',
  name: 'FailedOpWithRevert',
  inputs: [
    { name: 'opIndex', type: 'uint256' },
    { name: 'reason', type: 'string' },
    { name: 'inner', type: 'bytes' },
  ],
} as const

export const UserOperationEvent = {
  type: 'event',
  name: 'UserOperationEvent',
  inputs: [
    { name: 'userOpHash', type: 'bytes32', indexed: true },
    { name: 'sender', type: 'address', indexed: true },
    { name: 'paymaster', type: 'address', indexed: true },
    { name: 'nonce', type: 'uint256', indexed: false },
    { name: 'success', type: 'bool', indexed: false },
    { name: 'actualGasCost', type: 'uint256', indexed: false },
    { name: 'actualGasUsed', type: 'uint256', indexed: false },
  ],
} as const

export const UserOperationRevertReason = {
  type: 'event',
  name: 'UserOperationRevertReason',
  inputs: [
    { name: 'userOpHash', type: 'bytes32', indexed: true },
    { name: 'sender', type: 'address', indexed: true },
    { name: 'nonce', type: 'uint256', indexed: false },
    { name: 'revertReason', type: 'bytes', indexed: false },
  ],
} as const
