import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import type { Address } from 'viem'
import {
  accumulateRewards,
  allocateRewards,
  assertCumulativeGrowth,
  CumulativeDecreaseError,
  InvalidAllocationInputError,
  NothingToAllocateError,
} from '../../src/attribution/allocateRewards.js'
import { scaledByTwoTo1074 } from '../support/exactDouble.js'

const address = (n: number): Address => `0x${n.toString(16).padStart(40, '0')}`
const [alice, bob, carol] = [address(0xa11ce), address(0xb0b), address(0xca401)] as [Address, Address, Address]
const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)

/** The exact share `budget · score / Σscores` as a fraction, from the same doubles, for checking the rounding. */
const exactShareNumerator = (score: number, budget: bigint) => budget * scaledByTwoTo1074(score)

describe('allocateRewards', () => {
  it('splits the budget in proportion to contributor scores', () => {
    assert.deepEqual(
      allocateRewards(
        [
          { contributor: alice, value: 0.25 },
          { contributor: bob, value: 0.5 },
          { contributor: alice, value: 0.25 },
        ],
        1_000n,
      ),
      [
        { account: '0x0000000000000000000000000000000000000B0b', amount: 500n },
        { account: '0x00000000000000000000000000000000000A11cE', amount: 500n },
      ],
    )
  })

  it('counts a negative score as zero and leaves that contributor out', () => {
    const allocations = allocateRewards(
      [
        { contributor: alice, value: 0.5 },
        { contributor: bob, value: -0.25 },
        { contributor: carol, value: 0.25 },
        { contributor: carol, value: -0.5 },
      ],
      999n,
    )
    assert.deepEqual(
      allocations.map((a) => a.amount),
      [999n],
    )
    assert.equal(allocations[0]?.account.toLowerCase(), alice)
  })

  it('gives leftover units to the largest remainders, ties to the lowest address', () => {
    const allocations = allocateRewards(
      [carol, alice, bob].map((contributor) => ({ contributor, value: 1 / 3 })),
      1_000n,
    )
    assert.deepEqual(
      allocations.map((a) => [a.account.toLowerCase(), a.amount]),
      [
        [bob, 334n],
        [alice, 333n],
        [carol, 333n],
      ],
    )
  })

  it('always sums to the budget exactly, each share within one unit of exact proportionality', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            contributor: fc.integer({ min: 1, max: 40 }),
            value: fc.double({ min: -1, max: 1, noNaN: true }),
          }),
          {
            minLength: 1,
            maxLength: 60,
          },
        ),
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        (rows, budget) => {
          const values = rows.map((row) => ({ contributor: address(row.contributor), value: row.value }))
          const scores = new Map<string, number>()
          for (const { contributor, value } of values) scores.set(contributor, (scores.get(contributor) ?? 0) + value)
          const positive = [...scores].filter(([, score]) => score > 0)
          if (positive.length === 0) {
            assert.throws(() => allocateRewards(values, budget), NothingToAllocateError)
            return
          }
          const allocations = allocateRewards(values, budget)
          assert.equal(
            allocations.reduce((sum, a) => sum + a.amount, 0n),
            budget,
          )
          const totalNumerator = positive.reduce((sum, [, score]) => sum + exactShareNumerator(score, 1n), 0n)
          for (const [account, score] of positive) {
            const amount = allocations.find((a) => a.account.toLowerCase() === account)?.amount ?? 0n
            const difference = amount * totalNumerator - exactShareNumerator(score, budget)
            assert.ok(
              difference > -totalNumerator && difference < totalNumerator,
              `share of ${account} is off by a unit or more`,
            )
          }
        },
      ),
      { seed, numRuns: 300 },
    )
  })

  it('stays exact across extreme magnitudes, subnormals included', () => {
    const allocations = allocateRewards(
      [
        { contributor: alice, value: 5e-324 },
        { contributor: bob, value: 1e300 },
      ],
      10n ** 18n,
    )
    assert.deepEqual(
      allocations.map((a) => a.amount),
      [10n ** 18n],
    )
  })

  it('refuses a negative budget, non-finite values and an epoch with nothing positive', () => {
    assert.throws(() => allocateRewards([{ contributor: alice, value: 1 }], -1n), InvalidAllocationInputError)
    assert.throws(() => allocateRewards([{ contributor: alice, value: Number.NaN }], 1n), InvalidAllocationInputError)
    assert.throws(() => allocateRewards([{ contributor: alice, value: 0 }], 1n), NothingToAllocateError)
  })
})

describe('cumulative rewards', () => {
  it('adds an epoch to what earlier epochs gave, keeping everyone from before', () => {
    const cumulative = accumulateRewards(
      [
        { account: alice, amount: 100n },
        { account: carol, amount: 7n },
      ],
      [
        { account: alice, amount: 50n },
        { account: bob, amount: 10n },
      ],
    )
    assert.deepEqual(
      cumulative.map((a) => [a.account.toLowerCase(), a.amount]),
      [
        [alice, 150n],
        [bob, 10n],
        [carol, 7n],
      ].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
    )
  })

  it('refuses a tree that would lower anyone', () => {
    assert.throws(
      () => assertCumulativeGrowth([{ account: alice, amount: 100n }], [{ account: alice, amount: 99n }]),
      (error: unknown) => error instanceof CumulativeDecreaseError && error.account.toLowerCase() === alice,
    )
    assert.throws(() => assertCumulativeGrowth([{ account: alice, amount: 1n }], []), CumulativeDecreaseError)
    assert.throws(() => accumulateRewards([], [{ account: alice, amount: -1n }]), InvalidAllocationInputError)
  })
})
