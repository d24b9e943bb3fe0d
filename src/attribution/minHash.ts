/**
 * MinHash signatures of texts, the text half of the near-duplicate rule (see nearDuplicates.ts). Integer arithmetic
 * only, so a signature is the same on every machine and easy to recompute in another language.
 */

import { fmix32, normalizeText } from './textHash.js'

/** 32-bit FNV-1a with each unit (a code point or a 32-bit word) XORed in whole, then fmix32. */
export function fnv1a(units: ArrayLike<number>, start = 0, end = units.length): number {
  let hash = 0x811c9dc5
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ (units[i] as number), 0x01000193)
  return fmix32(hash >>> 0)
}

/**
 * The seed of permutation i: fmix32((i + 1) · 0x9e3779b9 mod 2^32). Distinct for every i below 2^32, because the
 * multiplier is odd and fmix32 is a bijection.
 */
function permutationSeed(i: number): number {
  return fmix32(Math.imul(i + 1, 0x9e3779b9) >>> 0)
}

/**
 * Writes the MinHash signature of `text` into `into` at `offset` and returns true, or returns false when the
 * normalised text is empty (such a text has no shingles and matches no other text).
 * Shingles are the runs of `shingle` consecutive code points of the normalised text (the whole text when it is
 * shorter); each is hashed with fnv1a over its code points; entry i is the minimum over the shingles of
 * fmix32(hash XOR seed_i), which permutes the 32-bit words.
 */
export function writeMinHash(
  text: string,
  { shingle, permutations }: { shingle: number; permutations: number },
  into: Uint32Array,
  offset: number,
): boolean {
  const codePoints = Array.from(normalizeText(text), (character) => character.codePointAt(0) as number)
  if (codePoints.length === 0) return false
  const width = Math.min(shingle, codePoints.length)
  // A repeated shingle cannot change a minimum, so each distinct hash is permuted once.
  const hashes = new Set<number>()
  for (let start = 0; start + width <= codePoints.length; start++) hashes.add(fnv1a(codePoints, start, start + width))
  for (let i = 0; i < permutations; i++) {
    const seed = permutationSeed(i)
    let min = 0xffffffff
    for (const hash of hashes) {
      const value = fmix32((hash ^ seed) >>> 0)
      if (value < min) min = value
    }
    into[offset + i] = min
  }
  return true
}
