/**
 * The distance loop of knnShapley in WebAssembly SIMD, assembled below from its instructions (about 400 bytes)
 * rather than shipped as an opaque binary, so it can be reviewed here.
 *
 * Why it cannot change a single bit: each f64x2 lane holds one (test point, training point) pair and performs exactly
 * the JavaScript loop's operations, in the same order: e = t − x, then s = s + e · e, over features in order, from
 * s = +0. WebAssembly arithmetic is IEEE 754 round-to-nearest with no fused multiply-add, and f32 → f64 promotion is
 * exact. It only does two pairs per instruction. Where WebAssembly or SIMD is missing, the kernel uses JavaScript.
 *
 * Exports `f32(test, train, rows, rowBytes, out0, out1, out2, out3)` and the same `f64` for Float64Array features:
 * byte offsets into the imported memory of four interleaved test points (t0[j], t1[j], t2[j], t3[j] as doubles), the
 * training rows, and the four output arrays of doubles; `rows` is even.
 */

import { encodeWasmModule, I32, op, V128, type WasmFunction } from '../wasm/wasmEncoder.js'

// Parameters, then locals.
const [TEST, TRAIN, ROWS, ROW_BYTES, OUT0, OUT1, OUT2, OUT3] = [0, 1, 2, 3, 4, 5, 6, 7]
const [P, Q, T, END, O, R] = [8, 9, 10, 11, 12, 13]
const [AA, AB, AC, AD, TA, TB, X, Y, E] = [14, 15, 16, 17, 18, 19, 20, 21, 22]

/** sum ← sum + (test − train)², the JavaScript loop's step on two lanes. */
const step = (sum: number, test: number, train: number) => [
  ...op.get(sum),
  ...op.get(test),
  ...op.get(train),
  ...op.f64x2Sub,
  ...op.tee(E),
  ...op.get(E),
  ...op.f64x2Mul,
  ...op.f64x2Add,
  ...op.set(sum),
]

const store = (out: number, sum: number, lane: number, offset: number) => [
  ...op.get(out),
  ...op.get(O),
  ...op.i32Add,
  ...op.get(sum),
  ...op.f64x2ExtractLane(lane),
  ...op.f64Store(offset),
]

function distances(valueBytes: 4 | 8): WasmFunction {
  const load = valueBytes === 4 ? [...op.f32Load(), ...op.f64PromoteF32] : op.f64Load()
  const code = [
    // ROWS becomes the byte offset where the outputs stop; O walks them, R walks the training rows two at a time.
    ...op.get(ROWS),
    ...op.i32Const(3),
    ...op.i32Shl,
    ...op.set(ROWS),
    ...op.get(TRAIN),
    ...op.set(R),
    ...op.i32Const(0),
    ...op.set(O),
    ...op.block,
    ...op.loop,
    ...op.get(O),
    ...op.get(ROWS),
    ...op.i32GeU,
    ...op.brIf(1),
    ...op.get(R),
    ...op.tee(P),
    ...op.get(ROW_BYTES),
    ...op.i32Add,
    ...op.tee(Q),
    ...op.set(END),
    ...op.get(TEST),
    ...op.set(T),
    ...op.v128Zero,
    ...op.tee(AA),
    ...op.tee(AB),
    ...op.tee(AC),
    ...op.set(AD),
    ...op.loop,
    ...op.get(T),
    ...op.v128Load(0),
    ...op.set(TA),
    ...op.get(T),
    ...op.v128Load(16),
    ...op.set(TB),
    ...op.get(P),
    ...load,
    ...op.f64x2Splat,
    ...op.set(X),
    ...op.get(Q),
    ...load,
    ...op.f64x2Splat,
    ...op.set(Y),
    ...step(AA, TA, X),
    ...step(AB, TB, X),
    ...step(AC, TA, Y),
    ...step(AD, TB, Y),
    ...op.get(T),
    ...op.i32Const(32),
    ...op.i32Add,
    ...op.set(T),
    ...op.get(Q),
    ...op.i32Const(valueBytes),
    ...op.i32Add,
    ...op.set(Q),
    ...op.get(P),
    ...op.i32Const(valueBytes),
    ...op.i32Add,
    ...op.tee(P),
    ...op.get(END),
    ...op.i32LtU,
    ...op.brIf(0),
    ...op.end,
    ...store(OUT0, AA, 0, 0),
    ...store(OUT1, AA, 1, 0),
    ...store(OUT2, AB, 0, 0),
    ...store(OUT3, AB, 1, 0),
    ...store(OUT0, AC, 0, 8),
    ...store(OUT1, AC, 1, 8),
    ...store(OUT2, AD, 0, 8),
    ...store(OUT3, AD, 1, 8),
    // Q stopped at the end of the second row, where the next pair starts.
    ...op.get(Q),
    ...op.set(R),
    ...op.get(O),
    ...op.i32Const(16),
    ...op.i32Add,
    ...op.set(O),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ]
  return {
    type: 0,
    locals: [
      [6, I32],
      [9, V128],
    ],
    code,
  }
}

let bytes: Uint8Array<ArrayBuffer> | undefined

/**
 * The module's bytes, assembled once. It imports its memory as `env.memory`.
 *
 * @example
 * const module = new WebAssembly.Module(knnDistanceWasm())
 */
export function knnDistanceWasm(): Uint8Array<ArrayBuffer> {
  bytes ??= encodeWasmModule({
    types: [{ params: new Array<number>(8).fill(I32), results: [] }],
    functions: [distances(4), distances(8)],
    exports: { f32: 0, f64: 1 },
  })
  return bytes
}
