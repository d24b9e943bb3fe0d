/**
 * SA-IS suffix array construction (Nong, Zhang and Chan, "Two Efficient Algorithms for Linear Time Suffix Array
 * Construction", 2011), in the form of Yuta Mori's sais-lite: in linear time, with no working memory beyond the suffix
 * array and the bucket counts (the reduced problem of each level is solved inside the suffix array), and without
 * storing suffix types at all. A suffix's type is decided from the symbol before it when it is placed, which sits in
 * the same cache line as its own, so each step of the inducing scans, which dominate the time, reads the text at one
 * random place only; and the text can stay in the narrowest array its symbols fit (a Uint8Array for the span index),
 * which halves the cache misses of those reads against 16-bit symbols.
 *
 * Every symbol of `s` must lie in [0, alphabetSize). The result lists the start of every suffix of `s` in
 * lexicographic order, a suffix before any longer one it begins. `s` is only read.
 *
 * @example
 * // 'banana' as 2 1 14 1 14 1, then a sentinel
 * sais(Uint16Array.of(2, 1, 14, 1, 14, 1, 0), 15) // Int32Array [6, 5, 3, 1, 0, 4, 2]
 */
export function sais(s: Uint8Array | Uint16Array | Int32Array, alphabetSize: number): Int32Array {
  const sa = new Int32Array(s.length)
  if (s.length > 0) sortSuffixes(s, sa, s.length, alphabetSize)
  return sa
}

type Symbols = Uint8Array | Uint16Array | Int32Array

/** One level of SA-IS: sorts the suffixes of `t` (length `n`, symbols below `k`) into `sa` (length `n`). */
function sortSuffixes(t: Symbols, sa: Int32Array, n: number, k: number): void {
  const counts = new Int32Array(k)
  for (let i = 0; i < n; i++) {
    const c = t[i] as number
    counts[c] = (counts[c] as number) + 1
  }
  const buckets = new Int32Array(k)

  // Stage 1: place each LMS suffix (S-type, after an L-type one) at the end of its bucket, scanning right to left
  // and deciding types on the way. A slot holds the position before its suffix, the one the L scan induces; the
  // leftmost LMS suffix is left out, since the L-type suffixes before it are in no LMS substring.
  bucketEnds(counts, buckets)
  sa.fill(0)
  let m = 0
  let pending = -1
  let slot = -1
  // Types from the right: the last suffix is L-type, since nothing follows it.
  let next = t[n - 1] as number
  let nextIsS = false
  for (let i = n - 2; i >= 0; i--) {
    const c = t[i] as number
    const isS: boolean = c < next || (c === next && nextIsS)
    if (nextIsS && !isS) {
      if (slot >= 0) sa[slot] = pending
      const at = (buckets[next] as number) - 1
      buckets[next] = at
      slot = at
      pending = i
      m++
    }
    next = c
    nextIsS = isS
  }

  let names = 0
  if (m > 1) {
    sortLmsSubstrings(t, sa, counts, buckets, n)
    names = nameLmsSubstrings(t, sa, n, m)
  } else if (m === 1) {
    sa[slot] = pending + 1
    names = 1
  }

  // Stage 2: sort the LMS suffixes, recursing on their names when two LMS substrings share one.
  if (names < m) {
    const reduced = sa.subarray(n - m, n)
    for (let i = m + (n >> 1) - 1, j = m - 1; i >= m; i--) {
      const name = sa[i] as number
      if (name !== 0) reduced[j--] = name - 1
    }
    sortSuffixes(reduced, sa.subarray(0, m), m, names)
    let j = m - 1
    let next = t[n - 1] as number
    let nextIsS = false
    for (let i = n - 2; i >= 0; i--) {
      const c = t[i] as number
      const isS: boolean = c < next || (c === next && nextIsS)
      if (nextIsS && !isS) reduced[j--] = i + 1
      next = c
      nextIsS = isS
    }
    for (let i = 0; i < m; i++) sa[i] = reduced[sa[i] as number] as number
  }

  // Stage 3: put the sorted LMS suffixes at the ends of their buckets, in order, and induce the rest from them.
  if (m > 1) {
    bucketEnds(counts, buckets)
    let i = m - 1
    let j = n
    let p = sa[i] as number
    let c1 = t[p] as number
    do {
      const c0 = c1
      const end = buckets[c0] as number
      while (end < j) sa[--j] = 0
      do {
        sa[--j] = p
        if (--i < 0) break
        p = sa[i] as number
        c1 = t[p] as number
      } while (c1 === c0)
    } while (i >= 0)
    while (j > 0) sa[--j] = 0
  }
  induceSuffixes(t, sa, counts, buckets, n)
}

/**
 * The inducing scans of stage 1, which sort the LMS substrings. Entries hold the position before their suffix (see
 * stage 1), complemented when that position must not be induced in this scan; each entry is cleared once used, so
 * afterwards only the sorted LMS substrings remain, complemented, in order.
 */
function sortLmsSubstrings(t: Symbols, sa: Int32Array, counts: Int32Array, buckets: Int32Array, n: number): void {
  bucketStarts(counts, buckets)
  let j = n - 1
  let c1 = t[j] as number
  let b = buckets[c1] as number
  j--
  sa[b++] = (t[j] as number) < c1 ? ~j : j
  for (let i = 0; i < n; i++) {
    j = sa[i] as number
    if (j > 0) {
      const c0 = t[j] as number
      if (c0 !== c1) {
        buckets[c1] = b
        c1 = c0
        b = buckets[c1] as number
      }
      j--
      sa[b++] = (t[j] as number) < c1 ? ~j : j
      sa[i] = 0
    } else if (j < 0) {
      sa[i] = ~j
    }
  }
  bucketEnds(counts, buckets)
  c1 = 0
  let e = buckets[0] as number
  for (let i = n - 1; i >= 0; i--) {
    j = sa[i] as number
    if (j > 0) {
      const c0 = t[j] as number
      if (c0 !== c1) {
        buckets[c1] = e
        c1 = c0
        e = buckets[c1] as number
      }
      j--
      sa[--e] = (t[j] as number) > c1 ? ~(j + 1) : j
      sa[i] = 0
    }
  }
}

/**
 * Gathers the sorted LMS substrings into the first `m` entries and names them, equal substrings alike, from 1. Each
 * LMS substring's length is stored first, so two are compared symbol by symbol only when their lengths agree. An LMS
 * position is at least two after the one before it, so `m + (position >> 1)` gives each a slot of its own.
 */
function nameLmsSubstrings(t: Symbols, sa: Int32Array, n: number, m: number): number {
  let i = 0
  let p = sa[0] as number
  for (; p < 0; p = sa[++i] as number) sa[i] = ~p
  if (i < m) {
    for (let j = i++; ; i++) {
      p = sa[i] as number
      if (p < 0) {
        sa[j++] = ~p
        sa[i] = 0
        if (j === m) break
      }
    }
  }

  let end = n - 1
  let next = t[n - 1] as number
  let nextIsS = false
  for (let i = n - 2; i >= 0; i--) {
    const c = t[i] as number
    const isS: boolean = c < next || (c === next && nextIsS)
    if (nextIsS && !isS) {
      sa[m + ((i + 1) >> 1)] = end - i
      end = i + 1
    }
    next = c
    nextIsS = isS
  }

  let name = 0
  let q = n
  let qLength = 0
  for (i = 0; i < m; i++) {
    p = sa[i] as number
    const pLength = sa[m + (p >> 1)] as number
    let differs = true
    // A substring that runs to the end of the text is unlike any other: nothing follows its last symbol.
    if (pLength === qLength && q + pLength < n) {
      let d = 0
      while (d < pLength && t[p + d] === t[q + d]) d++
      if (d === pLength) differs = false
    }
    if (differs) {
      name++
      q = p
      qLength = pLength
    }
    sa[m + (p >> 1)] = name
  }
  return name
}

/**
 * L-type suffixes left to right from bucket starts, then S-type right to left from bucket ends. An entry is stored
 * complemented when the suffix before it is of the other scan's type, and flipped as the scan passes it, so each
 * scan induces only from the entries meant for it, and all are plain positions at the end.
 */
function induceSuffixes(t: Symbols, sa: Int32Array, counts: Int32Array, buckets: Int32Array, n: number): void {
  bucketStarts(counts, buckets)
  let j = n - 1
  let c1 = t[j] as number
  let b = buckets[c1] as number
  sa[b++] = j > 0 && (t[j - 1] as number) < c1 ? ~j : j
  for (let i = 0; i < n; i++) {
    j = sa[i] as number
    sa[i] = ~j
    if (j > 0) {
      j--
      const c0 = t[j] as number
      if (c0 !== c1) {
        buckets[c1] = b
        c1 = c0
        b = buckets[c1] as number
      }
      sa[b++] = j > 0 && (t[j - 1] as number) < c1 ? ~j : j
    }
  }
  bucketEnds(counts, buckets)
  c1 = 0
  let e = buckets[0] as number
  for (let i = n - 1; i >= 0; i--) {
    j = sa[i] as number
    if (j > 0) {
      j--
      const c0 = t[j] as number
      if (c0 !== c1) {
        buckets[c1] = e
        c1 = c0
        e = buckets[c1] as number
      }
      sa[--e] = j === 0 || (t[j - 1] as number) > c1 ? ~j : j
    } else {
      sa[i] = ~j
    }
  }
}

function bucketStarts(counts: Int32Array, buckets: Int32Array): void {
  let sum = 0
  for (let c = 0; c < counts.length; c++) {
    buckets[c] = sum
    sum += counts[c] as number
  }
}

function bucketEnds(counts: Int32Array, buckets: Int32Array): void {
  let sum = 0
  for (let c = 0; c < counts.length; c++) {
    sum += counts[c] as number
    buckets[c] = sum
  }
}
