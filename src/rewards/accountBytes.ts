import type { Address } from 'viem'

/**
 * Addresses as bytes, for code that handles millions of them. EIP-55 is split into steps (write the lower-case hex,
 * let the caller hash a whole batch of them, then compare or record the letter case), so that no address costs a
 * string or a hash call of its own.
 */

// ASCII code → nibble; 16 + nibble for the upper-case letters A–F; 255 for anything else.
const DIGITS = new Uint8Array(128).fill(255)
for (let i = 0; i < 16; i++) {
  DIGITS[i.toString(16).charCodeAt(0)] = i
  if (i > 9) DIGITS[i.toString(16).toUpperCase().charCodeAt(0)] = 16 + i
}
const LOWER_HEX = new Uint8Array([...'0123456789abcdef'].map((char) => char.charCodeAt(0)))
const ascii = new TextDecoder()

/**
 * `'malformed'` unless `account` is `0x` and 40 hex digits; otherwise its 20 bytes are at `out[offset]` and the result
 * says whether any letter is upper case (`'mixed'`), in which case viem's `isAddress` requires the EIP-55 checksum.
 */
export function parseAddressInto(account: unknown, out: Uint8Array, offset: number): 'malformed' | 'lower' | 'mixed' {
  if (
    typeof account !== 'string' ||
    account.length !== 42 ||
    account.charCodeAt(0) !== 48 ||
    account.charCodeAt(1) !== 120
  ) {
    return 'malformed'
  }
  let flags = 0
  for (let i = 0; i < 20; i++) {
    const high = DIGITS[account.charCodeAt(2 + 2 * i)] ?? 255
    const low = DIGITS[account.charCodeAt(3 + 2 * i)] ?? 255
    flags |= high | low
    out[offset + i] = ((high & 15) << 4) | (low & 15)
  }
  return flags === 255 ? 'malformed' : flags & 16 ? 'mixed' : 'lower'
}

/** Writes the 40 lower-case hex digits of the 20 bytes at `bytes[offset]` as ASCII at `out[outOffset]`: EIP-55's input. */
export function writeLowerHex(bytes: Uint8Array, offset: number, out: Uint8Array, outOffset: number): void {
  for (let i = 0; i < 20; i++) {
    const byte = bytes[offset + i] as number
    out[outOffset + 2 * i] = LOWER_HEX[byte >>> 4] as number
    out[outOffset + 2 * i + 1] = LOWER_HEX[byte & 15] as number
  }
}

/**
 * Packs the EIP-55 letter case into 5 bytes at `out[outOffset]`, given the Keccak-256 digest (at `digest[at]`) of the
 * address's lower-case hex: bit `i` set means hex digit `i`, if a letter, is upper case (digest nibble `i` ≥ 8).
 */
export function packLetterCase(digest: Uint8Array, at: number, out: Uint8Array, outOffset: number): void {
  out.fill(0, outOffset, outOffset + 5)
  for (let i = 0; i < 40; i++) {
    const byte = digest[at + (i >>> 1)] as number
    if ((i % 2 === 0 ? byte >>> 7 : (byte >>> 3) & 1) === 1) {
      out[outOffset + (i >>> 3)] = (out[outOffset + (i >>> 3)] as number) | (1 << (i & 7))
    }
  }
}

/** Whether the letter case of `account` is its EIP-55 checksum, given its case packed by `packLetterCase`. */
export function matchesLetterCase(account: string, letterCase: Uint8Array, offset: number): boolean {
  for (let i = 0; i < 40; i++) {
    const digit = DIGITS[account.charCodeAt(2 + i)] as number
    const upper = ((letterCase[offset + (i >>> 3)] as number) >>> (i & 7)) & 1
    if (digit > 9 && (digit >= 16 ? 1 : 0) !== upper) return false
  }
  return true
}

const text = new Uint8Array(42).fill(48)
text[1] = 120

/** The checksummed address of the 20 bytes at `bytes[offset]`, its letter case packed at `letterCase[caseOffset]`. */
export function formatAddress(bytes: Uint8Array, offset: number, letterCase: Uint8Array, caseOffset: number): Address {
  writeLowerHex(bytes, offset, text, 2)
  for (let i = 0; i < 40; i++) {
    // Upper-casing a–f is clearing bit 5.
    if ((text[2 + i] as number) > 57 && (((letterCase[caseOffset + (i >>> 3)] as number) >>> (i & 7)) & 1) === 1) {
      text[2 + i] = (text[2 + i] as number) & ~32
    }
  }
  // Decoding gives a flat string, which later reads scan faster than one built by concatenation.
  return ascii.decode(text) as Address
}
