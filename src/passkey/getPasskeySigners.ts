import { type Address, type GetCodeErrorType, type Hex, maxUint64, type ReadContractErrorType } from 'viem'
import { getCode, readContract } from 'viem/actions'
import * as accountAbi from '../abis/passkeyAccount.js'
import type { LedgerClient } from '../client.js'

export type GetPasskeySignersParameters = {
  /** The passkey account. */
  address: Address
}

/**
 * The ERC-7913 signer (verifier ‖ x ‖ y, lower case) of each passkey that signs for the account, in no set order:
 * compare them with `PasskeyAccount.signer` or the `signer` that `addPasskey` returned.
 */
export type GetPasskeySignersReturnType = Hex[]

export type GetPasskeySignersErrorType = GetCodeErrorType | ReadContractErrorType

/**
 * Reads which passkeys sign for an account, from the account itself: to tell whether a passkey is its last one
 * before removing it, or that a removed one is gone. An account that does not exist yet has none on-chain (its first
 * passkey is stored when it is created), so the list is empty.
 *
 * @example
 * const signers = await getPasskeySigners(client, { address: account.address })
 * const others = signers.filter((signer) => signer !== account.signer)
 */
export async function getPasskeySigners(
  client: LedgerClient,
  { address }: GetPasskeySignersParameters,
): Promise<GetPasskeySignersReturnType> {
  const code = await getCode(client, { address })
  if (!code || code === '0x') return []
  const signers = await readContract(client, {
    address,
    abi: [accountAbi.getSigners],
    functionName: 'getSigners',
    args: [0n, maxUint64],
  })
  return signers.map((signer) => signer.toLowerCase() as Hex)
}
