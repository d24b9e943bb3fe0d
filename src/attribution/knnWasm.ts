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

const unsigned = (value: number): number[] => {
  const out: number[] = []
  let rest = value
  do {
    const low = rest & 0x7f
    rest >>>= 7
    out.push(rest === 0 ? low : low | 0x80)
  } while (rest !== 0)
  return out
}
const vector = (items: number[][]): number[] => [...unsigned(items.length), ...items.flat()]
const section = (id: number, body: number[]): number[] => [id, ...unsigned(body.length), ...body]
const text = (value: string): number[] => vector([...value].map((character) => [character.charCodeAt(0)]))

const I32 = 0x7f
const V128 = 0x7b

// Instructions, by their text-format names.
const block = [0x02, 0x40]
const loop = [0x03, 0x40]
const end = [0x0b]
const br = (depth: number) => [0x0c, depth]
const brIf = (depth: number) => [0x0d, depth]
const get = (local: number) => [0x20, local]
const set = (local: number) => [0x21, local]
const tee = (local: number) => [0x22, local]
const i32Const = (value: number) => [0x41, ...unsigned(value)] // only small non-negative constants are used
const i32Add = [0x6a]
const i32Shl = [0x74]
const i32LtU = [0x49]
const i32GeU = [0x4f]
const f32Load = [0x2a, 2, 0]
const f64Load = [0x2b, 3, 0]
const f64Store = (offset: number) => [0x39, 3, offset]
const f64PromoteF32 = [0xbb]
const simd = (opcode: number, ...immediates: number[]) => [0xfd, ...unsigned(opcode), ...immediates]
const v128Load = (offset: number) => simd(0x00, 4, offset)
const v128Zero = simd(0x0c, ...new Array<number>(16).fill(0))
const f64x2Splat = simd(0x14)
const f64x2ExtractLane = (lane: number) => simd(0x21, lane)
const f64x2Add = simd(0xf0)
const f64x2Sub = simd(0xf1)
const f64x2Mul = simd(0xf2)

// Parameters, then locals.
const [TEST, TRAIN, ROWS, ROW_BYTES, OUT0, OUT1, OUT2, OUT3] = [0, 1, 2, 3, 4, 5, 6, 7]
const [P, Q, T, END, O, R] = [8, 9, 10, 11, 12, 13]
const [AA, AB, AC, AD, TA, TB, X, Y, E] = [14, 15, 16, 17, 18, 19, 20, 21, 22]

/** sum ← sum + (test − train)², the JavaScript loop's step on two lanes. */
const step = (sum: number, test: number, train: number) => [
  ...get(sum),
  ...get(test),
  ...get(train),
  ...f64x2Sub,
  ...tee(E),
  ...get(E),
  ...f64x2Mul,
  ...f64x2Add,
  ...set(sum),
]

const store = (out: number, sum: number, lane: number, offset: number) => [
  ...get(out),
  ...get(O),
  ...i32Add,
  ...get(sum),
  ...f64x2ExtractLane(lane),
  ...f64Store(offset),
]

function body(valueBytes: 4 | 8): number[] {
  const load = valueBytes === 4 ? [...f32Load, ...f64PromoteF32] : f64Load
  const code = [
    // ROWS becomes the byte offset where the outputs stop; O walks them, R walks the training rows two at a time.
    ...get(ROWS),
    ...i32Const(3),
    ...i32Shl,
    ...set(ROWS),
    ...get(TRAIN),
    ...set(R),
    ...i32Const(0),
    ...set(O),
    ...block,
    ...loop,
    ...get(O),
    ...get(ROWS),
    ...i32GeU,
    ...brIf(1),
    ...get(R),
    ...tee(P),
    ...get(ROW_BYTES),
    ...i32Add,
    ...tee(Q),
    ...set(END),
    ...get(TEST),
    ...set(T),
    ...v128Zero,
    ...tee(AA),
    ...tee(AB),
    ...tee(AC),
    ...set(AD),
    ...loop,
    ...get(T),
    ...v128Load(0),
    ...set(TA),
    ...get(T),
    ...v128Load(16),
    ...set(TB),
    ...get(P),
    ...load,
    ...f64x2Splat,
    ...set(X),
    ...get(Q),
    ...load,
    ...f64x2Splat,
    ...set(Y),
    ...step(AA, TA, X),
    ...step(AB, TB, X),
    ...step(AC, TA, Y),
    ...step(AD, TB, Y),
    ...get(T),
    ...i32Const(32),
    ...i32Add,
    ...set(T),
    ...get(Q),
    ...i32Const(valueBytes),
    ...i32Add,
    ...set(Q),
    ...get(P),
    ...i32Const(valueBytes),
    ...i32Add,
    ...tee(P),
    ...get(END),
    ...i32LtU,
    ...brIf(0),
    ...end,
    ...store(OUT0, AA, 0, 0),
    ...store(OUT1, AA, 1, 0),
    ...store(OUT2, AB, 0, 0),
    ...store(OUT3, AB, 1, 0),
    ...store(OUT0, AC, 0, 8),
    ...store(OUT1, AC, 1, 8),
    ...store(OUT2, AD, 0, 8),
    ...store(OUT3, AD, 1, 8),
    // Q stopped at the end of the second row, where the next pair starts.
    ...get(Q),
    ...set(R),
    ...get(O),
    ...i32Const(16),
    ...i32Add,
    ...set(O),
    ...br(0),
    ...end,
    ...end,
    ...end,
  ]
  const locals = vector([
    [6, I32],
    [9, V128],
  ])
  return [...unsigned(locals.length + code.length), ...locals, ...code]
}

let bytes: Uint8Array<ArrayBuffer> | undefined

/**
 * The module's bytes, assembled once. It imports its memory as `env.memory`.
 *
 * @example
 * const module = new WebAssembly.Module(knnDistanceWasm())
 */
export function knnDistanceWasm(): Uint8Array<ArrayBuffer> {
  bytes ??= new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector([[0x60, ...vector(new Array<number[]>(8).fill([I32])), ...vector([])]])),
    ...section(2, vector([[...text('env'), ...text('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vector([[0], [0]])),
    ...section(
      7,
      vector([
        [...text('f32'), 0x00, 0],
        [...text('f64'), 0x00, 1],
      ]),
    ),
    ...section(10, vector([body(4), body(8)])),
  ])
  return bytes
}
