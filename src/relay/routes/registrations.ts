import {
  ContractFunctionRevertedError,
  encodeDeployData,
  encodeErrorResult,
  erc6492SignatureValidatorAbi,
  erc6492SignatureValidatorByteCode,
  type Hex,
  hashTypedData,
  hexToBool,
  isErc6492Signature,
  keccak256,
  parseErc6492Signature,
  stringToBytes,
} from 'viem'
import { call } from 'viem/actions'
import * as registryAbi from '../../abis/contributionRegistry.js'
import { getContributionByHash } from '../../actions/registry/getContributionByHash.js'
import { registerContributionBySig } from '../../actions/registry/registerContributionBySig.js'
import type { SignedContribution } from '../../actions/registry/signContribution.js'
import { toLedgerError } from '../../errors/contract.js'
import { registrationDomain, registrationTypes } from '../../registry/registrationTypedData.js'
import {
  type AccountCreation,
  type AccountCreator,
  checkPredictedAddress,
  parseAccountCreation,
} from '../accountCreation.js'
import {
  answerError,
  hasCode,
  malformed,
  passkeyContracts,
  type RelayContext,
  type RelayErrorBody,
  type RelayRoute,
  rateLimited,
  sameAddress,
} from '../context.js'
import { RelayRequestError } from '../errors.js'
import { Outcomes } from '../outcomes.js'
import { type RateLimit, RateLimiter } from '../rateLimiter.js'
import { signedContributionSchema } from '../schemas.js'

/** What the registration route answers. */
export type RelayResponse =
  | { status: 'submitted'; transactionHash: Hex; contentHash: Hex; contributor: Hex }
  | { status: 'already-registered'; contentHash: Hex; contributor: Hex }
  | RelayErrorBody

/** An account that does not exist yet, and the factory call that creates it (from an ERC-6492 wrapper). */
type Wrapped = { creation: AccountCreation; accountFactory: Hex; signature: Hex }

/**
 * POST <base>: a contribution its contributor signed (`signContribution`), registered by `registerBySig` with the
 * relayer paying. A passkey account that does not exist yet signs with an ERC-6492 wrapper; the relay accepts it only
 * for the deployment's account factory and the account the request names, creates the account, then registers
 * with the signature inside the wrapper.
 */
export function registrationRoute(
  context: RelayContext,
  { rateLimit, accounts }: { rateLimit: RateLimit; accounts: AccountCreator },
): RelayRoute {
  const { client, deployment } = context
  const outcomes = new Outcomes(context.memory.outcomes, context.now, client)
  const contributors = new RateLimiter(rateLimit, context.memory.callers, context.now)

  /** Unwraps an ERC-6492 signature after checking it names the deployment's factory, exactly as it creates accounts. */
  const unwrap = (signature: Hex): Wrapped | undefined => {
    if (!isErc6492Signature(signature)) return undefined
    const { accountFactory } = passkeyContracts(deployment)
    const { address, data, signature: inner } = parseErc6492Signature(signature)
    if (!address || !data) throw new RelayRequestError('The signature is malformed.')
    return { creation: parseAccountCreation(accountFactory, address, data), accountFactory, signature: inner }
  }

  /** Whether the wrapped signature is the account's, checked before anything is spent on creating the account. */
  const checkSignature = async (signed: SignedContribution) => {
    const hash = hashTypedData({
      domain: registrationDomain({ chainId: deployment.chainId, registry: deployment.registry }),
      types: registrationTypes,
      primaryType: 'Registration',
      message: {
        contributor: signed.contributor,
        ...signed.registration,
        nonce: BigInt(signed.nonce),
        deadline: BigInt(signed.deadline),
      },
    })
    // ERC-6492's deployless validator: in one call, creates the account with the factory call, then asks it.
    const { data: valid } = await call(client, {
      data: encodeDeployData({
        abi: erc6492SignatureValidatorAbi,
        bytecode: erc6492SignatureValidatorByteCode,
        args: [signed.contributor, hash, signed.signature],
      }),
    })
    if (valid && hexToBool(valid)) return
    // The same named error the registry's own check would give.
    const data = encodeErrorResult({
      abi: [registryAbi.ContributionRegistryInvalidSignature],
      args: [signed.contributor],
    })
    throw toLedgerError(
      new ContractFunctionRevertedError({
        abi: registryAbi.contributionRegistryErrors,
        data,
        functionName: 'registerBySig',
      }),
    )
  }

  const submit = async (signed: SignedContribution, wrapped: Wrapped | undefined) => {
    const { contentHash } = signed.registration
    const existing = await getContributionByHash(client, { contentHash, deployment })
    if (existing && sameAddress(existing.contributor, signed.contributor)) {
      return { status: 200, body: { status: 'already-registered', contentHash, contributor: signed.contributor } }
    }
    try {
      if (wrapped) {
        await checkPredictedAddress(client, wrapped.accountFactory, wrapped.creation, signed.contributor)
        if (!(await hasCode(client, signed.contributor))) {
          await checkSignature(signed)
          await accounts.ensure(wrapped.accountFactory, wrapped.creation, signed.contributor)
        }
      }
      const submitted = wrapped ? { ...signed, signature: wrapped.signature } : signed
      const transactionHash = await context.serialised(() =>
        registerContributionBySig(client, { signed: submitted, deployment }),
      )
      return {
        status: 200,
        body: { status: 'submitted', transactionHash, contentHash, contributor: signed.contributor },
      }
    } catch (error) {
      return answerError(error)
    }
  }

  return {
    async handle(payload) {
      const parsed = signedContributionSchema.safeParse(payload)
      if (!parsed.success) throw malformed('The signed contribution is malformed.', parsed.error.issues)
      const signed = parsed.data as SignedContribution
      if (!sameAddress(signed.registry, deployment.registry) || signed.chainId !== deployment.chainId) {
        throw new RelayRequestError(
          `This relay submits to registry ${deployment.registry} on chain ${deployment.chainId}.`,
        )
      }
      const wrapped = unwrap(signed.signature)
      // The whole request, not only its signature: the same signature with another body is another request.
      return outcomes.answer(
        keccak256(stringToBytes(JSON.stringify(signed))),
        () => rateLimited('contributions', contributors.take(signed.contributor)),
        () => submit(signed, wrapped),
      )
    },
    remembered: () => ({ outcomes: outcomes.size, callers: contributors.size }),
  }
}
