import {
  type Address,
  encodeFunctionData,
  type GetCodeErrorType,
  type Hex,
  type LocalAccount,
  type ReadContractErrorType,
  serializeErc6492Signature,
  type TypedDataDefinition,
} from 'viem'
import { getCode, getEip712Domain, readContract } from 'viem/actions'
import {
  hashMessage as hashNestedMessage,
  hashTypedData as hashNestedTypedData,
  wrapTypedDataSignature,
} from 'viem/experimental/erc7739'
import * as factoryAbi from '../abis/passkeyAccountFactory.js'
import type { DeploymentErrorType } from '../actions/internal/errorTypes.js'
import type { LedgerDeployment } from '../chains.js'
import type { LedgerClient } from '../client.js'
import { BaseError } from '../errors/base.js'
import { FIRST_ACCOUNT_SALT } from './createPasskeyAccount.js'
import {
  type PasskeyCancelledError,
  PasskeyNotFoundError,
  type PasskeysNotConfiguredError,
  type PasskeyUnsupportedError,
} from './errors.js'
import { resolvePasskeyDeployment } from './passkeyDeployment.js'
import { getAssertion, type PasskeyCredential } from './webAuthn.js'
import { encodeAccountSignature, encodePasskeySigner, encodeWebAuthnSignature } from './webAuthnSignature.js'

export type ToPasskeyAccountParameters = {
  /** The passkey, as `createPasskeyAccount` or `findPasskeyAccount` returned it. */
  credential: PasskeyCredential
  /**
   * The account the passkey signs for. By default the account the passkey created; give it for a passkey that was
   * added to an account later (`findPasskeyAccount` returns it).
   */
  address?: Address | undefined
  /** The site the passkey is for (the WebAuthn RP id); the page's host name by default. */
  rpId?: string | undefined
  deployment?: LedgerDeployment | undefined
}

/**
 * A viem account backed by a passkey and a `PasskeyAccount` contract. It plugs into viem and into this SDK wherever
 * an account signs typed data or messages (`signContribution`), and its raw `sign` signs user operations.
 */
export type PasskeyAccount = LocalAccount<'passkey'> & {
  credential: PasskeyCredential
  /** The ERC-7913 signer the account stores for this passkey: verifier address ‖ x ‖ y. */
  signer: Hex
  chainId: number
  /** The EntryPoint through which the relay runs the account's actions. */
  entryPointAddress: Address
  /** The factory and its `createAccount` call data that create the account, when this passkey is its first. */
  initCode: { factory: Address; factoryData: Hex } | undefined
  /** Whether the account exists on-chain yet. */
  exists(): Promise<boolean>
  /**
   * Signs `hash` itself with the passkey (one prompt) and returns it as the account checks it:
   * `abi.encode([signer], [assertion])`. For user operations; use `signTypedData` for anything a contract verifies.
   */
  sign(parameters: { hash: Hex }): Promise<Hex>
}

export type ToPasskeyAccountReturnType = PasskeyAccount
export type ToPasskeyAccountErrorType = PasskeysNotConfiguredError | DeploymentErrorType | ReadContractErrorType

/** What signing with a passkey account can throw. */
export type PasskeySignErrorType =
  | PasskeyCancelledError
  | PasskeyUnsupportedError
  | PasskeyNotFoundError
  | GetCodeErrorType
  | ReadContractErrorType

/** A passkey account cannot sign transactions: its actions go through `sendFromPasskeyAccount`. */
export class PasskeyTransactionError extends BaseError {
  override name = 'PasskeyTransactionError' as const
  constructor() {
    super('A passkey account does not send transactions itself: its actions are sent for it by the relay.', {
      details: 'Use sendFromPasskeyAccount.',
      docsPath: 'passkeys',
    })
  }
}

/**
 * Turns a passkey into a viem account for its `PasskeyAccount`. Typed-data signatures are ERC-7739 nested
 * (`TypedDataSign` under the account's own EIP-712 domain), so a signature for one account cannot be replayed for
 * another account of the same passkey; while the account does not exist on-chain, they are also ERC-6492 wrapped
 * with the factory call that creates it, so a verifier (or the relay) can create it first. Every signature is one
 * passkey prompt with user verification.
 *
 * @example
 * const account = await toPasskeyAccount(client, { credential })
 * const signed = await signContribution(client, { account, datanetId, contentHash, metadataHash, metadataURI })
 */
export async function toPasskeyAccount(
  client: LedgerClient,
  { credential, address, rpId, deployment }: ToPasskeyAccountParameters,
): Promise<ToPasskeyAccountReturnType> {
  const contracts = resolvePasskeyDeployment(client, deployment)
  const signer = encodePasskeySigner({ verifier: contracts.webAuthnVerifier, publicKey: credential.publicKey })
  const predicted = await readContract(client, {
    address: contracts.accountFactory,
    abi: [factoryAbi.predictAddress],
    functionName: 'predictAddress',
    args: [signer, FIRST_ACCOUNT_SALT],
  })
  const accountAddress = address ?? predicted
  const initCode =
    accountAddress.toLowerCase() === predicted.toLowerCase()
      ? {
          factory: contracts.accountFactory,
          factoryData: encodeFunctionData({
            abi: [factoryAbi.createAccount],
            functionName: 'createAccount',
            args: [signer, FIRST_ACCOUNT_SALT],
          }),
        }
      : undefined

  const exists = async () => {
    const code = await getCode(client, { address: accountAddress })
    return code !== undefined && code !== '0x'
  }

  const sign = async ({ hash }: { hash: Hex }) => {
    const assertion = await getAssertion({ credentialIds: [credential.id], challenge: hash, rpId })
    return encodeAccountSignature({ signer, signature: encodeWebAuthnSignature(assertion) })
  }

  // The account's EIP-712 domain never changes, so it is read once; before the account exists, through the factory.
  let domain: Promise<Awaited<ReturnType<typeof getEip712Domain>>['domain']> | undefined
  const accountDomain = () => {
    domain ??= getEip712Domain(client, { address: accountAddress, ...initCode }).then((result) => result.domain)
    domain.catch(() => {
      domain = undefined
    })
    return domain
  }

  /** Adds the ERC-6492 wrapper while the account does not exist, so whoever verifies can create it first. */
  const forVerifiers = async (signature: Hex) => {
    if (await exists()) return signature
    if (!initCode) {
      throw new PasskeyNotFoundError(
        `Account ${accountAddress} does not exist on chain ${contracts.chainId}, and this passkey did not create it.`,
      )
    }
    return serializeErc6492Signature({ address: initCode.factory, data: initCode.factoryData, signature })
  }

  return {
    address: accountAddress,
    publicKey: credential.publicKey,
    source: 'passkey',
    type: 'local',
    credential,
    signer,
    chainId: contracts.chainId,
    entryPointAddress: contracts.entryPoint,
    initCode,
    exists,
    sign,
    async signMessage({ message }) {
      const verifierDomain = await accountDomain()
      return forVerifiers(await sign({ hash: hashNestedMessage({ message, verifierDomain }) }))
    },
    async signTypedData(typedData) {
      const { domain: appDomain, types, primaryType, message } = typedData as TypedDataDefinition
      const verifierDomain = await accountDomain()
      const hash = hashNestedTypedData({
        domain: appDomain,
        types,
        primaryType,
        message,
        verifierDomain,
      } as Parameters<typeof hashNestedTypedData>[0])
      const signature = wrapTypedDataSignature({
        domain: appDomain,
        types,
        primaryType,
        message,
        signature: await sign({ hash }),
      } as Parameters<typeof wrapTypedDataSignature>[0])
      return forVerifiers(signature)
    },
    async signTransaction() {
      throw new PasskeyTransactionError()
    },
  }
}
