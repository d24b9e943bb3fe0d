import { type Address, decodeFunctionData, encodeFunctionData, type Hex } from 'viem'
import { readContract } from 'viem/actions'
import * as factoryAbi from '../abis/passkeyAccountFactory.js'
import { receiptOrNull } from '../actions/internal/transactionLookups.js'
import { simulateAndWrite } from '../actions/internal/write.js'
import { TransactionRevertedError } from '../errors/contract.js'
import { hasCode, type RelayContext, sameAddress } from './context.js'
import {
  AccountAddressMismatchError,
  AccountCreationLimitError,
  AccountCreationRefusedError,
  ForeignAccountFactoryError,
} from './errors.js'
import { RateLimiter } from './rateLimiter.js'

/** How many accounts the relay creates per window: in all (`accounts`), and for one passkey (`perSigner`). */
export type AccountCreationLimits = { accounts: number; perSigner: number; windowMs: number }

/** How often the relay looks for the creation's receipt before giving up (at the client's polling interval). */
const MAX_POLLS = 600

/** The account a factory call creates: its first signer and its salt. */
export type AccountCreation = { signer: Hex; salt: Hex }

/**
 * Reads the factory call that comes with a request (an ERC-6492 wrapper, or a user operation's initCode): it must be
 * the deployment's factory, called with exactly `createAccount(signer, salt)` and nothing else.
 */
export function parseAccountCreation(accountFactory: Address, factory: Address, factoryData: Hex): AccountCreation {
  if (!sameAddress(factory, accountFactory)) throw new ForeignAccountFactoryError({ factory, expected: accountFactory })
  let signer: Hex
  let salt: Hex
  try {
    const { functionName, args } = decodeFunctionData({ abi: [factoryAbi.createAccount], data: factoryData })
    if (functionName !== 'createAccount') throw new Error(functionName)
    ;[signer, salt] = args
  } catch {
    throw new AccountCreationRefusedError('The factory call data is not createAccount(bytes signer, bytes32 salt).')
  }
  // Decoding tolerates trailing bytes and non-canonical offsets; only the canonical encoding is accepted.
  const canonical = encodeFunctionData({ abi: [factoryAbi.createAccount], args: [signer, salt] })
  if (canonical.toLowerCase() !== factoryData.toLowerCase()) {
    throw new AccountCreationRefusedError('The factory call data is not the canonical createAccount(signer, salt).')
  }
  return { signer, salt }
}

/** Checks that `creation` makes `account`, by asking the factory where it would put it. */
export async function checkPredictedAddress(
  client: RelayContext['client'],
  accountFactory: Address,
  { signer, salt }: AccountCreation,
  account: Address,
): Promise<void> {
  const predicted = await readContract(client, {
    address: accountFactory,
    abi: [factoryAbi.predictAddress],
    functionName: 'predictAddress',
    args: [signer, salt],
  })
  if (!sameAddress(predicted, account)) throw new AccountAddressMismatchError({ predicted, account })
}

/**
 * The relay's account-creation budget, per window, overall and per passkey, and the creation itself. A creation is
 * counted when the relay decides to make it, whoever then sends the transaction (the relay, or the EntryPoint for a
 * user operation with initCode).
 */
export class AccountCreator {
  readonly #context: RelayContext
  readonly #all: RateLimiter
  readonly #perSigner: RateLimiter
  /** Creations under way, so concurrent requests for one new account create it once. */
  readonly #pending = new Map<string, Promise<void>>()

  constructor(context: RelayContext, limits: AccountCreationLimits, maxSigners: number) {
    this.#context = context
    this.#all = new RateLimiter({ requests: limits.accounts, windowMs: limits.windowMs }, 1, context.now)
    this.#perSigner = new RateLimiter(
      { requests: limits.perSigner, windowMs: limits.windowMs },
      maxSigners,
      context.now,
    )
  }

  /** How many passkeys the per-signer budget holds now. */
  get size(): number {
    return this.#perSigner.size
  }

  /** Counts one creation for `signer`, or throws `AccountCreationLimitError` (counting nothing) when over budget. */
  take(signer: Hex): void {
    const all = this.#all.wait('all')
    if (all > 0) throw new AccountCreationLimitError({ retryAfter: all, scope: 'all' })
    const mine = this.#perSigner.wait(signer)
    if (mine > 0) throw new AccountCreationLimitError({ retryAfter: mine, scope: 'signer' })
    this.#all.record('all')
    this.#perSigner.record(signer)
  }

  /**
   * Creates `account` with the deployment's factory unless it exists, counting it against the budget, and resolves
   * once it exists. `createAccount` is idempotent, so a race with anyone else creating it costs nothing but gas.
   */
  async ensure(accountFactory: Address, creation: AccountCreation, account: Address): Promise<void> {
    const key = account.toLowerCase()
    let pending = this.#pending.get(key)
    if (!pending) {
      pending = (async () => {
        if (await hasCode(this.#context.client, account)) return
        this.take(creation.signer)
        await this.#create(accountFactory, creation)
      })().finally(() => this.#pending.delete(key))
      this.#pending.set(key, pending)
    }
    return pending
  }

  async #create(accountFactory: Address, { signer, salt }: AccountCreation): Promise<void> {
    const { client, serialised } = this.#context
    const hash = await serialised(() =>
      simulateAndWrite(client, {
        address: accountFactory,
        abi: [factoryAbi.createAccount],
        functionName: 'createAccount',
        args: [signer, salt],
      }),
    )
    // Registering needs the account to exist, so the creation must be mined first (viem's receipt watcher would
    // double the relay's size for this one wait).
    for (let polls = 0; ; polls++) {
      const receipt = await receiptOrNull(client, hash)
      if (receipt?.status === 'success') return
      if (receipt || polls === MAX_POLLS) throw new TransactionRevertedError(hash)
      await new Promise((resolve) => setTimeout(resolve, client.pollingInterval))
    }
  }
}
