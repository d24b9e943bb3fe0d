/**
 * The part of the WebAssembly binary format that the library's hand-assembled modules need (batch Keccak for Merkle
 * trees, the KNN distance loop). Those modules are built from their instructions rather than shipped as opaque
 * binaries so they can be reviewed in the source, and this is the one encoder they share.
 */

/** LEB128 of a non-negative integer below 2³². */
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

/** Signed LEB128, as `i32.const` and `i64.const` take their operand. */
const signed = (value: number): number[] => {
  const out: number[] = []
  let rest = value
  for (;;) {
    const low = rest & 0x7f
    rest >>= 7
    if ((rest === 0 && (low & 0x40) === 0) || (rest === -1 && (low & 0x40) !== 0)) return [...out, low]
    out.push(low | 0x80)
  }
}

const vector = (items: number[][]): number[] => [...unsigned(items.length), ...items.flat()]
const section = (id: number, body: number[]): number[] => [id, ...unsigned(body.length), ...body]
const name = (text: string): number[] => vector([...text].map((character) => [character.charCodeAt(0)]))

/** Value types. */
export const I32 = 0x7f
export const I64 = 0x7e
export const V128 = 0x7b

/** A load or store: its opcode, the alignment it may assume (log₂ bytes), then the offset. */
const memory =
  (opcode: number, align: number) =>
  (offset = 0) => [opcode, align, ...unsigned(offset)]
const simd = (opcode: number, ...immediates: number[]) => [0xfd, ...unsigned(opcode), ...immediates]

/** Instructions, by their text-format names (`local.get` is `get`, `i32.const` is `i32Const`). */
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...unsigned(depth)],
  brIf: (depth: number) => [0x0d, ...unsigned(depth)],
  call: (index: number) => [0x10, ...unsigned(index)],
  select: [0x1b],
  get: (local: number) => [0x20, ...unsigned(local)],
  set: (local: number) => [0x21, ...unsigned(local)],
  tee: (local: number) => [0x22, ...unsigned(local)],
  i64Load: memory(0x29, 3),
  f32Load: memory(0x2a, 2),
  f64Load: memory(0x2b, 3),
  i32Load8U: memory(0x2d, 0),
  i64Store: memory(0x37, 3),
  f64Store: memory(0x39, 3),
  i32Store8: memory(0x3a, 0),
  i32Const: (value: number) => [0x41, ...signed(value)],
  i64Const: (value: number) => [0x42, ...signed(value)],
  i32Eqz: [0x45],
  i32Ne: [0x47],
  i32LtS: [0x48],
  i32LtU: [0x49],
  i32GtU: [0x4b],
  i32GeU: [0x4f],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Xor: [0x73],
  i32Shl: [0x74],
  i64And: [0x83],
  i64Xor: [0x85],
  i64Rotl: [0x89],
  f64PromoteF32: [0xbb],
  v128Load: (offset = 0) => simd(0x00, 4, ...unsigned(offset)),
  v128Zero: simd(0x0c, ...new Array<number>(16).fill(0)),
  f64x2Splat: simd(0x14),
  f64x2ExtractLane: (lane: number) => simd(0x21, lane),
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
}

/** One function of a module: its type's index, its locals as runs of `[count, type]`, and its instructions. */
export type WasmFunction = { type: number; locals: [count: number, type: number][]; code: number[] }

type EncodeWasmModuleParameters = {
  /** Function types, as parameter and result value types. */
  types: { params: number[]; results: number[] }[]
  /** The functions, in index order; `code` leaves out the closing `end`. */
  functions: WasmFunction[]
  /** Exported names of functions, with their indices. */
  exports: Record<string, number>
  /** Bytes written into memory when the module is instantiated, at a constant offset. */
  data?: { offset: number; bytes: number[] }[]
}

/**
 * The binary of a module that imports its memory as `env.memory` (at least one page), so the caller owns the memory
 * and can read and write it directly.
 *
 * @example
 * const bytes = encodeWasmModule({
 *   types: [{ params: [I32, I32], results: [I32] }],
 *   functions: [{ type: 0, locals: [], code: [...op.get(0), ...op.get(1), ...op.i32Add] }],
 *   exports: { add: 0 },
 * })
 * const module = new WebAssembly.Module(bytes)
 */
export function encodeWasmModule({
  types,
  functions,
  exports,
  data = [],
}: EncodeWasmModuleParameters): Uint8Array<ArrayBuffer> {
  const body = ({ locals, code }: WasmFunction) => {
    const encoded = [...vector(locals.map(([count, type]) => [...unsigned(count), type])), ...code, ...op.end]
    return [...unsigned(encoded.length), ...encoded]
  }
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(
      1,
      vector(
        types.map(({ params, results }) => [
          0x60,
          ...vector(params.map((type) => [type])),
          ...vector(results.map((type) => [type])),
        ]),
      ),
    ),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 1]])),
    ...section(3, vector(functions.map(({ type }) => unsigned(type)))),
    ...section(7, vector(Object.entries(exports).map(([key, index]) => [...name(key), 0x00, ...unsigned(index)]))),
    ...section(10, vector(functions.map(body))),
    ...(data.length
      ? section(
          11,
          vector(
            data.map(({ offset, bytes }) => [
              0x00,
              ...op.i32Const(offset),
              ...op.end,
              ...vector(bytes.map((byte) => [byte])),
            ]),
          ),
        )
      : []),
  ])
}
