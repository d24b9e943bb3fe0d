import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import {
  type Abi,
  type Account,
  BaseError,
  type ContractFunctionArgs,
  type ContractFunctionName,
  ContractFunctionRevertedError,
  encodeDeployData,
  getAddress,
  type Hex,
  isHex,
  keccak256,
  type TransactionReceipt,
  toBytes,
} from 'viem'
import { deployLedger, type LedgerDeployment } from '../../scripts/lib/deploy.js'
import { publicClient, testClient, walletOf } from '../../scripts/lib/inProcessChain.js'
import { localAccount } from '../../scripts/lib/localChain.js'

export { publicClient, testClient, walletOf }

/** Hardhat's funded accounts, named by the part each plays in the tests. */
export const actors = {
  owner: localAccount(0),
  attributor: localAccount(1),
  guardian: localAccount(2),
  alice: localAccount(3),
  bob: localAccount(4),
  carol: localAccount(5),
  relayer: localAccount(6),
  curator: localAccount(7),
  stranger: localAccount(8),
}

type WriteParameters<abi extends Abi, name extends ContractFunctionName<abi, 'nonpayable' | 'payable'>> = {
  address: Hex
  abi: abi
  functionName: name
  args: ContractFunctionArgs<abi, 'nonpayable' | 'payable', name>
}

/** Simulates, sends and mines a transaction from `account`; resolves with the successful receipt. */
export async function write<const abi extends Abi, name extends ContractFunctionName<abi, 'nonpayable' | 'payable'>>(
  account: Account,
  parameters: WriteParameters<abi, name>,
): Promise<TransactionReceipt> {
  // 'pending' so that a timestamp set for the next block applies to the simulation as it will to the transaction.
  const { request } = await publicClient.simulateContract({ ...parameters, account, blockTag: 'pending' } as never)
  const hash = await walletOf(account).writeContract(request as never)
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  assert.equal(receipt.status, 'success')
  return receipt
}

/** Asserts that `promise` fails with the named custom error and, when given, exactly these error arguments. */
export async function expectRevert(promise: Promise<unknown>, errorName: string, args?: readonly unknown[]) {
  try {
    await promise
  } catch (error) {
    const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null
    assert.ok(reverted instanceof ContractFunctionRevertedError, `expected ${errorName}, got: ${String(error)}`)
    assert.equal(reverted.data?.errorName, errorName, reverted.shortMessage)
    if (args) assert.deepEqual(reverted.data?.args, args)
    return
  }
  assert.fail(`expected the call to revert with ${errorName}, but it succeeded`)
}

/** Mines the next block exactly `seconds` after the latest one, so time-window tests never depend on the clock. */
export async function mineAfter(seconds: number) {
  const latest = await publicClient.getBlock()
  await testClient.setNextBlockTimestamp({ timestamp: latest.timestamp + BigInt(seconds) })
  await testClient.mine({ blocks: 1 })
}

/** Makes the next transaction's block exactly `seconds` after the latest one. */
export async function nextBlockAfter(seconds: number) {
  const latest = await publicClient.getBlock()
  await testClient.setNextBlockTimestamp({ timestamp: latest.timestamp + BigInt(seconds) })
}

export const latestTimestamp = async () => (await publicClient.getBlock()).timestamp

/** The SHA-256 of some content, as the bytes32 `sha256sum` prints. */
export const sha256 = (content: string | Uint8Array): Hex => `0x${createHash('sha256').update(content).digest('hex')}`
export const randomHash = (): Hex => `0x${randomBytes(32).toString('hex')}`

export const commitWindow = { minCommitAge: 60, maxCommitAge: 86_400 }
export const disputePeriod = 3_600

let snapshot: Hex | undefined
let deployment: LedgerDeployment | undefined

/**
 * A freshly deployed ledger for each test: deploys once per file, then reverts the chain to that point on each call.
 */
export async function loadFixture(): Promise<LedgerDeployment> {
  if (snapshot && deployment) {
    await testClient.revert({ id: snapshot })
  } else {
    deployment = await deployLedger(
      { wallet: walletOf(actors.owner), public: publicClient },
      { attributor: actors.attributor.address, guardian: actors.guardian.address, disputePeriod, ...commitWindow },
    )
  }
  snapshot = await testClient.snapshot()
  return deployment
}

/** A registration of `content` in `datanetId`, with metadata that hashes like the SDK's. */
export function registrationOf(datanetId: number, content: string) {
  const metadata = JSON.stringify({ name: content.slice(0, 24), contentHash: sha256(content) })
  return {
    datanetId,
    contentHash: sha256(content),
    metadataHash: keccak256(toBytes(metadata)),
    metadataURI: `data:application/json;base64,${Buffer.from(metadata).toString('base64')}`,
  }
}

/**
 * Deploys a contract from `account` and returns its checksummed address. A constructor revert is thrown as a decoded
 * `ContractFunctionRevertedError`, which viem's deployContract does not do by itself.
 */
export async function deploy(account: Account, parameters: { abi: Abi; bytecode: Hex; args: readonly unknown[] }) {
  try {
    await publicClient.call({ account, data: encodeDeployData(parameters as never) })
  } catch (error) {
    const withData = error instanceof BaseError ? error.walk((e) => isHex((e as { data?: unknown }).data)) : null
    const data = (withData as { data?: Hex } | null)?.data
    if (!data) throw error
    throw new ContractFunctionRevertedError({ abi: parameters.abi, data, functionName: 'constructor' })
  }
  const hash = await walletOf(account).deployContract(parameters as never)
  const { contractAddress } = await publicClient.waitForTransactionReceipt({ hash })
  assert.ok(contractAddress, 'deployment produced no contract')
  return getAddress(contractAddress)
}
