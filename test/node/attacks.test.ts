import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { attackOutcome } from '../../scripts/bench/duplicates.js'
import { DEFAULT_NEAR_DUPLICATE_RULE } from '../../src/attribution/nearDuplicates.js'

// Each attack is run with the rule and with no grouping at all, for 1 to 10 copies and K = 1, 5 and 10, on 60 honest
// contributors valued by exact KNN-Shapley (scripts/bench/duplicates.ts builds the scenarios and prints the table).
const cases = [1, 5, 10].flatMap((k) => Array.from({ length: 10 }, (_, i) => ({ k, copies: i + 1 })))
const rule = DEFAULT_NEAR_DUPLICATE_RULE
// Sums over different groupings of the same values may differ in the last bits.
const rounding = 1e-12

describe('copy attacks', () => {
  for (const attack of ["near-copies of another's point", "one-character copies of another's text"] as const) {
    it(`${attack}: the attacker earns nothing and the victim loses nothing`, () => {
      for (const { k, copies } of cases) {
        const withRule = attackOutcome(attack, { k, copies, rule })
        assert.equal(withRule.gain, 0, `K=${k}, ${copies} copies`)
        assert.ok(withRule.victimChange >= 0, `K=${k}, ${copies} copies`)
        // Without the rule the copies take credit, and the victim pays for it.
        const without = attackOutcome(attack, { k, copies, rule: null })
        assert.ok(without.gain > 0, `K=${k}, ${copies} copies`)
        assert.ok(without.victimChange < 0, `K=${k}, ${copies} copies`)
      }
    })
  }

  it('near-copies of own point: the total stays at one copy’s value', () => {
    for (const { k, copies } of cases) {
      assert.ok(attackOutcome('near-copies of own point', { k, copies, rule }).gain <= 0, `K=${k}, ${copies} copies`)
      assert.ok(attackOutcome('near-copies of own point', { k, copies, rule: null }).gain > 0, `K=${k}, ${copies}`)
    }
  })

  it('Sybil accounts splitting one dataset: together they get what one account gets', () => {
    for (const { k, copies } of cases) {
      for (const grouping of [rule, null]) {
        const { gain } = attackOutcome('Sybil accounts splitting one dataset', { k, copies, rule: grouping })
        assert.ok(Math.abs(gain) <= rounding, `K=${k}, ${copies + 1} accounts`)
      }
      const overlapping = 'Sybil split, each account adding near-copies of the next'
      assert.ok(attackOutcome(overlapping, { k, copies, rule }).gain <= rounding, `K=${k}, ${copies + 1} accounts`)
      assert.ok(attackOutcome(overlapping, { k, copies, rule: null }).gain > 0, `K=${k}, ${copies + 1} accounts`)
    }
  })
})
