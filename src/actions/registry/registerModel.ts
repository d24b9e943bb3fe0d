import type { Address, Hex } from 'viem'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import type { DatanetNotFoundError, EmptyTrainingSetError } from '../../errors/contract.js'
import type { WaitErrorType, WriteErrorType } from '../internal/errorTypes.js'
import { waitForEvents } from '../internal/waitForEvent.js'
import { simulateAndWrite } from '../internal/write.js'

export type RegisterModelParameters = {
  metadataURI: string
  /** See `trainingSetRootOf`: the Merkle root over the content hashes the model trained on. */
  trainingSetRoot: Hex
  datanetIds: readonly number[]
  deployment?: LedgerDeployment
}
/** The transaction's hash. */
export type RegisterModelReturnType = Hex
export type RegisterModelErrorType = WriteErrorType | EmptyTrainingSetError | DatanetNotFoundError

export type RegisterModelAndWaitParameters = RegisterModelParameters
export type RegisterModelAndWaitReturnType = {
  hash: Hex
  modelId: number
  owner: Address
  trainingSetRoot: Hex
  datanetIds: readonly number[]
  metadataURI: string
}
export type RegisterModelAndWaitErrorType = RegisterModelErrorType | WaitErrorType

/**
 * Registers a trained model and the root of its training set, owned by the client's account.
 *
 * @example
 * const hash = await registerModel(walletClient, { metadataURI, trainingSetRoot: trainingSetRootOf(hashes), datanetIds: [1] })
 */
export async function registerModel(
  client: LedgerClient,
  { metadataURI, trainingSetRoot, datanetIds, deployment }: RegisterModelParameters,
): Promise<RegisterModelReturnType> {
  return simulateAndWrite(client, {
    address: resolveDeployment(client, deployment).registry,
    abi: [registry.registerModel, ...registry.contributionRegistryErrors],
    functionName: 'registerModel',
    args: [metadataURI, trainingSetRoot, datanetIds],
  })
}

/**
 * Registers a model and waits: returns its id.
 *
 * @example
 * const { modelId } = await registerModelAndWait(walletClient, parameters)
 */
export async function registerModelAndWait(
  client: LedgerClient,
  parameters: RegisterModelAndWaitParameters,
): Promise<RegisterModelAndWaitReturnType> {
  const hash = await registerModel(client, parameters)
  const { first } = await waitForEvents(client, { hash, abi: [registry.ModelRegistered], eventName: 'ModelRegistered' })
  return { hash, ...first.args }
}
