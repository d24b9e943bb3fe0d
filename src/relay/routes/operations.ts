import { type Address, decodeFunctionData, type Hex, numberToHex, toEventSelector } from 'viem'
import {
  formatUserOperation,
  getUserOperationHash,
  type PackedUserOperation,
  toPackedUserOperation,
  type UserOperation,
} from 'viem/account-abstraction'
import { getCode, readContract, simulateContract } from 'viem/actions'
import * as registryAbi from '../../abis/contributionRegistry.js'
import * as tokenAbi from '../../abis/ledgerRewardToken.js'
import * as accountAbi from '../../abis/passkeyAccount.js'
import * as factoryAbi from '../../abis/passkeyAccountFactory.js'
import * as distributorAbi from '../../abis/rewardDistributor.js'
import { simulateAndWrite } from '../../actions/internal/write.js'
import { ContractRevertError, toLedgerError } from '../../errors/contract.js'
import {
  type AccountCreation,
  type AccountCreator,
  checkPredictedAddress,
  parseAccountCreation,
} from '../accountCreation.js'
import {
  answerError,
  malformed,
  passkeyContracts,
  type RelayContext,
  type RelayErrorBody,
  type RelayRoute,
  rateLimited,
  sameAddress,
} from '../context.js'
import * as entryPointAbi from '../entryPoint.js'
import {
  OperationAlreadyUsedError,
  OperationRefusedError,
  OperationSignatureInvalidError,
  OperationWouldFailError,
  RelayRequestError,
  UnknownAccountError,
} from '../errors.js'
import { checkOperationCalls, checkOperationLimits, type OperationLimits } from '../operationPolicy.js'
import { Outcomes } from '../outcomes.js'
import { type RateLimit, RateLimiter } from '../rateLimiter.js'
import { operationSchema } from '../schemas.js'

/** What the user-operation route answers. */
export type RelayOperationResponse =
  | { status: 'submitted'; transactionHash: Hex; userOperationHash: Hex }
  | RelayErrorBody

const handleOps = [entryPointAbi.handleOps, entryPointAbi.FailedOp, entryPointAbi.FailedOpWithRevert] as const

/** The reverts an account's calls can end in, so a call that would fail is refused with its named error. */
const callErrors = [
  accountAbi.execute,
  ...accountAbi.passkeyAccountErrors,
  ...tokenAbi.ledgerRewardTokenErrors,
  ...registryAbi.contributionRegistryErrors,
  ...distributorAbi.rewardDistributorErrors,
] as const

/** The runtime code of an EIP-1167 minimal clone of `implementation`, as OpenZeppelin's `Clones` deploys it. */
const cloneCode = (implementation: Address): Hex =>
  `0x363d3d373d3d3d363d73${implementation.slice(2).toLowerCase()}5af43d82803e903d91602b57fd5bf3`

/** The relay's named error for an EntryPoint `FailedOp`, whose reason starts with a code (`AA24 signature error`). */
function entryPointRefusal(error: unknown): unknown {
  const ledgerError = toLedgerError(error)
  if (!(ledgerError instanceof ContractRevertError)) return ledgerError
  if (ledgerError.errorName !== 'FailedOp' && ledgerError.errorName !== 'FailedOpWithRevert') return ledgerError
  const reason = String(ledgerError.args[1] ?? '')
  if (reason.startsWith('AA25')) return new OperationAlreadyUsedError(reason)
  if (/^AA2[234]/.test(reason)) return new OperationSignatureInvalidError(reason)
  return new OperationRefusedError(reason)
}

/**
 * POST <base>/operations: a `PasskeyOperationRequest` (an ERC-4337 v0.8 user operation, signed, as
 * `preparePasskeyOperation` makes it), sent as `EntryPoint.handleOps([operation], relayer)` with the relayer paying.
 * It is accepted only from an account of the deployment's factory (an existing clone of its implementation, or one
 * the operation creates with exactly `createAccount(signer, salt)` at its own address), with calls on the allow-list
 * (see `checkOperationCalls`) and limits within `limits`; it is simulated (validation through `handleOps`, then the
 * calls as the EntryPoint makes them) before anything is sent, and answered the same way however often it arrives.
 */
export function operationRoute(
  context: RelayContext,
  { rateLimit, limits, accounts }: { rateLimit: RateLimit; limits: OperationLimits; accounts: AccountCreator },
): RelayRoute {
  const { client, deployment } = context
  const outcomes = new Outcomes(context.memory.outcomes, context.now, client)
  const senders = new RateLimiter(rateLimit, context.memory.callers, context.now)
  let implementation: Promise<Address> | undefined

  const accountCode = (accountFactory: Address) => {
    implementation ??= deployment.accountImplementation
      ? Promise.resolve(deployment.accountImplementation)
      : readContract(client, {
          address: accountFactory,
          abi: [factoryAbi.implementation],
          functionName: 'implementation',
        })
    implementation.catch(() => {
      implementation = undefined
    })
    return implementation.then(cloneCode)
  }

  /** Refuses a sender that is not an account of the factory; resolves with whether it exists yet. */
  const checkSender = async (sender: Address, accountFactory: Address, creation: AccountCreation | undefined) => {
    const code = await getCode(client, { address: sender })
    const exists = code !== undefined && code !== '0x'
    if (creation) await checkPredictedAddress(client, accountFactory, creation, sender)
    else if (!exists) {
      throw new UnknownAccountError({
        account: sender,
        details: 'It has no code, and the operation does not create it.',
      })
    } else if (code.toLowerCase() !== (await accountCode(accountFactory))) {
      throw new UnknownAccountError({
        account: sender,
        details: 'Its code is not a minimal clone of the deployment’s account implementation.',
      })
    }
    return exists
  }

  /** Simulates the account's calls as the EntryPoint will make them, within the operation's own call limit. */
  const simulateCalls = async (operation: UserOperation<'0.8'>, entryPoint: Address, exists: boolean) => {
    const { accountFactory } = passkeyContracts(deployment)
    try {
      await simulateContract(client, {
        address: operation.sender,
        abi: callErrors,
        functionName: 'execute',
        args: decodeFunctionData({ abi: [accountAbi.execute], data: operation.callData }).args,
        account: entryPoint,
        gas: operation.callGasLimit,
        ...(exists ? {} : { stateOverride: [{ address: operation.sender, code: await accountCode(accountFactory) }] }),
      })
    } catch (error) {
      const named = toLedgerError(error)
      throw named instanceof ContractRevertError && named.constructor !== ContractRevertError
        ? named
        : new OperationWouldFailError(error)
    }
  }

  /**
   * The transaction that already carried out the operation, for a repeat the relay has forgotten: one `eth_getLogs`
   * for its `UserOperationEvent`, or undefined when the node will not search that far back.
   */
  const findOperation = async (entryPoint: Address, userOperationHash: Hex) => {
    const logs = await client
      .request({
        method: 'eth_getLogs',
        params: [
          {
            address: entryPoint,
            topics: [toEventSelector(entryPointAbi.UserOperationEvent), userOperationHash],
            fromBlock: numberToHex(deployment.blockNumber),
            toBlock: 'latest',
          },
        ],
      })
      .catch(() => [])
    return logs[0]?.transactionHash ?? undefined
  }

  const submit = async (
    operation: UserOperation<'0.8'>,
    creation: AccountCreation | undefined,
    userOperationHash: Hex,
  ) => {
    const { accountFactory, entryPoint } = passkeyContracts(deployment)
    const submitted = (transactionHash: Hex) => ({
      status: 200,
      body: { status: 'submitted', transactionHash, userOperationHash },
    })
    const packed: PackedUserOperation = toPackedUserOperation(operation)
    const send = {
      address: entryPoint,
      abi: handleOps,
      functionName: 'handleOps',
      args: [[packed], client.account.address],
    } as const
    try {
      const exists = await checkSender(operation.sender, accountFactory, creation)
      try {
        await simulateContract(client, { ...send, account: client.account })
      } catch (error) {
        throw entryPointRefusal(error)
      }
      await simulateCalls(operation, entryPoint, exists)
      if (creation && !exists) accounts.take(creation.signer)
      const transactionHash = await context.serialised(() =>
        simulateAndWrite(client, send).catch((error: unknown) => {
          throw entryPointRefusal(error)
        }),
      )
      return submitted(transactionHash)
    } catch (error) {
      if (error instanceof OperationAlreadyUsedError) {
        const transactionHash = await findOperation(entryPoint, userOperationHash)
        if (transactionHash) return submitted(transactionHash)
      }
      return answerError(error)
    }
  }

  return {
    async handle(payload) {
      const parsed = operationSchema.safeParse(payload)
      if (!parsed.success) throw malformed('The action is malformed.', parsed.error.issues)
      const { accountFactory, entryPoint } = passkeyContracts(deployment)
      const { userOperation: rpc, chainId } = parsed.data
      if (chainId !== deployment.chainId || !sameAddress(parsed.data.entryPoint, entryPoint)) {
        throw new RelayRequestError(`This relay submits to EntryPoint ${entryPoint} on chain ${deployment.chainId}.`)
      }
      if ((rpc.factory === undefined) !== (rpc.factoryData === undefined)) {
        throw new RelayRequestError('The action is malformed.', [
          { field: 'userOperation.factoryData', message: 'Give factory and factoryData together, or neither.' },
        ])
      }
      const operation = formatUserOperation(rpc as never) as UserOperation<'0.8'>
      checkOperationLimits(operation, limits)
      checkOperationCalls(operation, deployment, limits.calls)
      const creation =
        operation.factory && operation.factoryData
          ? parseAccountCreation(accountFactory, operation.factory, operation.factoryData)
          : undefined
      const userOperationHash = getUserOperationHash({
        userOperation: operation,
        entryPointAddress: entryPoint,
        entryPointVersion: '0.8',
        chainId,
      })
      return outcomes.answer(
        userOperationHash,
        () => rateLimited('actions', senders.take(operation.sender)),
        () => submit(operation, creation, userOperationHash),
      )
    },
    remembered: () => ({ outcomes: outcomes.size, callers: senders.size }),
  }
}
