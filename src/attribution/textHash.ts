/**
 * The text normalisation and 32-bit mixing that featurizeText and the MinHash signatures share. Both are part of
 * recorded methods: changing either changes recorded features, signatures and manifests.
 */

/** NFC, lower case, each run of whitespace as one space, no space at either end. */
export function normalizeText(text: string): string {
  // Lower-casing can produce a non-NFC sequence (U+0130 İ becomes i + U+0307), hence NFC on both sides.
  return text.normalize('NFC').toLowerCase().normalize('NFC').replace(/\s+/gu, ' ').trim()
}

/** murmur3's 32-bit finaliser: a bijection on 32-bit words that spreads every input bit over the whole word. */
export function fmix32(hash: number): number {
  let h = hash
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}
