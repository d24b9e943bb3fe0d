/**
 * SHA-256 (FIPS 180-4) in plain JavaScript, incremental: feed the message in pieces of any size, then take the digest.
 * hashContent hashes whole files with it, so it is written for throughput in V8 rather than for brevity (see compress).
 */

/** An incremental SHA-256 hasher. */
export type Sha256 = {
  /** Appends bytes to the message. The hasher keeps no reference to them. */
  update(bytes: Uint8Array): Sha256
  /** The 32-byte digest of everything appended so far. The hasher can go on taking bytes afterwards. */
  digest(): Uint8Array<ArrayBuffer>
}

// Words are read and written through DataViews: a big-endian getInt32 measured faster in Chromium than assembling
// words from bytes with shifts, and unlike typed-array indexing it types as number under noUncheckedIndexedAccess.
const K = /* @__PURE__ */ bigEndianWords([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
])

const INITIAL_STATE = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]

function bigEndianWords(words: number[]): DataView<ArrayBuffer> {
  const view = new DataView(new ArrayBuffer(words.length * 4))
  for (const [i, word] of words.entries()) view.setUint32(i * 4, word)
  return view
}

/**
 * Creates an incremental SHA-256 hasher.
 *
 * @example
 * const hash = createSha256()
 * hash.update(new TextEncoder().encode('a'))
 * hash.update(new TextEncoder().encode('bc'))
 * hash.digest() // ba7816bf…f20015ad, as 32 bytes
 */
export function createSha256(): Sha256 {
  // The state words are kept big-endian, so at the end their bytes are the digest.
  const state = bigEndianWords(INITIAL_STATE)
  // Bytes of a block not yet complete, carried over to the next update.
  const pending = new Uint8Array(64)
  const pendingView = new DataView(pending.buffer)
  let pendingLength = 0
  let messageLength = 0

  const hasher: Sha256 = {
    update(bytes) {
      const length = bytes.byteLength
      messageLength += length
      let offset = 0
      if (pendingLength > 0) {
        offset = Math.min(64 - pendingLength, length)
        pending.set(bytes.subarray(0, offset), pendingLength)
        pendingLength += offset
        if (pendingLength < 64) return hasher
        compress(state, pendingView, 0, 64)
        pendingLength = 0
      }
      const end = length - ((length - offset) % 64)
      if (end > offset) compress(state, new DataView(bytes.buffer, bytes.byteOffset, length), offset, end)
      pending.set(bytes.subarray(end))
      pendingLength = length - end
      return hasher
    },
    digest() {
      // Padding works on copies, so the hasher itself is left as it was.
      const final = new DataView(state.buffer.slice(0))
      const block = new Uint8Array(64)
      const view = new DataView(block.buffer)
      block.set(pending.subarray(0, pendingLength))
      block[pendingLength] = 0x80
      if (pendingLength >= 56) {
        compress(final, view, 0, 64)
        block.fill(0)
      }
      writeBitLength(view, 56, messageLength)
      compress(final, view, 0, 64)
      return new Uint8Array(final.buffer)
    },
  }
  return hasher
}

/**
 * Writes the message length in bits as the big-endian 64-bit integer that ends SHA-256 padding. Exported for tests.
 * `byteLength * 8` is exact for any safe integer (multiplying by 8 only changes the exponent), but from 512 MiB on it
 * passes 2^32, beyond what 32-bit operators keep, so the high word comes from a division.
 */
export function writeBitLength(view: DataView, offset: number, byteLength: number): void {
  const bits = byteLength * 8
  view.setUint32(offset, Math.floor(bits / 0x100000000))
  view.setUint32(offset + 4, bits >>> 0)
}

/**
 * Runs the compression function over the 64-byte blocks of `data` from `offset` to `end`, updating `state`.
 *
 * Speed comes from what V8 can keep in registers: the eight working variables and the sixteen most recent message
 * words are locals, never array slots, and the rounds are unrolled so that instead of shifting a..h each round, the
 * names rotate (round r's h is round r + 1's a). The first 16 rounds, which use the message words as they are, stand
 * alone; the other 48 run as three passes of a 16-round loop that first extends the schedule in place. Unrolling all
 * 64 rounds measured about 13% faster in Chromium but nearly doubles the code, which every page that hashes downloads.
 * Additions are grouped so that h + K + W, which does not wait for the previous round, is ready early, and
 * Maj(a, b, c) is computed as b ^ ((a ^ b) & (b ^ c)), reusing the previous round's a ^ b (x and y take turns).
 * `| 0` keeps every sum a 32-bit integer, so V8 never falls back to floating point.
 */
function compress(state: DataView, data: DataView, offset: number, end: number): void {
  let a = state.getInt32(0)
  let b = state.getInt32(4)
  let c = state.getInt32(8)
  let d = state.getInt32(12)
  let e = state.getInt32(16)
  let f = state.getInt32(20)
  let g = state.getInt32(24)
  let h = state.getInt32(28)
  for (; offset < end; offset += 64) {
    const a0 = a
    const b0 = b
    const c0 = c
    const d0 = d
    const e0 = e
    const f0 = f
    const g0 = g
    const h0 = h
    let w0 = data.getInt32(offset + 0)
    let w1 = data.getInt32(offset + 4)
    let w2 = data.getInt32(offset + 8)
    let w3 = data.getInt32(offset + 12)
    let w4 = data.getInt32(offset + 16)
    let w5 = data.getInt32(offset + 20)
    let w6 = data.getInt32(offset + 24)
    let w7 = data.getInt32(offset + 28)
    let w8 = data.getInt32(offset + 32)
    let w9 = data.getInt32(offset + 36)
    let w10 = data.getInt32(offset + 40)
    let w11 = data.getInt32(offset + 44)
    let w12 = data.getInt32(offset + 48)
    let w13 = data.getInt32(offset + 52)
    let w14 = data.getInt32(offset + 56)
    let w15 = data.getInt32(offset + 60)
    let x = 0
    let y = b ^ c
    h =
      ((((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
        (g ^ (e & (f ^ g))) +
        (h + K.getInt32(0) + w0)) |
      0
    d = (d + h) | 0
    x = a ^ b
    h = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + (b ^ (x & y)) + h) | 0
    g =
      ((((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7))) +
        (f ^ (d & (e ^ f))) +
        (g + K.getInt32(4) + w1)) |
      0
    c = (c + g) | 0
    y = h ^ a
    g = ((((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10))) + (a ^ (y & x)) + g) | 0
    f =
      ((((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7))) +
        (e ^ (c & (d ^ e))) +
        (f + K.getInt32(8) + w2)) |
      0
    b = (b + f) | 0
    x = g ^ h
    f = ((((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))) + (h ^ (x & y)) + f) | 0
    e =
      ((((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7))) +
        (d ^ (b & (c ^ d))) +
        (e + K.getInt32(12) + w3)) |
      0
    a = (a + e) | 0
    y = f ^ g
    e = ((((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))) + (g ^ (y & x)) + e) | 0
    d =
      ((((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7))) +
        (c ^ (a & (b ^ c))) +
        (d + K.getInt32(16) + w4)) |
      0
    h = (h + d) | 0
    x = e ^ f
    d = ((((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))) + (f ^ (x & y)) + d) | 0
    c =
      ((((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7))) +
        (b ^ (h & (a ^ b))) +
        (c + K.getInt32(20) + w5)) |
      0
    g = (g + c) | 0
    y = d ^ e
    c = ((((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))) + (e ^ (y & x)) + c) | 0
    b =
      ((((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7))) +
        (a ^ (g & (h ^ a))) +
        (b + K.getInt32(24) + w6)) |
      0
    f = (f + b) | 0
    x = c ^ d
    b = ((((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))) + (d ^ (x & y)) + b) | 0
    a =
      ((((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7))) +
        (h ^ (f & (g ^ h))) +
        (a + K.getInt32(28) + w7)) |
      0
    e = (e + a) | 0
    y = b ^ c
    a = ((((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) + (c ^ (y & x)) + a) | 0
    h =
      ((((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
        (g ^ (e & (f ^ g))) +
        (h + K.getInt32(32) + w8)) |
      0
    d = (d + h) | 0
    x = a ^ b
    h = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + (b ^ (x & y)) + h) | 0
    g =
      ((((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7))) +
        (f ^ (d & (e ^ f))) +
        (g + K.getInt32(36) + w9)) |
      0
    c = (c + g) | 0
    y = h ^ a
    g = ((((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10))) + (a ^ (y & x)) + g) | 0
    f =
      ((((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7))) +
        (e ^ (c & (d ^ e))) +
        (f + K.getInt32(40) + w10)) |
      0
    b = (b + f) | 0
    x = g ^ h
    f = ((((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))) + (h ^ (x & y)) + f) | 0
    e =
      ((((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7))) +
        (d ^ (b & (c ^ d))) +
        (e + K.getInt32(44) + w11)) |
      0
    a = (a + e) | 0
    y = f ^ g
    e = ((((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))) + (g ^ (y & x)) + e) | 0
    d =
      ((((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7))) +
        (c ^ (a & (b ^ c))) +
        (d + K.getInt32(48) + w12)) |
      0
    h = (h + d) | 0
    x = e ^ f
    d = ((((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))) + (f ^ (x & y)) + d) | 0
    c =
      ((((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7))) +
        (b ^ (h & (a ^ b))) +
        (c + K.getInt32(52) + w13)) |
      0
    g = (g + c) | 0
    y = d ^ e
    c = ((((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))) + (e ^ (y & x)) + c) | 0
    b =
      ((((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7))) +
        (a ^ (g & (h ^ a))) +
        (b + K.getInt32(56) + w14)) |
      0
    f = (f + b) | 0
    x = c ^ d
    b = ((((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))) + (d ^ (x & y)) + b) | 0
    a =
      ((((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7))) +
        (h ^ (f & (g ^ h))) +
        (a + K.getInt32(60) + w15)) |
      0
    e = (e + a) | 0
    y = b ^ c
    a = ((((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) + (c ^ (y & x)) + a) | 0
    // k is the byte offset of the pass's first round constant in K.
    for (let k = 64; k < 256; k += 64) {
      w0 =
        ((((w14 >>> 17) | (w14 << 15)) ^ ((w14 >>> 19) | (w14 << 13)) ^ (w14 >>> 10)) +
          w9 +
          (((w1 >>> 7) | (w1 << 25)) ^ ((w1 >>> 18) | (w1 << 14)) ^ (w1 >>> 3)) +
          w0) |
        0
      w1 =
        ((((w15 >>> 17) | (w15 << 15)) ^ ((w15 >>> 19) | (w15 << 13)) ^ (w15 >>> 10)) +
          w10 +
          (((w2 >>> 7) | (w2 << 25)) ^ ((w2 >>> 18) | (w2 << 14)) ^ (w2 >>> 3)) +
          w1) |
        0
      w2 =
        ((((w0 >>> 17) | (w0 << 15)) ^ ((w0 >>> 19) | (w0 << 13)) ^ (w0 >>> 10)) +
          w11 +
          (((w3 >>> 7) | (w3 << 25)) ^ ((w3 >>> 18) | (w3 << 14)) ^ (w3 >>> 3)) +
          w2) |
        0
      w3 =
        ((((w1 >>> 17) | (w1 << 15)) ^ ((w1 >>> 19) | (w1 << 13)) ^ (w1 >>> 10)) +
          w12 +
          (((w4 >>> 7) | (w4 << 25)) ^ ((w4 >>> 18) | (w4 << 14)) ^ (w4 >>> 3)) +
          w3) |
        0
      w4 =
        ((((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10)) +
          w13 +
          (((w5 >>> 7) | (w5 << 25)) ^ ((w5 >>> 18) | (w5 << 14)) ^ (w5 >>> 3)) +
          w4) |
        0
      w5 =
        ((((w3 >>> 17) | (w3 << 15)) ^ ((w3 >>> 19) | (w3 << 13)) ^ (w3 >>> 10)) +
          w14 +
          (((w6 >>> 7) | (w6 << 25)) ^ ((w6 >>> 18) | (w6 << 14)) ^ (w6 >>> 3)) +
          w5) |
        0
      w6 =
        ((((w4 >>> 17) | (w4 << 15)) ^ ((w4 >>> 19) | (w4 << 13)) ^ (w4 >>> 10)) +
          w15 +
          (((w7 >>> 7) | (w7 << 25)) ^ ((w7 >>> 18) | (w7 << 14)) ^ (w7 >>> 3)) +
          w6) |
        0
      w7 =
        ((((w5 >>> 17) | (w5 << 15)) ^ ((w5 >>> 19) | (w5 << 13)) ^ (w5 >>> 10)) +
          w0 +
          (((w8 >>> 7) | (w8 << 25)) ^ ((w8 >>> 18) | (w8 << 14)) ^ (w8 >>> 3)) +
          w7) |
        0
      w8 =
        ((((w6 >>> 17) | (w6 << 15)) ^ ((w6 >>> 19) | (w6 << 13)) ^ (w6 >>> 10)) +
          w1 +
          (((w9 >>> 7) | (w9 << 25)) ^ ((w9 >>> 18) | (w9 << 14)) ^ (w9 >>> 3)) +
          w8) |
        0
      w9 =
        ((((w7 >>> 17) | (w7 << 15)) ^ ((w7 >>> 19) | (w7 << 13)) ^ (w7 >>> 10)) +
          w2 +
          (((w10 >>> 7) | (w10 << 25)) ^ ((w10 >>> 18) | (w10 << 14)) ^ (w10 >>> 3)) +
          w9) |
        0
      w10 =
        ((((w8 >>> 17) | (w8 << 15)) ^ ((w8 >>> 19) | (w8 << 13)) ^ (w8 >>> 10)) +
          w3 +
          (((w11 >>> 7) | (w11 << 25)) ^ ((w11 >>> 18) | (w11 << 14)) ^ (w11 >>> 3)) +
          w10) |
        0
      w11 =
        ((((w9 >>> 17) | (w9 << 15)) ^ ((w9 >>> 19) | (w9 << 13)) ^ (w9 >>> 10)) +
          w4 +
          (((w12 >>> 7) | (w12 << 25)) ^ ((w12 >>> 18) | (w12 << 14)) ^ (w12 >>> 3)) +
          w11) |
        0
      w12 =
        ((((w10 >>> 17) | (w10 << 15)) ^ ((w10 >>> 19) | (w10 << 13)) ^ (w10 >>> 10)) +
          w5 +
          (((w13 >>> 7) | (w13 << 25)) ^ ((w13 >>> 18) | (w13 << 14)) ^ (w13 >>> 3)) +
          w12) |
        0
      w13 =
        ((((w11 >>> 17) | (w11 << 15)) ^ ((w11 >>> 19) | (w11 << 13)) ^ (w11 >>> 10)) +
          w6 +
          (((w14 >>> 7) | (w14 << 25)) ^ ((w14 >>> 18) | (w14 << 14)) ^ (w14 >>> 3)) +
          w13) |
        0
      w14 =
        ((((w12 >>> 17) | (w12 << 15)) ^ ((w12 >>> 19) | (w12 << 13)) ^ (w12 >>> 10)) +
          w7 +
          (((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3)) +
          w14) |
        0
      w15 =
        ((((w13 >>> 17) | (w13 << 15)) ^ ((w13 >>> 19) | (w13 << 13)) ^ (w13 >>> 10)) +
          w8 +
          (((w0 >>> 7) | (w0 << 25)) ^ ((w0 >>> 18) | (w0 << 14)) ^ (w0 >>> 3)) +
          w15) |
        0
      h =
        ((((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
          (g ^ (e & (f ^ g))) +
          (h + K.getInt32(k + 0) + w0)) |
        0
      d = (d + h) | 0
      x = a ^ b
      h = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + (b ^ (x & y)) + h) | 0
      g =
        ((((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7))) +
          (f ^ (d & (e ^ f))) +
          (g + K.getInt32(k + 4) + w1)) |
        0
      c = (c + g) | 0
      y = h ^ a
      g = ((((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10))) + (a ^ (y & x)) + g) | 0
      f =
        ((((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7))) +
          (e ^ (c & (d ^ e))) +
          (f + K.getInt32(k + 8) + w2)) |
        0
      b = (b + f) | 0
      x = g ^ h
      f = ((((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))) + (h ^ (x & y)) + f) | 0
      e =
        ((((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7))) +
          (d ^ (b & (c ^ d))) +
          (e + K.getInt32(k + 12) + w3)) |
        0
      a = (a + e) | 0
      y = f ^ g
      e = ((((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))) + (g ^ (y & x)) + e) | 0
      d =
        ((((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7))) +
          (c ^ (a & (b ^ c))) +
          (d + K.getInt32(k + 16) + w4)) |
        0
      h = (h + d) | 0
      x = e ^ f
      d = ((((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))) + (f ^ (x & y)) + d) | 0
      c =
        ((((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7))) +
          (b ^ (h & (a ^ b))) +
          (c + K.getInt32(k + 20) + w5)) |
        0
      g = (g + c) | 0
      y = d ^ e
      c = ((((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))) + (e ^ (y & x)) + c) | 0
      b =
        ((((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7))) +
          (a ^ (g & (h ^ a))) +
          (b + K.getInt32(k + 24) + w6)) |
        0
      f = (f + b) | 0
      x = c ^ d
      b = ((((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))) + (d ^ (x & y)) + b) | 0
      a =
        ((((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7))) +
          (h ^ (f & (g ^ h))) +
          (a + K.getInt32(k + 28) + w7)) |
        0
      e = (e + a) | 0
      y = b ^ c
      a = ((((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) + (c ^ (y & x)) + a) | 0
      h =
        ((((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
          (g ^ (e & (f ^ g))) +
          (h + K.getInt32(k + 32) + w8)) |
        0
      d = (d + h) | 0
      x = a ^ b
      h = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + (b ^ (x & y)) + h) | 0
      g =
        ((((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7))) +
          (f ^ (d & (e ^ f))) +
          (g + K.getInt32(k + 36) + w9)) |
        0
      c = (c + g) | 0
      y = h ^ a
      g = ((((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10))) + (a ^ (y & x)) + g) | 0
      f =
        ((((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7))) +
          (e ^ (c & (d ^ e))) +
          (f + K.getInt32(k + 40) + w10)) |
        0
      b = (b + f) | 0
      x = g ^ h
      f = ((((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))) + (h ^ (x & y)) + f) | 0
      e =
        ((((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7))) +
          (d ^ (b & (c ^ d))) +
          (e + K.getInt32(k + 44) + w11)) |
        0
      a = (a + e) | 0
      y = f ^ g
      e = ((((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))) + (g ^ (y & x)) + e) | 0
      d =
        ((((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7))) +
          (c ^ (a & (b ^ c))) +
          (d + K.getInt32(k + 48) + w12)) |
        0
      h = (h + d) | 0
      x = e ^ f
      d = ((((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))) + (f ^ (x & y)) + d) | 0
      c =
        ((((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7))) +
          (b ^ (h & (a ^ b))) +
          (c + K.getInt32(k + 52) + w13)) |
        0
      g = (g + c) | 0
      y = d ^ e
      c = ((((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))) + (e ^ (y & x)) + c) | 0
      b =
        ((((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7))) +
          (a ^ (g & (h ^ a))) +
          (b + K.getInt32(k + 56) + w14)) |
        0
      f = (f + b) | 0
      x = c ^ d
      b = ((((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))) + (d ^ (x & y)) + b) | 0
      a =
        ((((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7))) +
          (h ^ (f & (g ^ h))) +
          (a + K.getInt32(k + 60) + w15)) |
        0
      e = (e + a) | 0
      y = b ^ c
      a = ((((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) + (c ^ (y & x)) + a) | 0
    }

    a = (a + a0) | 0
    b = (b + b0) | 0
    c = (c + c0) | 0
    d = (d + d0) | 0
    e = (e + e0) | 0
    f = (f + f0) | 0
    g = (g + g0) | 0
    h = (h + h0) | 0
  }
  state.setInt32(0, a)
  state.setInt32(4, b)
  state.setInt32(8, c)
  state.setInt32(12, d)
  state.setInt32(16, e)
  state.setInt32(20, f)
  state.setInt32(24, g)
  state.setInt32(28, h)
}
