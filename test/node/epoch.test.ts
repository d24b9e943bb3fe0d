import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { Address, Hex } from 'viem'
import type { LedgerDeployment } from '../../scripts/lib/deploy.js'
import { ledgerRewardTokenAbi } from '../../src/abis/index.js'
import { createDatanetAndWait } from '../../src/actions/registry/createDatanet.js'
import { registerContributionsAndWait } from '../../src/actions/registry/registerContributions.js'
import { registerModelAndWait } from '../../src/actions/registry/registerModel.js'
import { claimRewardsAndWait } from '../../src/actions/rewards/claimRewards.js'
import { fundRewards } from '../../src/actions/rewards/fundRewards.js'
import { getClaimable } from '../../src/actions/rewards/getClaimable.js'
import { proposeEpochAndWait } from '../../src/actions/rewards/proposeEpoch.js'
import { readEpochInputs } from '../../src/actions/rewards/readEpochInputs.js'
import { verifyEpochOnChain } from '../../src/actions/rewards/verifyEpochOnChain.js'
import {
  type BuildEpochParameters,
  buildEpoch,
  ContributionNotInTrainingSetError,
  type EpochData,
  EpochInputError,
  type EpochManifest,
  EpochMismatchError,
  epochManifestHash,
  verifyEpoch,
} from '../../src/attribution/epochManifest.js'
import { knnShapleySync } from '../../src/attribution/knnShapley.js'
import {
  signUsageLog,
  USAGE_LOG_FORMAT,
  type UsageLog,
  UsageLogSignatureError,
} from '../../src/attribution/usageLog.js'
import { resolveDeployment } from '../../src/chains.js'
import { trainingSetRootOf } from '../../src/registry/trainingSet.js'
import { buildRewardTree } from '../../src/rewards/buildRewardTree.js'
import {
  actors,
  disputePeriod,
  loadFixture,
  mineAfter,
  publicClient,
  sha256,
  walletOf,
  write,
} from '../contracts/fixture.js'

/** A small two-class problem: points near (0,0) are class 0, near (1,1) class 1; one of Bob's points is mislabelled. */
const points = [
  { by: actors.alice, x: [0.1, 0.0], y: 0 },
  { by: actors.alice, x: [0.9, 1.0], y: 1 },
  { by: actors.bob, x: [0.0, 0.2], y: 0 },
  { by: actors.bob, x: [1.0, 0.8], y: 0 },
  { by: actors.carol, x: [0.2, 0.1], y: 0 },
  { by: actors.carol, x: [0.8, 0.9], y: 1 },
]
const test = {
  x: new Float64Array([0.05, 0.05, 0.95, 0.95, 0.15, 0.1, 0.85, 0.9]),
  dimension: 2,
  y: new Float64Array([0, 1, 0, 1]),
}

describe('an attribution epoch end to end on the local chain', () => {
  let manifest: EpochManifest
  let data: EpochData
  let contentHashes: Hex[]
  let ledger: LedgerDeployment
  let modelId: number
  /** The transaction that registered each point, in point order. */
  const registeredBy = new Map<Hex, Hex>()

  before(async () => {
    ledger = await loadFixture()
    const owner = walletOf(actors.owner)
    const { datanetId } = await createDatanetAndWait(owner, { metadataURI: 'data:,points' })
    contentHashes = points.map((point, i) => sha256(`point ${i}: ${point.x.join(',')}`))
    for (const by of [actors.alice, actors.bob, actors.carol]) {
      const registrations = points.flatMap((point, i) =>
        point.by === by
          ? [
              {
                datanetId,
                contentHash: contentHashes[i] as Hex,
                metadataHash: contentHashes[i] as Hex,
                metadataURI: 'data:,',
              },
            ]
          : [],
      )
      for (const event of await registerContributionsAndWait(walletOf(by), { registrations })) {
        registeredBy.set(event.contentHash, event.hash)
      }
    }
    ;({ modelId } = await registerModelAndWait(owner, {
      metadataURI: 'data:,model',
      trainingSetRoot: trainingSetRootOf(contentHashes),
      datanetIds: [datanetId],
    }))
    data = {
      train: {
        contentHashes,
        x: new Float64Array(points.flatMap((p) => p.x)),
        dimension: 2,
        y: new Float64Array(points.map((p) => p.y)),
      },
      test,
    }
    const inputs = await readEpochInputs(publicClient, { modelId, contentHashes })
    const built = await buildEpoch({ ...inputs, ...data, k: 1, budget: 1_000_000n })
    manifest = built.manifest

    await write(actors.owner, {
      address: ledger.rewardToken,
      abi: ledgerRewardTokenAbi,
      functionName: 'mint',
      args: [actors.owner.address, 1_000_000n],
    })
    await publicClient.waitForTransactionReceipt({ hash: await fundRewards(owner, { amount: 1_000_000n }) })
    await proposeEpochAndWait(walletOf(actors.attributor), {
      root: manifest.root,
      cumulativeTotal: BigInt(manifest.cumulativeTotal),
      manifestHash: built.manifestHash,
      manifestURI: 'data:,manifest',
    })
    await mineAfter(disputePeriod)
  })

  it('values the mislabelled point lowest and splits the whole budget', () => {
    const lowest = manifest.values.indexOf(Math.min(...manifest.values))
    assert.equal(lowest, 3, "Bob's mislabelled point has the lowest value")
    assert.equal(
      manifest.allocations.reduce((sum, a) => sum + BigInt(a.amount), 0n),
      1_000_000n,
    )
    assert.equal(manifest.cumulativeTotal, '1000000')
  })

  it('pays every contributor exactly its allocation when claimed', async () => {
    const rewardTree = buildRewardTree(
      manifest.cumulative.map((row) => ({ account: row.account, amount: BigInt(row.amount) })),
    )
    for (const { account, amount } of manifest.allocations) {
      const claimable = await getClaimable(publicClient, { account: account as Address, rewardTree: rewardTree.dump() })
      assert.equal(claimable.claimable, BigInt(amount))
      const paid = await claimRewardsAndWait(walletOf(actors.stranger), {
        account: account as Address,
        cumulativeAmount: claimable.cumulativeAmount,
        proof: claimable.proof,
      })
      assert.equal(paid.amount, BigInt(amount))
      const balance = await publicClient.readContract({
        address: ledger.rewardToken,
        abi: ledgerRewardTokenAbi,
        functionName: 'balanceOf',
        args: [account as Address],
      })
      assert.equal(balance, BigInt(amount))
    }
  })

  it("records each contribution's registration event: block number, then log index", async () => {
    const expected = await Promise.all(
      contentHashes.map(async (contentHash) => {
        const receipt = await publicClient.getTransactionReceipt({ hash: registeredBy.get(contentHash) as Hex })
        const log = receipt.logs.find((l) => l.topics[1] === contentHash)
        assert.ok(log, `the registration of ${contentHash} emitted its event`)
        return { blockNumber: Number(log.blockNumber), logIndex: log.logIndex }
      }),
    )
    const inputs = await readEpochInputs(publicClient, { modelId, contentHashes })
    assert.deepEqual(inputs.registrations, expected)
    assert.deepEqual(manifest.inputs.train.registrations, expected)
    // Alice registered both her points in one transaction, before Bob's: one block, two log indexes, then a later block.
    const [first, second, third] = expected as [(typeof expected)[0], (typeof expected)[0], (typeof expected)[0]]
    assert.equal(first.blockNumber, second.blockNumber)
    assert.ok(first.logIndex < second.logIndex)
    assert.ok(third.blockNumber > second.blockNumber)
  })

  it('refuses contributions whose registration events are not found after the deployment block', async () => {
    const latest = await publicClient.getBlockNumber()
    const deployment = { ...resolveDeployment(publicClient), blockNumber: latest + 1n }
    await assert.rejects(
      readEpochInputs(publicClient, { modelId, contentHashes, deployment }),
      (e) => e instanceof EpochInputError && /No registration event for training contribution 0x/.test(e.message),
    )
  })

  it('verifies the published manifest from its data and against the chain', async () => {
    await verifyEpoch(manifest, data)
    await verifyEpochOnChain(publicClient, manifest)
  })

  it('names the first difference of a tampered manifest or tampered data', async () => {
    const tamperedValue = { ...manifest, values: manifest.values.map((v, i) => (i === 2 ? v + 1e-12 : v)) }
    await assert.rejects(
      verifyEpoch(tamperedValue, data),
      (e) => e instanceof EpochMismatchError && e.field === 'values[2]',
    )
    const first = manifest.allocations[0]
    assert.ok(first)
    const tamperedAllocation = {
      ...manifest,
      allocations: [{ ...first, amount: (BigInt(first.amount) + 1n).toString() }, ...manifest.allocations.slice(1)],
    }
    await assert.rejects(
      verifyEpoch(tamperedAllocation, data),
      (e) => e instanceof EpochMismatchError && e.field === 'allocations[0].amount',
    )
    const tamperedLabels = { ...data, test: { ...test, y: new Float64Array([1, 1, 0, 1]) } }
    await assert.rejects(
      verifyEpoch(manifest, tamperedLabels),
      (e) => e instanceof EpochMismatchError && e.field === 'inputs.test.labelsHash',
    )
    await assert.rejects(
      verifyEpochOnChain(publicClient, { ...manifest, budget: '1' }),
      (e) => e instanceof EpochMismatchError && /manifestHash/.test(e.field),
    )
    const registrations = manifest.inputs.train.registrations.map((r, i) =>
      i === 1 ? { ...r, logIndex: r.logIndex + 1 } : r,
    )
    await assert.rejects(
      verifyEpochOnChain(publicClient, {
        ...manifest,
        inputs: { ...manifest.inputs, train: { ...manifest.inputs.train, registrations } },
      }),
      (e) => e instanceof EpochMismatchError && e.field === 'inputs.train.registrations[1]',
    )
  })

  it("reads the model's registered owner: the operator whose usage log alone is accepted", async () => {
    const inputs = await readEpochInputs(publicClient, { modelId, contentHashes })
    assert.equal(inputs.modelOwner, actors.owner.address)
  })

  it("refuses, on-chain too, a usage epoch whose log was not signed by the model's owner", async () => {
    const inputs = await readEpochInputs(publicClient, { modelId, contentHashes })
    const signedBy = async (operator: typeof actors.owner) => {
      const log: UsageLog = {
        format: USAGE_LOG_FORMAT,
        chainId: inputs.chainId,
        registry: inputs.registry,
        operator: operator.address,
        modelId,
        queries: [
          { embedding: [0.05, 0.05], answer: 0, fee: '600' },
          { embedding: [0.95, 0.95], answer: 1, fee: '400' },
        ],
      }
      const { signature } = await signUsageLog(walletOf(operator), { log })
      return { log, signature }
    }
    const byOwner = await signedBy(actors.owner)
    const byStranger = await signedBy(actors.stranger)
    const owned = await buildEpoch({ ...inputs, train: data.train, usage: byOwner, k: 1 })
    assert.equal(owned.manifest.budget, '1000')
    await assert.rejects(
      buildEpoch({ ...inputs, train: data.train, usage: byStranger, k: 1 }),
      (e) => e instanceof UsageLogSignatureError,
    )

    const { modelOwner: _, ...withoutOwner } = inputs
    await assert.rejects(
      buildEpoch({ ...withoutOwner, train: data.train, usage: byOwner, k: 1 }),
      (e) => e instanceof EpochInputError && /owner/.test(e.message),
    )
    // An operator who names the wrong owner: the log proves only who signed it, so the data verifies, the chain does not.
    const { manifest: foreign } = await buildEpoch({
      ...inputs,
      modelOwner: actors.stranger.address,
      train: data.train,
      usage: byStranger,
      k: 1,
    })
    assert.equal(foreign.inputs.usage?.operator, actors.stranger.address)
    await verifyEpoch(foreign, { train: data.train, usage: byStranger })
    await assert.rejects(
      verifyEpochOnChain(publicClient, foreign),
      (e) => e instanceof EpochMismatchError && e.field === 'inputs.usage.operator',
    )
    // The owner's log passes that check; this epoch was never proposed, so the distributor's record is what differs.
    await assert.rejects(
      verifyEpochOnChain(publicClient, owned.manifest),
      (e) => e instanceof EpochMismatchError && e.field === `on-chain epoch ${owned.manifest.epochId} root`,
    )
  })
})

describe('an epoch whose contributions hold many rows', () => {
  const [a, b, c] = ['alice.jsonl', 'bob.csv', 'carol.csv'].map((name) => sha256(name)) as [Hex, Hex, Hex]
  // Rows of one contribution need not be next to each other; Bob's second row is mislabelled.
  const rows = [
    { of: a, x: [0.1, 0.0], y: 0 },
    { of: b, x: [0.0, 0.2], y: 0 },
    { of: a, x: [0.9, 1.0], y: 1 },
    { of: c, x: [0.2, 0.1], y: 0 },
    { of: b, x: [1.0, 0.8], y: 0 },
    { of: a, x: [0.95, 0.9], y: 1 },
    { of: c, x: [0.8, 0.9], y: 1 },
  ]
  const contentHashes = [a, b, c]
  const train = {
    contentHashes,
    rowContentHashes: rows.map((row) => row.of),
    x: new Float64Array(rows.flatMap((row) => row.x)),
    dimension: 2,
    y: new Float64Array(rows.map((row) => row.y)),
  }
  const data: EpochData = { train, test }
  const parameters: BuildEpochParameters = {
    ...data,
    chainId: 31337,
    registry: actors.owner.address,
    distributor: actors.attributor.address,
    epochId: 1,
    modelId: 1,
    trainingSetRoot: trainingSetRootOf(contentHashes),
    contributors: [actors.alice.address, actors.bob.address, actors.carol.address],
    registrations: [
      { blockNumber: 7, logIndex: 0 },
      { blockNumber: 7, logIndex: 1 },
      { blockNumber: 9, logIndex: 0 },
    ],
    k: 3,
    budget: 999_999n,
  }
  let manifest: EpochManifest

  before(async () => {
    ;({ manifest } = await buildEpoch(parameters))
  })

  it("values each contribution at the sum of its rows' values, and records the row → contribution mapping", () => {
    const rowValues = knnShapleySync({ train, test, k: 3 })
    const sums = contentHashes.map((hash) =>
      rows.reduce((sum, row, i) => (row.of === hash ? sum + (rowValues[i] as number) : sum), 0),
    )
    assert.deepEqual(manifest.values, sums)
    assert.ok((manifest.values[1] as number) < (manifest.values[0] as number), "Bob's mislabelled row costs him")
    assert.equal(manifest.inputs.train.size, 7)
    assert.deepEqual(manifest.inputs.train.rowCounts, [3, 2, 2])
    assert.deepEqual(manifest.inputs.train.registrations, parameters.registrations)
    assert.equal(
      manifest.allocations.reduce((sum, row) => sum + BigInt(row.amount), 0n),
      999_999n,
    )
  })

  it('verifies from its data', async () => {
    assert.equal(await verifyEpoch(manifest, data), epochManifestHash(manifest))
  })

  it('gives the same manifest for one-row contributions whether or not the rows name them', async () => {
    const single = { ...train, rowContentHashes: undefined, x: train.x.slice(0, 6), y: train.y.slice(0, 3) }
    const named = { ...single, rowContentHashes: contentHashes }
    const [withoutNames, withNames] = await Promise.all(
      [single, named].map((points) => buildEpoch({ ...parameters, train: points })),
    )
    assert.equal(withNames?.manifestHash, withoutNames?.manifestHash)
    assert.deepEqual(withoutNames?.manifest.inputs.train.rowCounts, [1, 1, 1])
  })

  it('names the mapping field when the manifest or the data is tampered with', async () => {
    const tamperTrain = (change: Partial<EpochManifest['inputs']['train']>) => ({
      ...manifest,
      inputs: { ...manifest.inputs, train: { ...manifest.inputs.train, ...change } },
    })
    await assert.rejects(
      verifyEpoch(tamperTrain({ rowCounts: [2, 3, 2] }), data),
      (e) => e instanceof EpochMismatchError && e.field === 'inputs.train.rowCounts[0]',
    )
    await assert.rejects(
      verifyEpoch(tamperTrain({ rowContributionsHash: sha256('x') }), data),
      (e) => e instanceof EpochMismatchError && e.field === 'inputs.train.rowContributionsHash',
    )
    // The same rows, but Bob's mislabelled row handed to Carol.
    const moved = {
      ...data,
      train: { ...train, rowContentHashes: train.rowContentHashes.map((h, i) => (i === 4 ? c : h)) },
    }
    await assert.rejects(
      verifyEpoch(manifest, moved),
      (e) => e instanceof EpochMismatchError && e.field === 'inputs.train.rowContributionsHash',
    )
    await assert.rejects(
      verifyEpoch({ ...manifest, rowValuesHash: sha256('x') }, data),
      (e) => e instanceof EpochMismatchError && e.field === 'rowValuesHash',
    )
  })

  it('refuses a row that names a contribution outside the training set, and a contribution without rows', async () => {
    const stranger = sha256('not in the training set')
    const outside = { ...train, rowContentHashes: train.rowContentHashes.map((h, i) => (i === 3 ? stranger : h)) }
    const names = (e: unknown) =>
      e instanceof ContributionNotInTrainingSetError &&
      e.message.includes(`Training row 3 belongs to contribution ${stranger}`)
    await assert.rejects(buildEpoch({ ...parameters, train: outside }), names)
    await assert.rejects(verifyEpoch(manifest, { ...data, train: outside }), names)
    const carolless = { ...train, rowContentHashes: train.rowContentHashes.map((h) => (h === c ? a : h)) }
    await assert.rejects(
      buildEpoch({ ...parameters, train: carolless }),
      (e) => e instanceof EpochInputError && e.message.includes(`${c} has no rows`),
    )
  })
})
