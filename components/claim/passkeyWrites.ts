// What a passkey account does in <ledger-claim>, imported dynamically with the passkey SDK when it is first needed.
import { type Address, encodeFunctionData, type Hash } from 'viem'
import type { LedgerClient } from '../../src/client.js'
import { sendFromPasskeyAccount } from '../../src/passkey/sendFromPasskeyAccount.js'
import type { PasskeyAccount } from '../../src/passkey/toPasskeyAccount.js'
import { waitForPasskeyOperation } from '../../src/passkey/waitForPasskeyOperation.js'
import { postToRelay, unexpectedRelayAnswer } from '../../src/relay/sendToRelay.js'
import { relayRoutes } from '../shared/passkey/relayRoutes.js'

// ERC-20's `transfer` alone: viem's whole `erc20Abi` would be hoisted into the CDN file, which already holds its module.
const transfer = {
  type: 'function',
  name: 'transfer',
  stateMutability: 'nonpayable',
  inputs: [
    { name: 'to', type: 'address' },
    { name: 'amount', type: 'uint256' },
  ],
  outputs: [{ type: 'bool' }],
} as const

/** What the relay's claim route receives: no signature, since a claim always pays the account it names. */
type RelayClaimRequest = { account: Address; cumulativeAmount: string; proof: readonly Hash[] }

type RelayAnswer = { status: 'submitted'; transactionHash: Hash } | { status: 'already-claimed' }

/**
 * Has the relay claim `account`'s rewards for it (it pays the fee; the tokens go to `account`). Resolves with the
 * relay's transaction hash, or undefined when the claim was already paid; `waitForClaim` tells when it is in.
 */
export async function claimThroughRelay(
  relayUrl: string,
  { account, cumulativeAmount, proof }: { account: Address; cumulativeAmount: bigint; proof: readonly Hash[] },
): Promise<Hash | undefined> {
  const request: RelayClaimRequest = { account, cumulativeAmount: cumulativeAmount.toString(), proof }
  const url = relayRoutes(relayUrl).claim
  const body = await postToRelay<RelayAnswer>(url, request)
  if (body.status === 'submitted') return body.transactionHash
  if (body.status === 'already-claimed') return undefined
  throw unexpectedRelayAnswer(url, body)
}

export type SendTokensParameters = {
  account: PasskeyAccount
  token: Address
  to: Address
  amount: bigint
  relayUrl: string
}

/**
 * Sends `amount` of the reward token from the passkey account to `to` (one passkey prompt; the relay pays), and
 * resolves once it is on-chain and went through.
 */
export async function sendTokens(client: LedgerClient, { account, token, to, amount, relayUrl }: SendTokensParameters) {
  const data = encodeFunctionData({ abi: [transfer], functionName: 'transfer', args: [to, amount] })
  const sent = await sendFromPasskeyAccount(client, {
    account,
    calls: [{ to: token, data }],
    relayUrl: relayRoutes(relayUrl).operations,
  })
  return { ...sent, confirmed: () => waitForPasskeyOperation(client, sent) }
}
