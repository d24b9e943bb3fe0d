import type { Address, Hex } from 'viem'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { WaitErrorType, WriteErrorType } from '../internal/errorTypes.js'
import { waitForEvents } from '../internal/waitForEvent.js'
import { simulateAndWrite } from '../internal/write.js'

export type CreateDatanetParameters = {
  /** Where the datanet's own description lives (a `data:`, https or ipfs URI). */
  metadataURI: string
  /** Curated datanets keep contributions pending until a curator reviews them. */
  curated?: boolean
  /** Require commit–reveal, so a hash copied from the mempool cannot be registered by someone else. */
  commitReveal?: boolean
  deployment?: LedgerDeployment
}
/** The transaction's hash. */
export type CreateDatanetReturnType = Hex
export type CreateDatanetErrorType = WriteErrorType

export type CreateDatanetAndWaitParameters = CreateDatanetParameters
export type CreateDatanetAndWaitReturnType = {
  hash: Hex
  datanetId: number
  owner: Address
  curated: boolean
  commitReveal: boolean
  metadataURI: string
}
export type CreateDatanetAndWaitErrorType = CreateDatanetErrorType | WaitErrorType

/**
 * Creates a datanet owned by the client's account and returns the transaction hash.
 *
 * @example
 * const hash = await createDatanet(walletClient, { metadataURI: 'ipfs://…', curated: true })
 */
export async function createDatanet(
  client: LedgerClient,
  parameters: CreateDatanetParameters,
): Promise<CreateDatanetReturnType> {
  const { metadataURI, curated = false, commitReveal = false, deployment } = parameters
  return simulateAndWrite(client, {
    address: resolveDeployment(client, deployment).registry,
    abi: [registry.createDatanet, ...registry.contributionRegistryErrors],
    functionName: 'createDatanet',
    args: [metadataURI, { curated, commitReveal }],
  })
}

/**
 * Creates a datanet and waits for it: returns its id and owner.
 *
 * @example
 * const { datanetId } = await createDatanetAndWait(walletClient, { metadataURI: 'data:,street-scenes' })
 */
export async function createDatanetAndWait(
  client: LedgerClient,
  parameters: CreateDatanetAndWaitParameters,
): Promise<CreateDatanetAndWaitReturnType> {
  const hash = await createDatanet(client, parameters)
  const { first } = await waitForEvents(client, { hash, abi: [registry.DatanetCreated], eventName: 'DatanetCreated' })
  return { hash, ...first.args }
}
