/**
 * What the passkey relay tests share: the ledger with an open datanet, and requests exactly as the passkey SDK makes
 * them (ERC-7739 nested registrations, ERC-6492 wrapped until the account exists; signed ERC-4337 v0.8 user
 * operations in JSON-RPC form), signed with real P-256 WebAuthn assertions from Node's crypto.
 */
import { type Address, encodeFunctionData, type Hex, serializeErc6492Signature, zeroHash } from 'viem'
import {
  entryPoint08Abi,
  formatUserOperationRequest,
  getUserOperationHash,
  type UserOperation,
} from 'viem/account-abstraction'
import { hashTypedData as hashTypedDataErc7739, wrapTypedDataSignature } from 'viem/experimental/erc7739'
import { contributionRegistryAbi, passkeyAccountFactoryAbi } from '../../src/abis/index.js'
import type { SignedContribution } from '../../src/actions/registry/signContribution.js'
import { localhostDeployment } from '../../src/chains.js'
import { registrationDomain, registrationTypes } from '../../src/registry/registrationTypedData.js'
import { accountSignature, executeBatch, type Passkey, signerOf } from '../contracts/account.helpers.js'
import { actors, loadFixture, publicClient, registrationOf, write } from '../contracts/fixture.js'

export const ledger = localhostDeployment

/** A POST to the relay mounted at /relay: `''` for registrations, `'/claim'`, `'/operations'`. */
export const post = (route: '' | '/claim' | '/operations', body: unknown) =>
  new Request(`http://relay.test/relay${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

/** A fresh ledger with datanet 1, open. */
export async function freshLedger() {
  await loadFixture()
  await write(actors.owner, {
    address: ledger.registry,
    abi: contributionRegistryAbi,
    functionName: 'createDatanet',
    args: ['data:,open', { curated: false, commitReveal: false }],
  })
}

export const signer = (passkey: Passkey) => signerOf(ledger.webAuthnVerifier, passkey)

export const createAccountData = (passkey: Passkey, salt: Hex = zeroHash) =>
  encodeFunctionData({ abi: passkeyAccountFactoryAbi, functionName: 'createAccount', args: [signer(passkey), salt] })

/** The address of `passkey`'s account (`salt`), from the deployment's factory or another. */
export const accountOf = (passkey: Passkey, salt: Hex = zeroHash, factory: Address = ledger.accountFactory) =>
  publicClient.readContract({
    address: factory,
    abi: passkeyAccountFactoryAbi,
    functionName: 'predictAddress',
    args: [signer(passkey), salt],
  })

export const hasCode = async (address: Address) => ((await publicClient.getCode({ address })) ?? '0x') !== '0x'

export type PasskeyRegistrationOptions = {
  /** The account the registration names; the passkey's own (salt 0) by default. */
  contributor?: Address
  salt?: Hex
  /** The factory the ERC-6492 wrapper names; the deployment's by default. */
  factory?: Address
  /** Wrap even if the account exists, as a signature made before it did would be. */
  wrap?: boolean
  nonce?: bigint
}

/** What `signContribution` gives for a passkey account: signed with `passkey`, wrapped while the account is new. */
export async function signPasskeyRegistration(
  passkey: Passkey,
  content: string,
  options: PasskeyRegistrationOptions = {},
): Promise<SignedContribution> {
  const salt = options.salt ?? zeroHash
  const factory = options.factory ?? ledger.accountFactory
  const contributor = options.contributor ?? (await accountOf(passkey, salt, factory))
  const registration = registrationOf(1, content)
  const nonce =
    options.nonce ??
    (await publicClient.readContract({
      address: ledger.registry,
      abi: contributionRegistryAbi,
      functionName: 'nonces',
      args: [contributor],
    }))
  const deadline = (await publicClient.getBlock()).timestamp + 3_600n
  const typedData = {
    domain: registrationDomain({ chainId: ledger.chainId, registry: ledger.registry }),
    types: registrationTypes,
    primaryType: 'Registration',
    message: { contributor, ...registration, nonce, deadline },
  } as const
  const hash = hashTypedDataErc7739({
    ...typedData,
    verifierDomain: {
      name: 'PasskeyAccount',
      version: '1',
      chainId: ledger.chainId,
      verifyingContract: contributor,
      salt: zeroHash,
    },
  })
  const nested = wrapTypedDataSignature({
    ...typedData,
    signature: accountSignature(ledger.webAuthnVerifier, passkey, hash),
  })
  const wrap = options.wrap ?? !(await hasCode(contributor))
  const signature = wrap
    ? serializeErc6492Signature({ address: factory, data: createAccountData(passkey, salt), signature: nested })
    : nested
  return {
    contributor,
    registration,
    nonce: nonce.toString(),
    deadline: deadline.toString(),
    signature,
    chainId: ledger.chainId,
    registry: ledger.registry,
  }
}

export type PasskeyOperationOptions = {
  /** Create the account in the operation (initCode), as the SDK does while it does not exist. */
  create?: { factory?: Address; factoryData?: Hex }
  gas?: Partial<Pick<UserOperation<'0.8'>, 'callGasLimit' | 'verificationGasLimit' | 'preVerificationGas'>>
  fees?: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }
  /** An EntryPoint nonce key: operations with different keys do not wait for each other. */
  nonceKey?: bigint
  /** Sign with this passkey instead (another account's, for example). */
  signedBy?: Passkey
}

/**
 * What `preparePasskeyOperation` posts (a `PasskeyOperationRequest`): `sender` makes `calls` as one ERC-7821 batch,
 * signed by `passkey`, with zero fees and the SDK's limits unless told otherwise.
 */
export async function passkeyOperation(
  passkey: Passkey,
  sender: Address,
  calls: readonly { to: Address; data: Hex }[],
  options: PasskeyOperationOptions = {},
) {
  const nonce = await publicClient.readContract({
    address: ledger.entryPoint,
    abi: entryPoint08Abi,
    functionName: 'getNonce',
    args: [sender, options.nonceKey ?? 0n],
  })
  const create = options.create
    ? {
        factory: options.create.factory ?? ledger.accountFactory,
        factoryData: options.create.factoryData ?? createAccountData(passkey),
      }
    : {}
  const userOperation: UserOperation<'0.8'> = {
    sender,
    nonce,
    callData: executeBatch(calls),
    callGasLimit: 300_000n,
    verificationGasLimit: options.create ? 650_000n : 450_000n,
    preVerificationGas: 60_000n,
    maxFeePerGas: 0n,
    maxPriorityFeePerGas: 0n,
    ...options.gas,
    ...options.fees,
    signature: '0x',
    ...create,
  }
  const userOperationHash = getUserOperationHash({
    userOperation,
    entryPointAddress: ledger.entryPoint,
    entryPointVersion: '0.8',
    chainId: ledger.chainId,
  })
  userOperation.signature = accountSignature(ledger.webAuthnVerifier, options.signedBy ?? passkey, userOperationHash)
  return {
    request: {
      userOperation: formatUserOperationRequest(userOperation),
      entryPoint: ledger.entryPoint,
      chainId: ledger.chainId,
    },
    userOperationHash,
  }
}
