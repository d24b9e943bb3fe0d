// A relay that submits what it receives without simulating it first (EntryPoint.handleOps from Hardhat's account 6,
// which pays), so that an operation can fail on-chain: the real relay refuses such an operation before sending it.
import type { Address } from 'viem'
import { formatUserOperation, type RpcUserOperation, toPackedUserOperation } from 'viem/account-abstraction'
import { writeContract } from 'viem/actions'
import { entryPointAbi } from '../../abis/entryPoint.js'
import { actors, clientOf } from '../chain.js'

const relayer = clientOf(actors.relayer)

/** A `fetch` for `sendFromPasskeyAccount` that submits the posted operation to the local chain's EntryPoint. */
export const submitToEntryPoint: typeof fetch = async (_url, init) => {
  const { userOperation, entryPoint } = JSON.parse(String(init?.body)) as {
    userOperation: RpcUserOperation<'0.8'>
    entryPoint: Address
  }
  const transactionHash = await writeContract(relayer, {
    address: entryPoint,
    abi: entryPointAbi,
    functionName: 'handleOps',
    args: [[toPackedUserOperation(formatUserOperation(userOperation))], actors.relayer.address],
    chain: relayer.chain,
    account: actors.relayer,
  })
  return new Response(JSON.stringify({ status: 'submitted', transactionHash }), {
    headers: { 'content-type': 'application/json' },
  })
}
