// The write paths of <ledger-contribute>, imported dynamically: the page's first paint does not need them, and the
// widget fetches them as soon as a contribution is fingerprinted, so they are there by the time it is signed.
import type { Address, Chain, Hash, Hex } from 'viem'
import { getContributionByHash } from '../../src/actions/registry/getContributionByHash.js'
import {
  type RegisterContributionParameters,
  registerContribution,
  waitForRegistrations,
} from '../../src/actions/registry/registerContribution.js'
import { type SignedContribution, signContribution } from '../../src/actions/registry/signContribution.js'
import type { LedgerDeployment } from '../../src/chains.js'
import type { ConfirmationProgress, LedgerClient } from '../../src/client.js'
import { AccountRequiredError } from '../../src/errors/account.js'
import { ContributionAlreadyRegisteredError } from '../../src/errors/contract.js'
import { TransactionDroppedError } from '../../src/errors/transaction.js'
import { ContributionNotOnChainError } from '../../src/queue/queueErrors.js'
import type { WalletController } from '../shared/wallet/walletController.js'
import type { QueuedSend } from './queueController.js'

/** The registration as the chain has it. */
export type Registered = { contentHash: Hex; contributor: Address; datanetId: number }

type Wallet = Pick<WalletController, 'ensureChain' | 'walletClient' | 'guardChain'>

/**
 * Registers from the connected wallet on `chain`, or, given `relay`, has the wallet sign the registration and hands
 * the signature to `relay` (the contributor pays no gas). Resolves with the transaction hash when there is one.
 */
export async function sendRegistration(
  wallet: Wallet,
  chain: Chain,
  registration: RegisterContributionParameters,
  relay: ((signed: SignedContribution) => Promise<Hash | undefined>) | undefined,
): Promise<Hash | undefined> {
  await wallet.ensureChain(chain)
  const walletClient = wallet.walletClient(chain)
  // The wallet disconnected between the click and now.
  if (!walletClient) throw new AccountRequiredError()
  if (!relay) return wallet.guardChain(registerContribution(walletClient, registration))
  return relay(await wallet.guardChain(signContribution(walletClient, registration)))
}

export type ConfirmRegistrationParameters = {
  hash: Hash | undefined
  contentHash: Hex
  contributor: Address
  deployment: LedgerDeployment
  confirmations: number
  onProgress: (progress: ConfirmationProgress, hash?: Hash) => void
  /** The queue entry of a gas-free registration, sent again when a reorganisation drops its transaction. */
  queued: QueuedSend | undefined
}

/**
 * The registration as the chain has it, once its transaction (if the relay named one) is `confirmations` blocks deep.
 * A queued registration whose transaction a reorganisation dropped goes back through the queue, and is waited for
 * again under its new hash.
 */
export async function confirmRegistration(
  client: LedgerClient,
  { hash, contentHash, contributor, deployment, confirmations, onProgress, queued }: ConfirmRegistrationParameters,
): Promise<Registered> {
  let event: Awaited<ReturnType<typeof waitForRegistrations>>[number] | undefined
  let current = hash
  while (current && !event) {
    try {
      ;[event] = await waitForRegistrations(client, current, { confirmations, onProgress })
    } catch (error) {
      if (!(error instanceof TransactionDroppedError && queued)) throw error
      onProgress({ status: 'reorged' })
      current = await queued.send()
      onProgress({ status: 'reorged' }, current)
    }
  }
  await queued?.settle()
  if (event) return { contentHash: event.contentHash, contributor: event.contributor, datanetId: event.datanetId }
  // A relay that found it on-chain already: a retry of a registration that had landed, or someone else's.
  const onChain = await getContributionByHash(client, { contentHash, deployment })
  if (!onChain) throw new ContributionNotOnChainError()
  if (onChain.contributor !== contributor) {
    throw new ContributionAlreadyRegisteredError({
      errorName: 'ContributionRegistryAlreadyRegistered',
      args: [contentHash, onChain.contributor, BigInt(Math.floor(onChain.registeredAt.getTime() / 1000))],
    })
  }
  return { contentHash: onChain.contentHash, contributor: onChain.contributor, datanetId: onChain.datanetId }
}
