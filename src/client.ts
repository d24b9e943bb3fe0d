import type { Account, Chain, Client, Transport } from 'viem'

/** Any viem client: every action takes one first. Writes need an account on it, or passed in their parameters. */
export type LedgerClient = Client<Transport, Chain | undefined, Account | undefined>

/** Where a transaction stands while it gathers confirmations. */
export type ConfirmationProgress =
  /** In block `blockNumber`, with `confirmations` blocks counted so far (that block included). */
  | { status: 'included'; blockNumber: bigint; confirmations: number; required: number }
  /** A reorganisation took its block away; it waits to be included again. */
  | { status: 'reorged' }
