import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { keccak256, toBytes } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { featurizeText } from '../../src/attribution/featurizeText.js'
import {
  EmptyUsageLogError,
  InvalidUsageFeeError,
  InvalidUsageLogError,
  NonFiniteQueryEmbeddingError,
  RaggedQueryEmbeddingsError,
  signUsageLog,
  UnknownUsageModelError,
  USAGE_LOG_FORMAT,
  type UsageLog,
  UsageLogSignatureError,
  usageLogHash,
  usageLogQueries,
  verifyUsageLog,
} from '../../src/attribution/usageLog.js'
import { canonicalizeJson } from '../../src/content/canonicalJson.js'
import { offlineSigner } from '../support/offlineSigner.js'

// Hardhat's well-known test keys: never hold real value.
const operator = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80')
const stranger = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const clientOf = offlineSigner

const registry = '0x5FbDB2315678afecb367f032d93F642f64180aa3'

const makeLog = (): UsageLog => ({
  format: USAGE_LOG_FORMAT,
  chainId: 31337,
  registry,
  operator: operator.address,
  modelId: 3,
  queries: [
    { id: 'q-1', timestamp: 1_760_000_000, embedding: [0.25, -1, 3], answer: 1, fee: '1500000000000000' },
    { embedding: [0, 0, 0.5], answer: 0, fee: '0' },
    { text: 'is this a cat?', answer: 2, fee: '42' },
  ],
})

describe('usage logs', () => {
  it('hashes the RFC 8785 canonical JSON, whatever the key order', () => {
    const log = makeLog()
    assert.equal(usageLogHash(log), keccak256(toBytes(canonicalizeJson(log))))
    const { queries, ...rest } = log
    const reordered = JSON.parse(JSON.stringify({ queries, ...rest })) as UsageLog
    assert.notEqual(JSON.stringify(reordered), JSON.stringify(log))
    assert.equal(usageLogHash(reordered), usageLogHash(log))
    assert.equal(usageLogHash(log), '0x1a5e233ea15e44a87d09a55f18a989297e6e4f13d64c0d589c54230f34b81704')
  })

  it('accepts a log signed by its operator, for the epoch’s model, and resolves with its hash', async () => {
    const log = makeLog()
    const { signature, logHash } = await signUsageLog(clientOf(operator), { log })
    assert.equal(logHash, usageLogHash(log))
    // ECDSA signatures are deterministic (RFC 6979): a change to the typed data cannot go unnoticed.
    assert.equal(
      signature,
      '0xc0be839ef58780667c4227e1d7c615d6ac44d026925a9c58d38d52f24e750a00279f8fa27189f632421dae31bca4f6e54d12279627c89fe4b693da176da459cc1b',
    )
    const verified = await verifyUsageLog({
      log: JSON.parse(JSON.stringify(log)),
      signature,
      modelIds: [3n],
      operator: operator.address.toLowerCase() as `0x${string}`,
      chainId: 31337,
      registry: registry.toLowerCase() as `0x${string}`,
    })
    assert.equal(verified, logHash)
  })

  it('refuses a log changed after signing', async () => {
    const log = makeLog()
    const { signature } = await signUsageLog(clientOf(operator), { log })
    const changes: ((log: UsageLog) => void)[] = [
      (log) => {
        ;(log.queries[0] as { fee: string }).fee = '1500000000000001'
      },
      (log) => {
        ;(log.queries[2] as { answer: number }).answer = 1
      },
      (log) => {
        log.queries.push({ text: 'one more', answer: 0, fee: '1' })
      },
      (log) => {
        log.queries.pop()
      },
      (log) => {
        log.operator = stranger.address
      },
      (log) => {
        ;(log.queries[2] as { output?: string }).output = 'It is a cat.'
      },
    ]
    for (const change of changes) {
      const tampered = makeLog()
      change(tampered)
      await assert.rejects(verifyUsageLog({ log: tampered, signature, modelIds: [3] }), {
        name: UsageLogSignatureError.name,
      })
    }
  })

  it('refuses a log signed by someone other than the operator it must come from', async () => {
    const log = { ...makeLog(), operator: stranger.address }
    const { signature } = await signUsageLog(clientOf(stranger), { log })
    await verifyUsageLog({ log, signature, modelIds: [3] })
    await assert.rejects(verifyUsageLog({ log, signature, modelIds: [3], operator: operator.address }), {
      name: UsageLogSignatureError.name,
    })
    await assert.rejects(signUsageLog(clientOf(operator), { log }), { name: InvalidUsageLogError.name })
  })

  it('refuses a malformed signature', async () => {
    for (const signature of ['0x1234', `0x${'00'.repeat(65)}`] as const) {
      await assert.rejects(verifyUsageLog({ log: makeLog(), signature, modelIds: [3] }), {
        name: UsageLogSignatureError.name,
      })
    }
  })

  it('refuses a log for another model, registry or chain', async () => {
    const log = makeLog()
    const { signature } = await signUsageLog(clientOf(operator), { log })
    for (const other of [
      { modelIds: [4] },
      { modelIds: [] },
      { modelIds: [3], chainId: 1 },
      { modelIds: [3], registry: stranger.address },
    ]) {
      await assert.rejects(verifyUsageLog({ log, signature, ...other }), { name: UnknownUsageModelError.name })
    }
  })

  it("signs a query's generated output with the rest, and a change to it breaks the signature", async () => {
    const log = makeLog()
    ;(log.queries[2] as { output?: string }).output = 'Yes: a tabby cat, asleep on a warm windowsill.'
    // The output is part of the hashed log, so the hash of a log with outputs differs from the same log without.
    assert.notEqual(usageLogHash(log), usageLogHash(makeLog()))
    const { signature, logHash } = await signUsageLog(clientOf(operator), { log })
    assert.equal(await verifyUsageLog({ log, signature, modelIds: [3] }), logHash)
    const changed = JSON.parse(JSON.stringify(log)) as UsageLog
    ;(changed.queries[2] as { output?: string }).output = 'Yes: a tabby cat, asleep on a warm windowsil.'
    await assert.rejects(verifyUsageLog({ log: changed, signature, modelIds: [3] }), {
      name: UsageLogSignatureError.name,
    })
    const removed = JSON.parse(JSON.stringify(log)) as UsageLog
    delete (removed.queries[2] as { output?: string }).output
    await assert.rejects(verifyUsageLog({ log: removed, signature, modelIds: [3] }), {
      name: UsageLogSignatureError.name,
    })
  })

  describe('rejects bad logs with a named error', () => {
    const query = (change: Record<string, unknown>) => {
      const log = makeLog()
      Object.assign(log.queries[1] as object, change)
      return log
    }
    const cases: [string, UsageLog, string][] = [
      ['no queries', { ...makeLog(), queries: [] }, EmptyUsageLogError.name],
      ['a negative fee', query({ fee: '-5' }), InvalidUsageFeeError.name],
      ['a fractional fee', query({ fee: '1.5' }), InvalidUsageFeeError.name],
      ['a fee with a leading zero', query({ fee: '015' }), InvalidUsageFeeError.name],
      ['a fee as a number', query({ fee: 15 }), InvalidUsageFeeError.name],
      ['an empty fee', query({ fee: '' }), InvalidUsageFeeError.name],
      ['a NaN in an embedding', query({ embedding: [0, Number.NaN, 1] }), NonFiniteQueryEmbeddingError.name],
      ['an infinity in an embedding', query({ embedding: [0, 1, -Infinity] }), NonFiniteQueryEmbeddingError.name],
      ['a non-number in an embedding', query({ embedding: [0, '1', 2] }), NonFiniteQueryEmbeddingError.name],
      ['embeddings of different lengths', query({ embedding: [0, 1] }), RaggedQueryEmbeddingsError.name],
      ['both text and an embedding', query({ text: 'hi' }), InvalidUsageLogError.name],
      ['neither text nor an embedding', query({ embedding: undefined }), InvalidUsageLogError.name],
      ['an empty embedding', query({ embedding: [] }), InvalidUsageLogError.name],
      ['an answer that is not a number', query({ answer: 'cat' }), InvalidUsageLogError.name],
      ['a fractional timestamp', query({ timestamp: 1.5 }), InvalidUsageLogError.name],
      ['an output that is not text', query({ output: 42 }), InvalidUsageLogError.name],
      ['another format', { ...makeLog(), format: 'usage-log@0' as typeof USAGE_LOG_FORMAT }, InvalidUsageLogError.name],
      ['a model id that is not a whole number', { ...makeLog(), modelId: -1 }, InvalidUsageLogError.name],
      ['an operator that is not an address', { ...makeLog(), operator: '0x12' }, InvalidUsageLogError.name],
    ]
    for (const [what, log, name] of cases) {
      it(`for ${what}`, async () => {
        await assert.rejects(signUsageLog(clientOf(operator), { log }), { name })
        await assert.rejects(verifyUsageLog({ log, signature: '0x1234', modelIds: [3] }), { name })
        assert.throws(() => usageLogQueries(log), { name })
      })
    }
  })

  it('turns a log into queries: embeddings as they are, text featurised, answers as labels, fees as bigints', () => {
    const log = makeLog()
    const queries = usageLogQueries(log)
    assert.equal(queries.dimension, 3)
    assert.deepEqual(Array.from(queries.x.subarray(0, 6)), [0.25, -1, 3, 0, 0, 0.5])
    assert.deepEqual(Array.from(queries.x.subarray(6)), Array.from(featurizeText('is this a cat?', { dimension: 3 })))
    assert.deepEqual(Array.from(queries.y), [1, 0, 2])
    assert.deepEqual(queries.fees, [1500000000000000n, 0n, 42n])
    const texts = usageLogQueries(
      { ...log, queries: [log.queries[2] as UsageLog['queries'][number]] },
      { dimension: 64 },
    )
    assert.equal(texts.dimension, 64)
    assert.throws(() => usageLogQueries(log, { dimension: 4 }), { name: RaggedQueryEmbeddingsError.name })
  })
})
