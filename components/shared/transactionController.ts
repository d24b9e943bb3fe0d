import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { Hash } from 'viem'
import type { ConfirmationProgress } from '../../src/client.js'
import type { BaseError } from '../../src/errors/base.js'
import { toLedgerError } from '../../src/errors/contract.js'

export type TransactionState<Result> =
  | { status: 'idle' }
  | { status: 'awaiting-wallet' }
  | { status: 'pending'; hash: Hash | undefined; progress?: ConfirmationProgress | undefined }
  | { status: 'confirmed'; hash: Hash | undefined; result: Result }
  | { status: 'failed'; error: BaseError; hash: Hash | undefined }

type TransactionSteps<Result> = {
  /** Asks the wallet (or a relay) to send; resolves with the transaction hash once one exists, if it is known. */
  send: () => Promise<Hash | undefined>
  /**
   * Waits for the outcome on-chain, telling `progress` of confirmations and reorganisations (and of the new hash, when
   * the transaction had to be sent again).
   */
  confirm: (hash: Hash | undefined, progress: (progress: ConfirmationProgress, hash?: Hash) => void) => Promise<Result>
}

/**
 * The one write flow every widget shares: idle → awaiting-wallet → pending → confirmed | failed. The host re-renders
 * on each step; errors are decoded into the SDK's named errors so the widget can say what went wrong.
 */
export class TransactionController<Result> implements ReactiveController {
  state: TransactionState<Result> = { status: 'idle' }
  #host: ReactiveControllerHost
  #run = 0

  constructor(host: ReactiveControllerHost) {
    this.#host = host
    host.addController(this)
  }

  hostConnected() {}

  hostDisconnected() {
    // A flow that finishes after the element left the page must not write into a later flow's state.
    this.#run++
  }

  get busy() {
    return this.state.status === 'awaiting-wallet' || this.state.status === 'pending'
  }

  /** Runs one write; resolves with the result, or undefined when it failed (the failure is in `state`). */
  async run({ send, confirm }: TransactionSteps<Result>): Promise<Result | undefined> {
    const run = ++this.#run
    const set = (state: TransactionState<Result>) => {
      if (run !== this.#run) return false
      this.state = state
      this.#host.requestUpdate()
      return true
    }
    set({ status: 'awaiting-wallet' })
    let hash: Hash | undefined
    try {
      hash = await send()
      if (!set({ status: 'pending', hash })) return undefined
      const result = await confirm(hash, (progress, resent) => {
        hash = resent ?? hash
        set({ status: 'pending', hash, progress })
      })
      return set({ status: 'confirmed', hash, result }) ? result : undefined
    } catch (error) {
      set({ status: 'failed', error: toLedgerError(error), hash })
      return undefined
    }
  }

  /** Shows a failure that came before anything could be sent (a part of the page that did not load, say). */
  fail(error: unknown): BaseError {
    this.#run++
    const failure = toLedgerError(error)
    this.state = { status: 'failed', error: failure, hash: undefined }
    this.#host.requestUpdate()
    return failure
  }

  reset() {
    this.#run++
    this.state = { status: 'idle' }
    this.#host.requestUpdate()
  }
}
