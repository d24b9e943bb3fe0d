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
  buildEpoch,
  type EpochData,
  type EpochManifest,
  EpochMismatchError,
  verifyEpoch,
} from '../../src/attribution/epochManifest.js'
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
      await registerContributionsAndWait(walletOf(by), { registrations })
    }
    const { modelId } = await registerModelAndWait(owner, {
      metadataURI: 'data:,model',
      trainingSetRoot: trainingSetRootOf(contentHashes),
      datanetIds: [datanetId],
    })
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
    const tamperedLabels = { ...data, test: { ...data.test, y: new Float64Array([1, 1, 0, 1]) } }
    await assert.rejects(
      verifyEpoch(manifest, tamperedLabels),
      (e) => e instanceof EpochMismatchError && e.field === 'inputs.test.labelsHash',
    )
    await assert.rejects(
      verifyEpochOnChain(publicClient, { ...manifest, budget: '1' }),
      (e) => e instanceof EpochMismatchError && /manifestHash/.test(e.field),
    )
  })
})
