/**
 * Epochs that cannot be gamed with copies, and epochs paid by use: near-duplicates of an earlier registration earn
 * nothing and are listed in the manifest; a usage epoch splits each logged query's fee over the training rows by
 * their positive values for it. Both verify from their data, and tampering is named.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type Address, getAddress, sha256, toBytes } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import {
  type BuildEpochParameters,
  buildEpoch,
  EpochInputError,
  type EpochManifest,
  EpochMismatchError,
  type EpochTrainingPoints,
  epochManifestHash,
  verifyEpoch,
} from '../../src/attribution/epochManifest.js'
import { featurizeTexts } from '../../src/attribution/featurizeText.js'
import { knnQueryValues } from '../../src/attribution/knnUsage.js'
import { signUsageLog, USAGE_LOG_FORMAT, type UsageLog } from '../../src/attribution/usageLog.js'
import { trainingSetRootOf } from '../../src/registry/trainingSet.js'
import { offlineSigner } from '../support/offlineSigner.js'

// Hardhat's well-known test keys: never hold real value.
const owner = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80')
const stranger = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const signerOf = offlineSigner

const victim = getAddress('0x000000000000000000000000000000000000a11c')
const others = getAddress('0x0000000000000000000000000000000000000b0b')
const attacker = getAddress('0x000000000000000000000000000000000000bad0')
const registry: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'

type Contribution = { by: Address; x: number[]; y: number; block: number; text?: string }

/** Two classes; the victim's point sits where the test points of class 1 are, so it is worth a lot. */
const honest: Contribution[] = [
  { by: victim, x: [1, 1], y: 1, block: 10 },
  { by: others, x: [0, 0], y: 0, block: 11 },
  { by: others, x: [0.2, 0.1], y: 0, block: 11 },
  { by: others, x: [1.4, 0.8], y: 1, block: 12 },
  { by: others, x: [-0.3, 0.2], y: 0, block: 12 },
]
const test = {
  x: new Float64Array([1.05, 0.95, 0.9, 1.1, 0.1, 0.05, 1.2, 1.0, -0.1, 0.1]),
  dimension: 2,
  y: new Float64Array([1, 1, 0, 1, 0]),
}
/** The victim's point again, with noise far below what separates two real points. */
const copies = (count: number, block: number): Contribution[] =>
  Array.from({ length: count }, (_, i) => ({ by: attacker, x: [1 + (i + 1) * 1e-4, 1 - (i + 1) * 1e-4], y: 1, block }))

function epochOf(contributions: readonly Contribution[]): BuildEpochParameters & { train: EpochTrainingPoints } {
  const contentHashes = contributions.map((c, i) => sha256(toBytes(`${i}:${c.x.join()}:${c.text ?? ''}`)))
  const texts = contributions.some((c) => c.text) ? contributions.map((c) => c.text) : undefined
  return {
    chainId: 31337,
    registry,
    distributor: '0x0000000000000000000000000000000000000D15',
    epochId: 1,
    modelId: 1,
    trainingSetRoot: trainingSetRootOf(contentHashes),
    contributors: contributions.map((c) => c.by),
    registrations: contributions.map((c, i) => ({ blockNumber: c.block, logIndex: i })),
    train: {
      contentHashes,
      x: new Float64Array(contributions.flatMap((c) => c.x)),
      dimension: 2,
      y: new Float64Array(contributions.map((c) => c.y)),
      texts,
    },
    test,
    k: 3,
    budget: 1_000_000n,
  }
}

const paid = (manifest: EpochManifest, account: Address) =>
  BigInt(manifest.allocations.find((row) => row.account === account)?.amount ?? 0)

describe('copies earn nothing; the first registration keeps the credit', () => {
  it('lists later near-copies as duplicates of the victim, pays them 0 and leaves the victim as without the attack', async () => {
    const { manifest: fair } = await buildEpoch(epochOf(honest))
    for (const count of [1, 5, 10]) {
      const attacked = epochOf([...honest, ...copies(count, 20)])
      const { manifest } = await buildEpoch(attacked)
      assert.equal(paid(manifest, attacker), 0n, `${count} copies earn nothing`)
      assert.equal(manifest.values[0], fair.values[0], "the victim's value is exactly what it was without copies")
      assert.equal(paid(manifest, victim), paid(fair, victim))
      assert.deepEqual(
        manifest.duplicates.map(({ row, copyOfRow, copyOfContentHash }) => ({ row, copyOfRow, copyOfContentHash })),
        Array.from({ length: count }, (_, i) => ({
          row: honest.length + i,
          copyOfRow: 0,
          copyOfContentHash: attacked.train.contentHashes[0],
        })),
      )
      const unguarded = await buildEpoch({ ...attacked, nearDuplicates: null })
      assert.ok(paid(unguarded.manifest, attacker) > 0n, 'without the rule the copies would be paid')
      assert.ok(paid(unguarded.manifest, victim) < paid(fair, victim), "and the victim's share would fall")
      assert.deepEqual(unguarded.manifest.duplicates, [])
    }
  })

  it('gives the credit to whichever registered first', async () => {
    const early = epochOf([...honest.map((c) => ({ ...c, block: c.block + 100 })), ...copies(1, 5)])
    const { manifest } = await buildEpoch(early)
    assert.equal(paid(manifest, victim), 0n, "the victim's later registration is the copy now")
    assert.ok(paid(manifest, attacker) > 0n)
    assert.deepEqual(
      manifest.duplicates.map(({ row, copyOfRow }) => ({ row, copyOfRow })),
      [{ row: 0, copyOfRow: honest.length }],
    )
  })

  it('catches a text copy with one character changed by its text, though its features moved', async () => {
    const text = 'The parcel arrived two days early and the support team answered within minutes.'
    const changed = text.replace('minutes', 'minutex')
    const [original, copy] = [featurizeTexts([text], { dimension: 2 }), featurizeTexts([changed], { dimension: 2 })]
    const withText: Contribution[] = [
      { ...(honest[0] as Contribution), text },
      ...honest.slice(1),
      { by: attacker, x: Array.from(copy.x), y: 1, block: 20, text: changed },
    ]
    assert.notDeepEqual(Array.from(original.x), Array.from(copy.x))
    const parameters = epochOf(withText)
    const { manifest } = await buildEpoch(parameters)
    assert.deepEqual(
      manifest.duplicates.map(({ row, copyOfRow }) => ({ row, copyOfRow })),
      [{ row: honest.length, copyOfRow: 0 }],
    )
    assert.equal(paid(manifest, attacker), 0n)
    assert.ok(manifest.inputs.train.textsHash)
    assert.equal(await verifyEpoch(manifest, parameters), epochManifestHash(manifest))
    const otherTexts = { ...parameters.train, texts: withText.map((c) => c.text && `${c.text}!`) }
    await assert.rejects(
      verifyEpoch(manifest, { ...parameters, train: otherTexts }),
      (e) => e instanceof EpochMismatchError && e.field === 'inputs.train.textsHash',
    )
  })

  it('verifies, and names a manifest that hides a copy or reorders registrations', async () => {
    const parameters = epochOf([...honest, ...copies(2, 20)])
    const { manifest } = await buildEpoch(parameters)
    assert.equal(await verifyEpoch(manifest, parameters), epochManifestHash(manifest))
    await assert.rejects(
      verifyEpoch({ ...manifest, duplicates: manifest.duplicates.slice(1) }, parameters),
      (e) => e instanceof EpochMismatchError && e.field === 'duplicates.length',
    )
    const registrations = manifest.inputs.train.registrations.map((r, i) =>
      i === 0 ? { blockNumber: 99, logIndex: 0 } : r,
    )
    await assert.rejects(
      verifyEpoch(
        { ...manifest, inputs: { ...manifest.inputs, train: { ...manifest.inputs.train, registrations } } },
        parameters,
      ),
      (e) => e instanceof EpochMismatchError && e.field === 'duplicates[0]',
    )
  })
})

describe('usage epochs: each query’s fee goes to the rows that support the model’s answer', () => {
  const contributions = honest
  const fees = [600n, 300n, 100n, 50n]
  const makeLog = (modelId = 1, operator = owner.address): UsageLog => ({
    format: USAGE_LOG_FORMAT,
    chainId: 31337,
    registry,
    operator,
    modelId,
    queries: [
      { embedding: [1, 0.9], answer: 1, fee: fees[0]?.toString() as string },
      { embedding: [0.1, 0.1], answer: 0, fee: fees[1]?.toString() as string },
      { embedding: [1.3, 0.9], answer: 1, fee: fees[2]?.toString() as string },
      // An answer no training row has: nobody supports it, so its fee is kept out and listed.
      { embedding: [5, 5], answer: 7, fee: fees[3]?.toString() as string },
    ],
  })
  const usageEpoch = async (log = makeLog(), by = owner) => {
    const { signature } = await signUsageLog(signerOf(by), { log })
    const { test: _, budget: __, ...parameters } = epochOf(contributions)
    return { ...parameters, usage: { log, signature }, modelOwner: owner.address }
  }

  it('splits each fee by positive per-query values (brute force), budget = the attributed fees', async () => {
    const parameters = await usageEpoch()
    const { manifest } = await buildEpoch(parameters)
    assert.equal(manifest.method.name, 'knn-shapley-usage')
    assert.equal(manifest.inputs.test, null)
    assert.equal(manifest.budget, '1000')
    assert.deepEqual(manifest.inputs.usage?.unattributedQueries, [3])
    assert.equal(manifest.inputs.usage?.unattributedFee, '50')
    assert.equal(
      manifest.allocations.reduce((sum, row) => sum + BigInt(row.amount), 0n),
      1000n,
    )
    const expected = new Array<number>(contributions.length).fill(0)
    makeLog().queries.forEach((query, q) => {
      const values = knnQueryValues({
        train: parameters.train,
        query: { x: query.embedding ?? [], y: query.answer },
        k: 3,
      })
      const positive = Array.from(values, (v) => Math.max(0, v))
      const total = positive.reduce((sum, v) => sum + v, 0)
      if (total === 0) return
      positive.forEach((v, i) => {
        expected[i] = (expected[i] as number) + (Number(fees[q]) * v) / total
      })
    })
    manifest.values.forEach((value, i) => {
      assert.ok(Math.abs(value - (expected[i] as number)) < 1e-9, `contribution ${i}: ${value} vs ${expected[i]}`)
    })
    assert.ok(Math.abs(manifest.values.reduce((sum, v) => sum + v, 0) - 1000) < 1e-9, 'every attributed unit assigned')
    assert.equal(await verifyEpoch(manifest, parameters), epochManifestHash(manifest))
  })

  it('refuses a log its model owner did not sign, for another model, or with a budget of its own', async () => {
    await assert.rejects(buildEpoch(await usageEpoch(makeLog(1, stranger.address), stranger)), {
      name: 'UsageLogSignatureError',
    })
    await assert.rejects(buildEpoch(await usageEpoch(makeLog(2))), { name: 'UnknownUsageModelError' })
    const parameters = await usageEpoch()
    await assert.rejects(buildEpoch({ ...parameters, budget: 5n }), EpochInputError)
    await assert.rejects(buildEpoch({ ...parameters, test }), EpochInputError)
  })

  it('refuses queries of another kind than the rows: text against embeddings, embeddings against texts', async () => {
    const textLog = { ...makeLog(), queries: [{ text: 'a spotless room', answer: 1, fee: '10' }] }
    await assert.rejects(buildEpoch(await usageEpoch(textLog)), {
      name: 'InvalidUsageLogError',
      message: /query 0 is a text, but the model's training rows are embeddings/,
    })
    const parameters = await usageEpoch()
    const texts = contributions.map((_, i) => `review number ${i}, a sentence long enough to be a text`)
    await assert.rejects(buildEpoch({ ...parameters, train: { ...parameters.train, texts } }), {
      name: 'InvalidUsageLogError',
      message: /query 0 is an embedding, but the model's training rows are texts/,
    })
  })

  it('names a log changed after the epoch was built', async () => {
    const parameters = await usageEpoch()
    const { manifest } = await buildEpoch(parameters)
    const log = makeLog()
    const raised = { ...log, queries: log.queries.map((q, i) => (i === 0 ? { ...q, fee: '6000' } : q)) }
    await assert.rejects(
      verifyEpoch(manifest, { ...parameters, usage: { ...parameters.usage, log: raised } }),
      (e) => e instanceof EpochMismatchError && e.field === 'inputs.usage.logHash',
    )
    await assert.rejects(
      verifyEpoch(manifest, { train: parameters.train, test }),
      (e) => e instanceof EpochMismatchError && e.field === 'inputs.test',
    )
  })

  it('lets no copy into a usage epoch either', async () => {
    const { test: _, budget: __, ...attacked } = epochOf([...contributions, ...copies(3, 20)])
    const { signature } = await signUsageLog(signerOf(owner), { log: makeLog() })
    const { manifest } = await buildEpoch({
      ...attacked,
      usage: { log: makeLog(), signature },
      modelOwner: owner.address,
    })
    const { manifest: fair } = await buildEpoch(await usageEpoch())
    assert.equal(paid(manifest, attacker), 0n)
    assert.equal(paid(manifest, victim), paid(fair, victim))
  })
})
