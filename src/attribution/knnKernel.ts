/**
 * The arithmetic of KNN-Shapley: distances, the argsort and the exact recursions. The calling thread and every
 * worker thread run this same function, so a value is the same sequence of IEEE 754 operations wherever it is
 * computed. Workers receive it as source text (`createKnnKernel.toString()`), which is why everything it needs is
 * declared inside it and it references nothing from outside, not even a constant. Its helpers are object-literal
 * methods, not named functions or arrow functions in variables, because esbuild's keepNames (on in tsx, and in some
 * app builds) wraps those in a module-level `__name` helper that the worker's copy would not have.
 */

/** What the kernel values, already validated and flattened. */
export type KnnKernelData = {
  kind: 'classification' | 'regression'
  k: number
  /** Training points. */
  n: number
  /** Features per point. */
  dimension: number
  trainX: Float32Array | Float64Array
  /** Class labels (compared with `===`) or regression targets. */
  trainY: Float64Array
  testX: Float32Array | Float64Array
  testY: Float64Array
  /**
   * Usage valuation (knnUsageValues): the fee paid for each test point (query). With it, `usageBlock` splits each
   * fee over the training points; without it, the kernel allocates nothing for that.
   */
  testFee?: Float64Array | undefined
  /** knnDistanceWasm()'s bytes: the distance loop in WebAssembly SIMD, same bits. Without it (or it fails), JavaScript. */
  wasm?: Uint8Array<ArrayBuffer> | undefined
}

export type KnnKernel = {
  /**
   * The per-training-point sum of the Shapley values for test points `start` to `end - 1`, added in test order onto
   * zeros. The caller adds these blocks together in block order.
   */
  sumBlock(start: number, end: number): Float64Array
  /**
   * For queries `start` to `end - 1` (needs `testFee`): `sums`, per training point, of fee_q · (v⁺_iq / S_q) added
   * in query order onto zeros, where v⁺_iq is the positive part of the point's Shapley value for query q alone and
   * S_q the sum of the positive parts from the farthest point to the nearest; and `totals`, each query's S_q. A
   * query whose S_q is 0 adds nothing. The caller adds the blocks' sums together in block order.
   */
  usageBlock(start: number, end: number): KnnUsageBlock
  /** Whether distances run in WebAssembly SIMD (true) or JavaScript (false); the bits are the same either way. */
  wasm: boolean
}

export type KnnUsageBlock = { sums: Float64Array; totals: Float64Array }

/**
 * Builds a kernel for one data set. Allocates its scratch space once: about 60 bytes per training point, plus a copy
 * of the training features in WebAssembly memory when that is used.
 *
 * @example
 * const kernel = createKnnKernel(data)
 * const sums = kernel.sumBlock(0, 8)
 */
export function createKnnKernel(data: KnnKernelData): KnnKernel {
  const { kind, k, n, dimension: d, trainX, trainY, testX, testY } = data
  // Test points are handled four at a time so each training row is read once for four distances; four independent
  // sums also keep the CPU's floating-point units busy where one serial sum would wait on itself.
  const lanes = 4
  const block = new Float64Array(lanes * d)
  let distances = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)]
  let simd: { run: (...offsets: number[]) => void; interleaved: Float64Array; offsets: number[] } | undefined
  if (data.wasm !== undefined && typeof WebAssembly === 'object') {
    // Memory: the four test points interleaved, the four distance arrays, then a copy of the training features.
    const valueBytes = trainX instanceof Float32Array ? 4 : 8
    const outBytes = 8 * n
    const trainStart = 32 * d + 4 * outBytes
    const total = trainStart + n * d * valueBytes
    try {
      if (total > 2 ** 31) throw new RangeError('Too large for 32-bit WebAssembly memory.')
      const memory = new WebAssembly.Memory({ initial: Math.ceil(total / 65536) })
      const instance = new WebAssembly.Instance(new WebAssembly.Module(data.wasm), { env: { memory } })
      const run = instance.exports[valueBytes === 4 ? 'f32' : 'f64'] as (...offsets: number[]) => void
      const copy =
        valueBytes === 4
          ? new Float32Array(memory.buffer, trainStart, n * d)
          : new Float64Array(memory.buffer, trainStart, n * d)
      copy.set(trainX)
      const outputs = [0, 1, 2, 3].map((b) => 32 * d + b * outBytes)
      distances = outputs.map((offset) => new Float64Array(memory.buffer, offset, n))
      simd = {
        run,
        interleaved: new Float64Array(memory.buffer, 0, 4 * d),
        offsets: [trainStart, d * valueBytes, ...outputs],
      }
    } catch {
      // No WebAssembly SIMD here (an older engine, a Content-Security-Policy, too much data): JavaScript instead.
      simd = undefined
    }
  }
  // A distance is ≥ +0 (a sum of squares starting at +0), and for such doubles the order of the bit patterns, read as
  // unsigned 64-bit integers, is the order of the values, so an integer radix sort orders them exactly.
  const words = distances.map((array) => new Uint32Array(array.buffer, array.byteOffset, 2 * n))
  const littleEndian = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f
  const hiWord = littleEndian ? 1 : 0
  const loWord = 1 - hiWord
  const order = new Uint32Array(n)
  const spare = new Uint32Array(n)
  const keyHi = new Uint32Array(n)
  const keyLo = new Uint32Array(n)
  const spareLo = new Uint32Array(n)
  const counts = new Uint32Array(2 * 65536)
  const smallCounts = new Uint32Array(256)
  const prefix = kind === 'regression' ? new Float64Array(n + 1) : new Float64Array(0)
  // Usage valuation only: each query's positive values (farthest first) and their points, and, for classification,
  // buckets of equal leading distance bits (about one per point, at most 65,536).
  const usage = data.testFee !== undefined
  const positiveValue = new Float64Array(usage ? n : 0)
  const positiveIndex = new Uint32Array(usage ? n : 0)
  const scratch = new Float64Array(usage && kind === 'regression' ? n : 0)
  const bucketCount = 2 ** Math.min(16, Math.max(1, Math.ceil(Math.log2(n))))
  const classBuckets = usage && kind === 'classification'
  const bucketNext = new Uint32Array(classBuckets ? bucketCount : 0)
  const bucketHasMatch = new Uint8Array(classBuckets ? bucketCount : 0)
  const matchBuckets = new Uint32Array(classBuckets ? bucketCount : 0)
  const matchBucketStart = new Uint32Array(classBuckets ? bucketCount : 0)
  const spareHi = new Uint32Array(classBuckets ? n : 0)

  const ops = {
    /** Squared L2 distances from test points t0..t3 to every training point; each sum runs over features in order. */
    fillDistances(t0: number, t1: number, t2: number, t3: number) {
      // Locals, not closure variables: the optimiser keeps them in registers through the hot loop.
      const x0 = trainX
      const u = block
      const rows = n
      const tests = [t0, t1, t2, t3]
      for (let lane = 0; lane < lanes; lane++) {
        const from = (tests[lane] as number) * d
        for (let j = 0; j < d; j++) block[lane * d + j] = testX[from + j] as number
      }
      const b1 = d
      const b2 = 2 * d
      const b3 = 3 * d
      const out0 = distances[0] as Float64Array
      const out1 = distances[1] as Float64Array
      const out2 = distances[2] as Float64Array
      const out3 = distances[3] as Float64Array
      let i = 0
      if (simd) {
        const { interleaved } = simd
        for (let j = 0; j < d; j++) {
          for (let lane = 0; lane < lanes; lane++) interleaved[lanes * j + lane] = block[lane * d + j] as number
        }
        // An even number of rows; the loops below finish an odd last one.
        i = rows - (rows % 2)
        simd.run(0, simd.offsets[0] as number, i, ...simd.offsets.slice(1))
      }
      // Two training rows per pass: eight independent sums, and each test value loaded once for both rows.
      for (; i + 1 < rows; i += 2) {
        const p = i * d
        const q = p + d
        let a0 = 0
        let a1 = 0
        let a2 = 0
        let a3 = 0
        let c0 = 0
        let c1 = 0
        let c2 = 0
        let c3 = 0
        for (let j = 0; j < d; j++) {
          const x = x0[p + j] as number
          const y = x0[q + j] as number
          const u0 = u[j] as number
          const u1 = u[b1 + j] as number
          const u2 = u[b2 + j] as number
          const u3 = u[b3 + j] as number
          const e0 = u0 - x
          const e1 = u1 - x
          const e2 = u2 - x
          const e3 = u3 - x
          const f0 = u0 - y
          const f1 = u1 - y
          const f2 = u2 - y
          const f3 = u3 - y
          a0 += e0 * e0
          a1 += e1 * e1
          a2 += e2 * e2
          a3 += e3 * e3
          c0 += f0 * f0
          c1 += f1 * f1
          c2 += f2 * f2
          c3 += f3 * f3
        }
        out0[i] = a0
        out1[i] = a1
        out2[i] = a2
        out3[i] = a3
        out0[i + 1] = c0
        out1[i + 1] = c1
        out2[i + 1] = c2
        out3[i + 1] = c3
      }
      for (; i < rows; i++) {
        const p = i * d
        let a0 = 0
        let a1 = 0
        let a2 = 0
        let a3 = 0
        for (let j = 0; j < d; j++) {
          const x = x0[p + j] as number
          const e0 = (u[j] as number) - x
          const e1 = (u[b1 + j] as number) - x
          const e2 = (u[b2 + j] as number) - x
          const e3 = (u[b3 + j] as number) - x
          a0 += e0 * e0
          a1 += e1 * e1
          a2 += e2 * e2
          a3 += e3 * e3
        }
        out0[i] = a0
        out1[i] = a1
        out2[i] = a2
        out3[i] = a3
      }
    },

    /**
     * Sorts keys (keyLo[from..to)) stably, carrying order[]: insertion sort for short runs, an 8-bit LSD radix sort
     * for long ones, so many equal high words cannot make the sort quadratic.
     */
    sortRunByLowWord(from: number, to: number) {
      if (to - from <= 32) {
        for (let i = from + 1; i < to; i++) {
          const lo = keyLo[i] as number
          const index = order[i] as number
          let j = i - 1
          while (j >= from && (keyLo[j] as number) > lo) {
            keyLo[j + 1] = keyLo[j] as number
            order[j + 1] = order[j] as number
            j--
          }
          keyLo[j + 1] = lo
          order[j + 1] = index
        }
        return
      }
      for (let shift = 0; shift < 32; shift += 8) {
        smallCounts.fill(0)
        for (let i = from; i < to; i++) {
          const digit = ((keyLo[i] as number) >>> shift) & 0xff
          smallCounts[digit] = (smallCounts[digit] as number) + 1
        }
        let sum = from
        for (let b = 0; b < 256; b++) {
          const count = smallCounts[b] as number
          smallCounts[b] = sum
          sum += count
        }
        for (let i = from; i < to; i++) {
          const lo = keyLo[i] as number
          const digit = (lo >>> shift) & 0xff
          const at = smallCounts[digit] as number
          smallCounts[digit] = at + 1
          spareLo[at] = lo
          spare[at] = order[i] as number
        }
        keyLo.set(spareLo.subarray(from, to), from)
        order.set(spare.subarray(from, to), from)
      }
    },

    /**
     * Fills `order` with training indices from nearest to farthest, ties to the lower index. LSD radix sort on the
     * high 32 bits of each distance (two 16-bit passes, stable, so equal keys stay in index order), then each run of
     * equal high words is sorted by the low 32 bits.
     */
    argsort(bits: Uint32Array) {
      const rows = n
      const hiAt = hiWord
      const loAt = loWord
      const histogram = counts
      const byLow = spare
      const sorted = order
      const his = keyHi
      const los = keyLo
      histogram.fill(0)
      for (let i = 0; i < rows; i++) {
        const hi = bits[2 * i + hiAt] as number
        histogram[hi & 0xffff] = (histogram[hi & 0xffff] as number) + 1
        histogram[65536 + (hi >>> 16)] = (histogram[65536 + (hi >>> 16)] as number) + 1
      }
      let low = 0
      let high = 0
      for (let b = 0; b < 65536; b++) {
        const countLow = histogram[b] as number
        const countHigh = histogram[65536 + b] as number
        histogram[b] = low
        histogram[65536 + b] = high
        low += countLow
        high += countHigh
      }
      for (let i = 0; i < rows; i++) {
        const digit = (bits[2 * i + hiAt] as number) & 0xffff
        const at = histogram[digit] as number
        histogram[digit] = at + 1
        byLow[at] = i
      }
      for (let i = 0; i < rows; i++) {
        const index = byLow[i] as number
        const hi = bits[2 * index + hiAt] as number
        const digit = 65536 + (hi >>> 16)
        const at = histogram[digit] as number
        histogram[digit] = at + 1
        sorted[at] = index
        his[at] = hi
        los[at] = bits[2 * index + loAt] as number
      }
      let start = 0
      while (start < rows) {
        const hi = his[start] as number
        let end = start + 1
        while (end < rows && his[end] === hi) end++
        if (end - start > 1) ops.sortRunByLowWord(start, end)
        start = end
      }
    },

    /**
     * Jia et al. (2019), Theorem 1, with α_1 the nearest:
     *   s_i = s_{i+1} + ([y_i = t] − [y_{i+1} = t]) / K · min(K, i) / i, and min(K, i) / (K · i) = 1 / max(K, i).
     * The paper's s_N = [y_N = t] / N assumes N ≥ K; in general the farthest point counts only when fewer than K
     * others are present, probability min(K, N) / N, so s_N = [y_N = t] / max(K, N).
     */
    addClassification(label: number, sums: Float64Array) {
      const last = order[n - 1] as number
      let next = trainY[last] === label ? 1 : 0
      let value = next / Math.max(n, k)
      sums[last] = (sums[last] as number) + value
      for (let i = n - 1; i >= 1; i--) {
        const index = order[i - 1] as number
        const match = trainY[index] === label ? 1 : 0
        // Equal neighbours leave the value unchanged; skipping the +0 saves a division and changes no bits.
        if (match !== next) value += (match - next) / Math.max(i, k)
        sums[index] = (sums[index] as number) + value
        next = match
      }
    },

    /** c_i = T(min(i − 1, K − 1)) / ((i − 1) i) for i ≥ 2: integers below 2^53, so one correctly rounded division. */
    near(i: number): number {
      return i <= k ? 0.5 : (k * (k - 1)) / (2 * (i - 1) * i)
    },

    /** A_i = min(K, i) / i. */
    share(i: number): number {
      return i <= k ? 1 : k / i
    },

    /**
     * The regression recursion (derivation in knnShapley.ts), with z_i the i-th nearest target, t the test target,
     * P_i = z_1 + … + z_{i−1}, A_i = min(K, i) / i, c_i = T(min(i − 1, K − 1)) / ((i − 1) i) with T(q) = q(q + 1)/2,
     * and G_i = Σ_{l ≥ i+2} z_l · c_{l−1}:
     *   s_N = −(z_N / K) · (A_N · (z_N / K − 2t) + (2 / K) · c_N · P_N)
     *   s_i = s_{i+1} + (z_{i+1} − z_i) / K · (A_i · ((z_i + z_{i+1}) / K − 2t) + (2 / K) · (c_i · P_i + G_i))
     */
    addRegression(target: number, sums: Float64Array) {
      const twoT = 2 * target
      prefix[0] = 0
      for (let i = 0; i < n; i++) prefix[i + 1] = (prefix[i] as number) + (trainY[order[i] as number] as number)
      const last = order[n - 1] as number
      const zN = trainY[last] as number
      const nearN = n >= 2 ? ops.near(n) * (prefix[n - 1] as number) : 0
      let value = -(zN / k) * (ops.share(n) * (zN / k - twoT) + (2 / k) * nearN)
      sums[last] = (sums[last] as number) + value
      let tail = 0
      let zNext = zN
      for (let i = n - 1; i >= 1; i--) {
        const index = order[i - 1] as number
        const z = trainY[index] as number
        if (i + 2 <= n) tail += (trainY[order[i + 1] as number] as number) * ops.near(i + 1)
        const nearSum = i >= 2 ? ops.near(i) * (prefix[i - 1] as number) : 0
        value += ((zNext - z) / k) * (ops.share(i) * ((z + zNext) / k - twoT) + (2 / k) * (nearSum + tail))
        sums[index] = (sums[index] as number) + value
        zNext = z
      }
    },

    /**
     * Sorts slots from..to by (keyHi, keyLo) stably, carrying order[]: insertion sort for short runs, else an 8-bit
     * LSD radix sort over the high words' spread, then sortRunByLowWord on each run of equal high words.
     */
    sortRun(from: number, to: number) {
      if (to - from <= 32) {
        for (let i = from + 1; i < to; i++) {
          const hi = keyHi[i] as number
          const lo = keyLo[i] as number
          const index = order[i] as number
          let j = i - 1
          while (j >= from && ((keyHi[j] as number) > hi || (keyHi[j] === hi && (keyLo[j] as number) > lo))) {
            keyHi[j + 1] = keyHi[j] as number
            keyLo[j + 1] = keyLo[j] as number
            order[j + 1] = order[j] as number
            j--
          }
          keyHi[j + 1] = hi
          keyLo[j + 1] = lo
          order[j + 1] = index
        }
        return
      }
      let least = keyHi[from] as number
      let most = least
      for (let i = from + 1; i < to; i++) {
        const hi = keyHi[i] as number
        if (hi < least) least = hi
        if (hi > most) most = hi
      }
      for (let shift = 0; shift < 32 && (most - least) >>> shift > 0; shift += 8) {
        smallCounts.fill(0)
        for (let i = from; i < to; i++) {
          const digit = (((keyHi[i] as number) - least) >>> shift) & 0xff
          smallCounts[digit] = (smallCounts[digit] as number) + 1
        }
        let sum = from
        for (let b = 0; b < 256; b++) {
          const count = smallCounts[b] as number
          smallCounts[b] = sum
          sum += count
        }
        for (let i = from; i < to; i++) {
          const hi = keyHi[i] as number
          const digit = ((hi - least) >>> shift) & 0xff
          const at = smallCounts[digit] as number
          smallCounts[digit] = at + 1
          spareHi[at] = hi
          spareLo[at] = keyLo[i] as number
          spare[at] = order[i] as number
        }
        keyHi.set(spareHi.subarray(from, to), from)
        keyLo.set(spareLo.subarray(from, to), from)
        order.set(spare.subarray(from, to), from)
      }
      let start = from
      while (start < to) {
        const hi = keyHi[start] as number
        let end = start + 1
        while (end < to && keyHi[end] === hi) end++
        if (end - start > 1) ops.sortRunByLowWord(start, end)
        start = end
      }
    },

    /**
     * Classification, usage valuation: the positive Shapley values for one query, farthest point first, into
     * positiveValue/positiveIndex; returns how many. Only points of the answer's class have positive values (adding
     * one never lowers the count of matching neighbours, adding another class never raises it), and a value depends
     * only on the ranks of the points of that class. So this does not sort everything: it buckets the distances by
     * their leading bits (an order-preserving key), sorts only the buckets that hold a point of that class (placed at
     * their exact global ranks, since every point of a lower bucket is nearer), and runs addClassification's
     * recursion over those slots alone, doing the very same operations in the same order, so the values are the
     * same bits. Between two such buckets every point is of another class, which the recursion handles in one step.
     */
    classPositives(bits: Uint32Array, label: number): number {
      const rows = n
      const hiAt = hiWord
      const loAt = loWord
      const labels = trainY
      const next = bucketNext
      const hasMatch = bucketHasMatch
      let least = 0xffffffff
      let most = 0
      for (let i = 0; i < rows; i++) {
        const hi = bits[2 * i + hiAt] as number
        if (hi < least) least = hi
        if (hi > most) most = hi
      }
      let shift = 0
      while ((most - least) >>> shift >= bucketCount) shift++
      next.fill(0)
      hasMatch.fill(0)
      let matches = 0
      for (let i = 0; i < rows; i++) {
        const bucket = ((bits[2 * i + hiAt] as number) - least) >>> shift
        next[bucket] = (next[bucket] as number) + 1
        if (labels[i] === label) {
          hasMatch[bucket] = 1
          matches++
        }
      }
      if (matches === 0) return 0
      let listed = 0
      let at = 0
      for (let b = 0; b < bucketCount; b++) {
        const count = next[b] as number
        next[b] = at
        if (hasMatch[b] === 1) {
          matchBuckets[listed] = b
          matchBucketStart[listed] = at
          listed++
        }
        at += count
      }
      // Index order within a bucket, so the stable sorts below leave equal distances nearest-first by index.
      for (let i = 0; i < rows; i++) {
        const hi = bits[2 * i + hiAt] as number
        const bucket = (hi - least) >>> shift
        if (hasMatch[bucket] === 1) {
          const slot = next[bucket] as number
          next[bucket] = slot + 1
          order[slot] = i
          keyHi[slot] = hi
          keyLo[slot] = bits[2 * i + loAt] as number
        }
      }
      for (let j = 0; j < listed; j++) {
        const from = matchBucketStart[j] as number
        const to = next[matchBuckets[j] as number] as number
        if (to - from > 1) ops.sortRun(from, to)
      }
      let found = 0
      let value = 0
      let nextMatch = 0
      let nextRank = rows + 1
      for (let j = listed - 1; j >= 0; j--) {
        const from = matchBucketStart[j] as number
        for (let slot = (next[matchBuckets[j] as number] as number) - 1; slot >= from; slot--) {
          const rank = slot + 1
          const index = order[slot] as number
          const match = labels[index] === label ? 1 : 0
          if (nextRank > rank + 1) {
            // Ranks rank + 1 .. nextRank − 1 are all of another class: one step down into them, then no change.
            if (nextMatch !== 0) value += (0 - nextMatch) / Math.max(nextRank - 1, k)
            nextMatch = 0
          }
          if (match !== nextMatch) value += (match - nextMatch) / Math.max(rank, k)
          if (match === 1 && value > 0) {
            positiveValue[found] = value
            positiveIndex[found] = index
            found++
          }
          nextMatch = match
          nextRank = rank
        }
      }
      return found
    },

    /** Regression, usage valuation: the full recursion, then its positive values farthest first, as classPositives. */
    regressionPositives(bits: Uint32Array, target: number): number {
      ops.argsort(bits)
      scratch.fill(0)
      ops.addRegression(target, scratch)
      let found = 0
      for (let rank = n - 1; rank >= 0; rank--) {
        const index = order[rank] as number
        const value = scratch[index] as number
        if (value > 0) {
          positiveValue[found] = value
          positiveIndex[found] = index
          found++
        }
      }
      return found
    },

    usageBlock(start: number, end: number): { sums: Float64Array; totals: Float64Array } {
      const fees = data.testFee as Float64Array
      const sums = new Float64Array(n)
      const totals = new Float64Array(end - start)
      for (let first = start; first < end; first += lanes) {
        const count = Math.min(lanes, end - first)
        const last = first + count - 1
        ops.fillDistances(first, Math.min(first + 1, last), Math.min(first + 2, last), last)
        for (let offset = 0; offset < count; offset++) {
          const query = first + offset
          const y = testY[query] as number
          const bits = words[offset] as Uint32Array
          const found = kind === 'classification' ? ops.classPositives(bits, y) : ops.regressionPositives(bits, y)
          let total = 0
          for (let j = 0; j < found; j++) total += positiveValue[j] as number
          totals[query - start] = total
          if (total === 0) continue
          const fee = fees[query] as number
          // v / S is at most 1, so the share never exceeds the fee and never overflows, however small S is.
          for (let j = 0; j < found; j++) {
            const index = positiveIndex[j] as number
            sums[index] = (sums[index] as number) + fee * ((positiveValue[j] as number) / total)
          }
        }
      }
      return { sums, totals }
    },

    sumBlock(start: number, end: number): Float64Array {
      const sums = new Float64Array(n)
      for (let first = start; first < end; first += lanes) {
        const count = Math.min(lanes, end - first)
        // Spare lanes repeat the last real test point; their distances are computed and ignored.
        const last = first + count - 1
        ops.fillDistances(first, Math.min(first + 1, last), Math.min(first + 2, last), last)
        for (let offset = 0; offset < count; offset++) {
          ops.argsort(words[offset] as Uint32Array)
          const y = testY[first + offset] as number
          if (kind === 'classification') ops.addClassification(y, sums)
          else ops.addRegression(y, sums)
        }
      }
      return sums
    },
  }

  return { sumBlock: ops.sumBlock, usageBlock: ops.usageBlock, wasm: simd !== undefined }
}
