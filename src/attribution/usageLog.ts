/**
 * Usage logs: the queries a model operator's model answered and the fee paid for each, signed by the operator, so an
 * epoch can pay the training data in proportion to how the model is really used (knnUsageValues).
 *
 * A query's label for KNN-Shapley is the model's own `answer`, not a ground truth (a paying user has none): a training
 * point is worth, for that query, how much it supports the answer the model gave. The operator cannot make a query
 * pay anyone more by choosing the answer afterwards without changing the signed log.
 *
 * Signature: EIP-712 typed data over the log's hash (keccak256 of its RFC 8785 canonical JSON), with the chain and
 * the registry in the domain, so a wallet shows the operator, the model, the number of queries and the total fee
 * before signing, and a log signed for one registry or chain is worthless on another. Operators are plain accounts
 * (ECDSA): the signature is recovered, not checked by a contract.
 */
import {
  type Account,
  type Address,
  getAddress,
  type Hex,
  isAddress,
  keccak256,
  type RecoverTypedDataAddressErrorType,
  recoverTypedDataAddress,
  type SignTypedDataErrorType,
  toBytes,
} from 'viem'
import { signTypedData } from 'viem/actions'
import type { LedgerClient } from '../client.js'
import { canonicalizeJson } from '../content/canonicalJson.js'
import { AccountRequiredError } from '../errors/account.js'
import { BaseError } from '../errors/base.js'
import { featurizeText } from './featurizeText.js'

export const USAGE_LOG_FORMAT = 'attribution-ledger/usage-log@1'

/** One inference: its input as `text` or as an `embedding` (exactly one), the model's answer and the fee paid. */
export type UsageQuery = {
  /** The operator's own reference for the query, if any. */
  id?: string
  /** When it was answered, in Unix seconds. */
  timestamp?: number
  text?: string
  embedding?: number[]
  /** The model's answer: a whole-number class label, or a regression target. */
  answer: number
  /**
   * The text the model generated for the query, which a `span-usage` epoch traces against the training data. Signed
   * with the rest of the query; a log without outputs hashes and verifies exactly as before.
   */
  output?: string
  /** Reward-token units paid for the query: a whole number, 0 or more, as a decimal string (`"1500000000000000"`). */
  fee: string
}

/** What a model operator signs: every query one model answered, on one registry and chain. */
export type UsageLog = {
  format: typeof USAGE_LOG_FORMAT
  chainId: number
  /** The ContributionRegistry the model is registered in. */
  registry: Address
  operator: Address
  modelId: number
  queries: UsageQuery[]
}

/** The log is not in the usage-log format: a missing or malformed field, or a query with both or neither input. */
export class InvalidUsageLogError extends BaseError {
  override name = 'InvalidUsageLogError' as const
  constructor(problem: string) {
    super(`The usage log is not valid: ${problem}`)
  }
}

/** The log has no queries, so there is nothing to value and no fee to split. */
export class EmptyUsageLogError extends BaseError {
  override name = 'EmptyUsageLogError' as const
  constructor() {
    super('The usage log has no queries. Log at least one answered query before asking for its value.')
  }
}

/** A query's fee is not a whole number of token units of 0 or more. */
export class InvalidUsageFeeError extends BaseError {
  override name = 'InvalidUsageFeeError' as const
  /** The query's position in the log. */
  readonly index: number
  constructor({ index, fee }: { index: number; fee: string }) {
    super(
      `Query ${index} has the fee ${fee}; a fee is a whole number of token units, 0 or more, written as a decimal string such as "1500".`,
    )
    this.index = index
  }
}

/** A query's embedding holds NaN or an infinite number, so it has no distance to any training point. */
export class NonFiniteQueryEmbeddingError extends BaseError {
  override name = 'NonFiniteQueryEmbeddingError' as const
  readonly index: number
  constructor({ index, position, value }: { index: number; position: number; value: unknown }) {
    super(
      `Query ${index}'s embedding has ${String(value)} at position ${position}; every number must be finite. Re-embed the query.`,
    )
    this.index = index
  }
}

/** Query embeddings of different lengths (or not the length of the model's points) cannot be compared. */
export class RaggedQueryEmbeddingsError extends BaseError {
  override name = 'RaggedQueryEmbeddingsError' as const
  readonly index: number
  constructor({ index, length, expected }: { index: number; length: number; expected: number }) {
    super(
      `Query ${index}'s embedding has ${length} numbers but ${expected} are expected; embed every query with the model's embedder.`,
    )
    this.index = index
  }
}

/** The log is for a model (or registry, or chain) that this epoch does not value. */
export class UnknownUsageModelError extends BaseError {
  override name = 'UnknownUsageModelError' as const
  readonly modelId: number
  constructor({ modelId, where }: { modelId: number; where: string }) {
    super(
      `The usage log is for model #${modelId}${where}, which this epoch does not value. Use the epoch's model's log.`,
    )
    this.modelId = modelId
  }
}

/** The signature is malformed, or was made by someone other than the operator the log must come from. */
export class UsageLogSignatureError extends BaseError {
  override name = 'UsageLogSignatureError' as const
  constructor({ expected, signer, cause }: { expected: Address; signer?: Address; cause?: unknown }) {
    super(
      signer
        ? `The usage log was signed by ${signer}, not by its operator ${expected}, or it was changed after signing.`
        : `The usage log's signature is not a valid signature; ask its operator ${expected} to sign it again.`,
      { cause },
    )
  }
}

export type UsageLogErrorType =
  | InvalidUsageLogError
  | EmptyUsageLogError
  | InvalidUsageFeeError
  | NonFiniteQueryEmbeddingError
  | RaggedQueryEmbeddingsError

/** The EIP-712 types of a signed usage log: what a wallet shows, and the hash that covers the rest. */
const usageLogTypes = {
  UsageLog: [
    { name: 'operator', type: 'address' },
    { name: 'modelId', type: 'uint256' },
    { name: 'queries', type: 'uint256' },
    { name: 'totalFee', type: 'uint256' },
    { name: 'logHash', type: 'bytes32' },
  ],
} as const

const usageLogDomain = (log: UsageLog) =>
  ({
    name: 'attribution-ledger usage log',
    version: '1',
    chainId: log.chainId,
    verifyingContract: log.registry,
  }) as const

const wholeNumber = /^(0|[1-9][0-9]*)$/
const isIndex = (value: unknown, least: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= least

/** Checks every field and returns the total fee; throws the named errors above. */
function checkUsageLog(log: UsageLog): bigint {
  if (log === null || typeof log !== 'object') throw new InvalidUsageLogError('it is not a JSON object.')
  if (log.format !== USAGE_LOG_FORMAT) throw new InvalidUsageLogError(`"format" must be "${USAGE_LOG_FORMAT}".`)
  if (!isIndex(log.chainId, 1)) throw new InvalidUsageLogError('"chainId" must be a positive whole number.')
  if (!isIndex(log.modelId, 0)) throw new InvalidUsageLogError('"modelId" must be a whole number, 0 or more.')
  for (const field of ['registry', 'operator'] as const) {
    if (typeof log[field] !== 'string' || !isAddress(log[field], { strict: false }))
      throw new InvalidUsageLogError(`"${field}" must be an address.`)
  }
  if (!Array.isArray(log.queries)) throw new InvalidUsageLogError('"queries" must be an array.')
  if (log.queries.length === 0) throw new EmptyUsageLogError()
  let total = 0n
  let width: { index: number; length: number } | undefined
  log.queries.forEach((query, index) => {
    if (query === null || typeof query !== 'object') throw new InvalidUsageLogError(`query ${index} is not an object.`)
    const hasText = query.text !== undefined
    const hasEmbedding = query.embedding !== undefined
    if (hasText === hasEmbedding)
      throw new InvalidUsageLogError(`query ${index} needs exactly one of "text" and "embedding".`)
    if (hasText && typeof query.text !== 'string')
      throw new InvalidUsageLogError(`query ${index}'s "text" must be a string.`)
    if (hasEmbedding) {
      const { embedding } = query
      if (!Array.isArray(embedding) || embedding.length === 0)
        throw new InvalidUsageLogError(`query ${index}'s "embedding" must be a non-empty array of numbers.`)
      embedding.forEach((value, position) => {
        if (typeof value !== 'number' || !Number.isFinite(value))
          throw new NonFiniteQueryEmbeddingError({ index, position, value })
      })
      width ??= { index, length: embedding.length }
      if (embedding.length !== width.length)
        throw new RaggedQueryEmbeddingsError({ index, length: embedding.length, expected: width.length })
    }
    if (typeof query.answer !== 'number' || !Number.isFinite(query.answer))
      throw new InvalidUsageLogError(`query ${index}'s "answer" must be a finite number.`)
    if (typeof query.fee !== 'string' || !wholeNumber.test(query.fee))
      throw new InvalidUsageFeeError({ index, fee: JSON.stringify(query.fee) ?? String(query.fee) })
    if (query.output !== undefined && typeof query.output !== 'string')
      throw new InvalidUsageLogError(`query ${index}'s "output" must be a string: the text the model generated.`)
    if (query.id !== undefined && typeof query.id !== 'string')
      throw new InvalidUsageLogError(`query ${index}'s "id" must be a string.`)
    if (query.timestamp !== undefined && !isIndex(query.timestamp, 0))
      throw new InvalidUsageLogError(`query ${index}'s "timestamp" must be a whole number of Unix seconds.`)
    total += BigInt(query.fee)
  })
  if (total >= 2n ** 256n) throw new InvalidUsageLogError('the fees add up to more than a uint256 can hold.')
  return total
}

/**
 * keccak256 of the log's RFC 8785 canonical JSON: what the operator signs and what an epoch manifest records.
 *
 * @example
 * const logHash = usageLogHash(log)
 */
export function usageLogHash(log: UsageLog): Hex {
  return keccak256(toBytes(canonicalizeJson(log)))
}

function typedData(log: UsageLog, totalFee: bigint) {
  return {
    domain: usageLogDomain(log),
    types: usageLogTypes,
    primaryType: 'UsageLog',
    message: {
      operator: getAddress(log.operator),
      modelId: BigInt(log.modelId),
      queries: BigInt(log.queries.length),
      totalFee,
      logHash: usageLogHash(log),
    },
  } as const
}

export type SignUsageLogParameters = { log: UsageLog; account?: Account | Address }
export type SignUsageLogReturnType = { log: UsageLog; logHash: Hex; signature: Hex }
export type SignUsageLogErrorType = UsageLogErrorType | AccountRequiredError | SignTypedDataErrorType

/**
 * Has the model operator sign a usage log (EIP-712, no gas). The account must be the log's `operator`.
 *
 * @example
 * const { signature, logHash } = await signUsageLog(operatorClient, { log })
 */
export async function signUsageLog(
  client: LedgerClient,
  { log, account = client.account }: SignUsageLogParameters,
): Promise<SignUsageLogReturnType> {
  if (!account) throw new AccountRequiredError()
  const totalFee = checkUsageLog(log)
  const signer = typeof account === 'string' ? account : account.address
  if (getAddress(signer) !== getAddress(log.operator)) {
    throw new InvalidUsageLogError(
      `its operator is ${getAddress(log.operator)}, so ${getAddress(signer)} cannot sign it.`,
    )
  }
  const signature = await signTypedData(client, { account, ...typedData(log, totalFee) })
  return { log, logHash: usageLogHash(log), signature }
}

export type VerifyUsageLogParameters = {
  log: UsageLog
  signature: Hex
  /** The model ids the epoch values; a log for any other is refused. */
  modelIds: readonly (number | bigint)[]
  /** The operator the log must come from (e.g. the model's registered owner); by default the log's own `operator`. */
  operator?: Address | undefined
  chainId?: number | undefined
  registry?: Address | undefined
}
export type VerifyUsageLogErrorType =
  | UsageLogErrorType
  | UnknownUsageModelError
  | UsageLogSignatureError
  | RecoverTypedDataAddressErrorType

/**
 * Checks a usage log: every field, that it is for one of `modelIds` (and `chainId` and `registry` when given), and
 * that `operator` signed exactly this log. Resolves with the log's hash.
 *
 * @example
 * const logHash = await verifyUsageLog({ log, signature, modelIds: [manifest.model.modelId], operator: modelOwner })
 */
export async function verifyUsageLog({
  log,
  signature,
  modelIds,
  operator,
  chainId,
  registry,
}: VerifyUsageLogParameters): Promise<Hex> {
  const totalFee = checkUsageLog(log)
  const wrongChain = chainId !== undefined && chainId !== log.chainId
  const wrongRegistry = registry !== undefined && getAddress(registry) !== getAddress(log.registry)
  if (!modelIds.some((id) => BigInt(id) === BigInt(log.modelId)) || wrongChain || wrongRegistry) {
    throw new UnknownUsageModelError({
      modelId: log.modelId,
      where: ` of registry ${getAddress(log.registry)} on chain ${log.chainId}`,
    })
  }
  const expected = getAddress(operator ?? log.operator)
  let signer: Address
  try {
    signer = await recoverTypedDataAddress({ ...typedData(log, totalFee), signature })
  } catch (cause) {
    throw new UsageLogSignatureError({ expected, cause })
  }
  if (signer !== expected || getAddress(log.operator) !== expected)
    throw new UsageLogSignatureError({ expected, signer })
  return usageLogHash(log)
}

export type UsageLogQueriesReturnType = {
  /** One row per query, flat and row-major. */
  x: Float64Array
  dimension: number
  /** The model's answers: the labels the queries are valued against. */
  y: Float64Array
  fees: bigint[]
}

/**
 * A usage log's queries as knnUsageValues takes them. Embeddings are taken as they are; text goes through the
 * built-in featuriser at `dimension` (the model's points' dimension; by default the embeddings' length).
 *
 * @example
 * const queries = usageLogQueries(log, { dimension: 256 })
 * const { values } = await knnUsageValues({ train, queries, k: 5 })
 */
export function usageLogQueries(log: UsageLog, { dimension }: { dimension?: number } = {}): UsageLogQueriesReturnType {
  checkUsageLog(log)
  const first = log.queries.findIndex((query) => query.embedding !== undefined)
  const width = dimension ?? log.queries[first]?.embedding?.length
  if (first >= 0 && width !== log.queries[first]?.embedding?.length) {
    const length = log.queries[first]?.embedding?.length ?? 0
    throw new RaggedQueryEmbeddingsError({ index: first, length, expected: width as number })
  }
  const rows = log.queries.map((query) => query.embedding ?? featurizeText(query.text as string, { dimension: width }))
  const size = rows[0]?.length ?? 0
  const x = new Float64Array(rows.length * size)
  rows.forEach((row, i) => {
    x.set(row, i * size)
  })
  return {
    x,
    dimension: size,
    y: Float64Array.from(log.queries, (query) => query.answer),
    fees: log.queries.map((query) => BigInt(query.fee)),
  }
}
