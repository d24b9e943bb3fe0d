import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { Address } from 'viem'
import type { LedgerDeployment } from '../../../src/chains.js'
import type { LedgerClient } from '../../../src/client.js'
import { toLedgerError } from '../../../src/errors/contract.js'
import type { PasskeyAccount } from '../../../src/passkey/toPasskeyAccount.js'
import type { PasskeyCredential } from '../../../src/passkey/webAuthn.js'
import type { WalletController } from '../wallet/walletController.js'
import type { PasskeyStrings } from './passkey.strings.js'
import { relayRoutes } from './relayRoutes.js'

// The WebAuthn and P-256 code (~28 KB gzipped) loads when a person picks a passkey, never with the page.
const loadPasskeys = () => import('../../../src/passkey/index.js')

/** Where a passkey account lives and who pays for what it does: the platform's relay. */
export type PasskeyTarget = { client: LedgerClient; deployment: LedgerDeployment; relayUrl: string }

/** What this device keeps to open the account again without asking which passkey (nothing secret). */
type Remembered = { credential: PasskeyCredential; address: Address; deviceBound: boolean }

type PasskeyControllerOptions = {
  wallet: WalletController
  /** Undefined while the host is not configured. */
  target: () => PasskeyTarget | undefined
  strings: () => PasskeyStrings
}

const storageKey = ({ deployment }: PasskeyTarget) =>
  `attribution-ledger/passkey/${deployment.chainId}/${deployment.accountFactory?.toLowerCase()}`

function remembered(target: PasskeyTarget): Remembered | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(storageKey(target)) ?? 'null') as Remembered | null
    return value?.credential?.id && value.credential.publicKey && value.address ? value : undefined
  } catch {
    return undefined
  }
}

function remember(target: PasskeyTarget, value: Remembered) {
  try {
    localStorage.setItem(storageKey(target), JSON.stringify(value))
  } catch {
    // Storage refused (private mode, quota): the person picks their passkey again next time, nothing is lost.
  }
}

/**
 * A person's passkey session in a widget: creating their contributor account with a passkey, finding it again on a
 * new device, reopening it on later visits (from what this device remembers, with no prompt), adding another device,
 * removing this one (never the account's last) and signing out. The account becomes the `WalletController`'s
 * connection, so the widget's write paths sign with it.
 */
export class PasskeyController implements ReactiveController {
  /** The first-use explanation is open. */
  choosing = false
  busy: 'creating' | 'finding' | 'restoring' | 'adding' | 'checking' | 'removing' | undefined
  error: Error | undefined
  /** The account's passkey on this device is not synced anywhere: losing the device loses the account. */
  deviceBound = false
  /** Another device was just added; `deviceBound` tells whether its passkey stays on it. */
  added: { deviceBound: boolean } | undefined
  /** Removing this device is being reviewed: how many other devices' passkeys still open the account (0: none). */
  removal: { others: number } | undefined
  /** This device was just removed from the account, and the account forgotten here. */
  removed = false
  readonly #host: ReactiveControllerHost
  readonly #options: PasskeyControllerOptions
  #restoredFor: string | undefined

  constructor(host: ReactiveControllerHost, options: PasskeyControllerOptions) {
    this.#host = host
    this.#options = options
    host.addController(this)
  }

  /** Passkeys are offered when the platform runs a relay and its contracts include the passkey account factory. */
  get available(): boolean {
    const target = this.#options.target()
    const { accountFactory, webAuthnVerifier, entryPoint } = target?.deployment ?? {}
    return Boolean(target?.relayUrl && accountFactory && webAuthnVerifier && entryPoint)
  }

  /** The connected passkey account, if the person signed in with one. */
  get account(): PasskeyAccount | undefined {
    return this.#options.wallet.connection?.passkey
  }

  // Read on update: a widget's attributes and context arrive after its controllers are made.
  hostUpdate() {
    const target = this.#options.target()
    if (!target || !this.available) return
    const key = storageKey(target)
    if (this.#restoredFor === key) return
    this.#restoredFor = key
    const saved = remembered(target)
    if (saved && !this.#options.wallet.connection) void this.#attempt('restoring', () => this.#open(target, saved))
  }

  /** Shows what a passkey does before anything is asked of the device. */
  choose(open = true) {
    this.choosing = open
    this.error = undefined
    this.removed = false
    this.#host.requestUpdate()
  }

  /** Creates a passkey (one prompt) and, with it, the person's account: nothing is sent until it is first used. */
  create(): Promise<void> {
    return this.#attempt('creating', async (target) => {
      const { createPasskeyAccount } = await loadPasskeys()
      const created = await createPasskeyAccount(target.client, {
        name: this.#options.strings().passkeyName,
        deployment: target.deployment,
      })
      const saved = {
        credential: created.credential,
        address: created.address,
        deviceBound: Boolean(created.deviceBound),
      }
      await this.#open(target, saved)
      remember(target, saved)
    })
  }

  /** Finds the account of a passkey the person already has (synced, or on a phone or security key). */
  find(): Promise<void> {
    return this.#attempt('finding', async (target) => {
      const { findPasskeyAccount } = await loadPasskeys()
      const found = await findPasskeyAccount(target.client, { deployment: target.deployment })
      // Whether it is synced is only told when a passkey is created; one found again was usable on two devices.
      const saved = { credential: found.credential, address: found.address, deviceBound: false }
      await this.#open(target, saved)
      remember(target, saved)
    })
  }

  /** Adds another device's passkey to the account (two prompts: create it there, confirm here); the relay pays. */
  addDevice(): Promise<void> {
    return this.#attempt('adding', async (target) => {
      const account = this.account
      if (!account) return
      this.removal = undefined
      const { addPasskey } = await loadPasskeys()
      const { deviceBound } = await addPasskey(target.client, {
        account,
        name: this.#options.strings().passkeyName,
        relayUrl: relayRoutes(target.relayUrl).operations,
      })
      this.added = { deviceBound: Boolean(deviceBound) }
    })
  }

  /** Counts the account's other passkeys, to show what removing this device leaves (or why it cannot); no prompt. */
  reviewRemoval(): Promise<void> {
    return this.#attempt('checking', async (target) => {
      this.removal = await this.#otherPasskeys(target)
    })
  }

  cancelRemoval() {
    this.removal = undefined
    this.#host.requestUpdate()
  }

  /**
   * Removes this device's passkey from the account (one prompt; the relay pays), then forgets the account here. The
   * last passkey is never removed: nothing would open the account again, so nothing is asked or sent.
   */
  removeDevice(): Promise<void> {
    return this.#attempt('removing', async (target) => {
      const account = this.account
      // Counted again: another device may have removed the others since the review.
      this.removal = await this.#otherPasskeys(target)
      if (!account || !this.removal?.others) return
      const { removePasskey } = await loadPasskeys()
      await removePasskey(target.client, {
        account,
        signer: account.signer,
        relayUrl: relayRoutes(target.relayUrl).operations,
      })
      this.signOut()
      this.removed = true
    })
  }

  /** Forgets the account on this device; the passkey itself stays, to find the account again. */
  signOut() {
    const target = this.#options.target()
    if (target) localStorage.removeItem(storageKey(target))
    this.choosing = false
    this.deviceBound = false
    this.added = undefined
    this.removal = undefined
    this.removed = false
    this.error = undefined
    this.#options.wallet.disconnect()
  }

  async #otherPasskeys(target: PasskeyTarget) {
    const account = this.account
    if (!account) return undefined
    const { getPasskeySigners } = await loadPasskeys()
    const signers = await getPasskeySigners(target.client, { address: account.address })
    return { others: signers.filter((signer) => signer !== account.signer).length }
  }

  async #open(target: PasskeyTarget, { credential, address, deviceBound }: Remembered) {
    const { toPasskeyAccount } = await loadPasskeys()
    const account = await toPasskeyAccount(target.client, { credential, address, deployment: target.deployment })
    this.deviceBound = deviceBound
    this.added = undefined
    this.removal = undefined
    this.removed = false
    this.choosing = false
    this.#options.wallet.adoptPasskey(account, target.client, this.#options.strings().passkeyContinue)
  }

  async #attempt(busy: NonNullable<PasskeyController['busy']>, work: (target: PasskeyTarget) => Promise<void>) {
    const target = this.#options.target()
    if (!target || this.busy) return
    this.busy = busy
    this.error = undefined
    this.#host.requestUpdate()
    try {
      await work(target)
    } catch (error) {
      this.error = toLedgerError(error)
    } finally {
      this.busy = undefined
      this.#host.requestUpdate()
    }
  }
}
