import type { ReactiveControllerHost } from 'lit'
import type { Address, Chain, Hash, Hex } from 'viem'
import type { SignedContribution } from '../../src/actions/registry/signContribution.js'
import type { LedgerDeployment } from '../../src/chains.js'
import type { LedgerClient } from '../../src/client.js'
import type { EncodeMetadataReturnType } from '../../src/content/encodeMetadata.js'
import { TransactionController } from '../shared/transactionController.js'
import type { WalletController } from '../shared/wallet/walletController.js'
import { QueueController, type QueuedSend } from './queueController.js'
import type { Registered } from './submitFlow.js'

/** Where registrations go: the chain and contracts, how deep they must be, and the relay (empty: the wallet sends). */
type RegistrationTarget = {
  client: LedgerClient
  chain: Chain
  deployment: LedgerDeployment
  confirmations: number
  relayUrl: string
}

type RegistrationControllerOptions = {
  wallet: WalletController
  /** Undefined while the host is not configured. */
  target: () => RegistrationTarget | undefined
  /** Which on-device queue keeps gas-free registrations. */
  queueName: () => string
  /** The registration is on-chain, as deep as asked. */
  onRegistered: (registered: Registered, transactionHash: Hash | undefined) => void
}

// The write paths load when first needed, not with the page (see submitFlow.ts).
const loadSubmitFlow = () => import('./submitFlow.js')

/**
 * A contribution's way on-chain: sent from the wallet, or signed for the relay and kept in the durable queue until it
 * is sent; waited for through its confirmations and any reorganisation; and, gas-free, tried again until the relay
 * takes it. `transaction` is the state to show, `queue` what the device keeps.
 */
export class RegistrationController {
  readonly transaction: TransactionController<Registered>
  readonly queue: QueueController
  readonly #options: RegistrationControllerOptions

  constructor(host: ReactiveControllerHost & HTMLElement, options: RegistrationControllerOptions) {
    this.#options = options
    this.transaction = new TransactionController<Registered>(host)
    this.queue = new QueueController(host, {
      name: options.queueName,
      target: () => {
        const target = options.target()
        return target?.relayUrl ? target : undefined
      },
      idle: () => this.transaction.state.status === 'idle',
      resend: (queued) => {
        const target = options.target()
        if (target) void this.#run(target, queued, queued.send, () => queued)
      },
    })
  }

  /** Fetches the write paths ahead of time, so that signing works even if the connection is gone by then. */
  prefetch() {
    void loadSubmitFlow().catch(() => undefined)
  }

  /** Registers the content `encoded` describes, for `contributor`: the registration, or undefined (see `transaction`). */
  async submit(contributor: Address, { metadata, metadataHash, metadataURI }: EncodeMetadataReturnType) {
    const target = this.#options.target()
    if (!target) return undefined
    const { chain, deployment, relayUrl } = target
    const { datanetId, contentHash } = metadata
    const registration = { datanetId, contentHash, metadataHash, metadataURI, deployment }
    let queued: QueuedSend | undefined
    // Kept on disk before it is sent: a closed tab or a lost connection cannot lose it.
    const relay = (signed: SignedContribution) => {
      queued = this.queue.enqueue(target, signed, relayUrl)
      return queued.send()
    }
    const send = async () => {
      const { sendRegistration } = await loadSubmitFlow()
      return sendRegistration(this.#options.wallet, chain, registration, relayUrl ? relay : undefined)
    }
    return this.#run(target, { contributor, contentHash }, send, () => queued)
  }

  async #run(
    target: RegistrationTarget,
    { contributor, contentHash }: { contributor: Address; contentHash: Hex },
    send: () => Promise<Hash | undefined>,
    queued: () => QueuedSend | undefined,
  ) {
    const registered = await this.transaction.run({
      send,
      confirm: async (hash, onProgress) =>
        (await loadSubmitFlow()).confirmRegistration(target.client, {
          hash,
          contentHash,
          contributor,
          deployment: target.deployment,
          confirmations: target.confirmations,
          onProgress,
          queued: queued(),
        }),
    })
    const { state } = this.transaction
    if (registered) this.#options.onRegistered(registered, state.status === 'confirmed' ? state.hash : undefined)
    return registered
  }
}
