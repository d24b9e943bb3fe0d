import { type Address, getAddress } from 'viem'
import { BaseError } from '../errors/base.js'

export type ContributionValue = { contributor: Address; value: number }
export type Allocation = { account: Address; amount: bigint }

/** No contributor has a positive score, so there is no fair way to split the budget. */
export class NothingToAllocateError extends BaseError {
  override name = 'NothingToAllocateError' as const
  constructor() {
    super('No contributor has a positive value this epoch, so the budget cannot be split. Carry it to the next epoch.')
  }
}

/** A value is not a finite number, or the budget is negative. */
export class InvalidAllocationInputError extends BaseError {
  override name = 'InvalidAllocationInputError' as const
  constructor(message: string) {
    super(message)
  }
}

/** A new cumulative tree would pay someone less in total than an earlier epoch promised. */
export class CumulativeDecreaseError extends BaseError {
  override name = 'CumulativeDecreaseError' as const
  readonly account: Address
  constructor(account: Address, previous: bigint, next: bigint) {
    super(
      `The new epoch would lower ${account}'s cumulative rewards from ${previous} to ${next}; cumulative amounts only grow.`,
    )
    this.account = account
  }
}

/** A double as an exact integer `mantissa · 2^exponent`. */
function exactParts(value: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, value)
  const high = view.getUint32(0)
  const biased = (high >>> 20) & 0x7ff
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4))
  // Subnormals have no implicit leading bit and the smallest exponent.
  return biased === 0
    ? { mantissa: fraction, exponent: -1074 }
    : { mantissa: fraction | (1n << 52n), exponent: biased - 1075 }
}

/**
 * Splits `amount` units in proportion to `weights`, which must be positive finite doubles (at least one), exactly:
 * the weights become exact rationals, shares are floored in BigInt, and the units left over go to the largest
 * remainders, ties to the earlier weight, so a caller sets its tie rule by the order of `weights`. The shares, in the
 * order of `weights`, sum to `amount` exactly and each is within one unit of its exact proportional share.
 *
 * @example
 * splitProportionally([0.25, 0.75], 1001n) // [250n, 751n]
 */
export function splitProportionally(weights: readonly number[], amount: bigint): bigint[] {
  const parts = weights.map((weight) => exactParts(weight))
  // A loop, not Math.min(...): spreading many arguments overflows the call stack.
  let lowest = Number.POSITIVE_INFINITY
  for (const { exponent } of parts) if (exponent < lowest) lowest = exponent
  const scaled = parts.map(({ mantissa, exponent }) => mantissa << BigInt(exponent - lowest))
  const total = scaled.reduce((sum, weight) => sum + weight, 0n)
  const shares = scaled.map((weight) => (amount * weight) / total)
  const remainders = scaled.map((weight, index) => ({ index, remainder: (amount * weight) % total }))
  let left = amount - shares.reduce((sum, share) => sum + share, 0n)
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1))
  for (const { index } of remainders) {
    if (left === 0n) break
    shares[index] = (shares[index] as bigint) + 1n
    left -= 1n
  }
  return shares
}

/** Contributor scores: each contributor's values summed in the order given, in double precision. */
export function contributorScores(values: readonly ContributionValue[]): Map<Address, number> {
  const scores = new Map<Address, number>()
  for (const { contributor, value } of values) {
    if (!Number.isFinite(value))
      throw new InvalidAllocationInputError(`The value of a contribution by ${contributor} is ${value}.`)
    const account = getAddress(contributor)
    scores.set(account, (scores.get(account) ?? 0) + value)
  }
  return scores
}

/**
 * Splits `budget` token units among contributors in proportion to their scores (the sum of their contributions'
 * values; a negative score counts as zero). Exact: scores become exact rationals, shares are floored in BigInt, and
 * the units left over go to the largest remainders, ties to the lower address. The amounts sum to `budget` exactly
 * and each is within one unit of its exact proportional share. Contributors with nothing are left out.
 *
 * @example
 * allocateRewards([{ contributor: alice, value: 0.25 }, { contributor: bob, value: 0.75 }], 1000n)
 * // [{ account: alice, amount: 250n }, { account: bob, amount: 750n }]
 */
export function allocateRewards(values: readonly ContributionValue[], budget: bigint): Allocation[] {
  if (budget < 0n) throw new InvalidAllocationInputError(`The budget must not be negative (got ${budget}).`)
  // Sorted by address, so the remainder ties go to the lower address.
  const positive = [...contributorScores(values)]
    .filter(([, score]) => score > 0)
    .sort(([a], [b]) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))
  if (positive.length === 0) throw new NothingToAllocateError()
  const amounts = splitProportionally(
    positive.map(([, score]) => score),
    budget,
  )
  return positive.map(([account], i) => ({ account, amount: amounts[i] as bigint })).filter(({ amount }) => amount > 0n)
}

/**
 * Adds an epoch's allocations to the cumulative amounts of the epochs before it. Every account keeps at least what
 * it had; a result that would lower anyone's total is refused with `CumulativeDecreaseError`.
 *
 * @example
 * const cumulative = accumulateRewards(previousCumulative, allocateRewards(values, budget))
 */
export function accumulateRewards(previous: readonly Allocation[], epoch: readonly Allocation[]): Allocation[] {
  const totals = new Map<Address, bigint>()
  for (const { account, amount } of [...previous, ...epoch]) {
    if (amount < 0n) throw new InvalidAllocationInputError(`A negative amount for ${account} cannot be accumulated.`)
    const key = getAddress(account)
    totals.set(key, (totals.get(key) ?? 0n) + amount)
  }
  const cumulative = [...totals].map(([account, amount]) => ({ account, amount }))
  assertCumulativeGrowth(previous, cumulative)
  return cumulative.sort((a, b) => (a.account.toLowerCase() < b.account.toLowerCase() ? -1 : 1))
}

/** Refuses `next` when it pays any account of `previous` less than `previous` did. */
export function assertCumulativeGrowth(previous: readonly Allocation[], next: readonly Allocation[]): void {
  const nextByAccount = new Map(next.map(({ account, amount }) => [account.toLowerCase(), amount]))
  for (const { account, amount } of previous) {
    const now = nextByAccount.get(account.toLowerCase()) ?? 0n
    if (now < amount) throw new CumulativeDecreaseError(getAddress(account), amount, now)
  }
}
