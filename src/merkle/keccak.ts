import { keccak256 } from 'viem'
import { encodeWasmModule, I32, I64, op, type WasmFunction } from '../wasm/wasmEncoder.js'

/**
 * Batch Keccak-256 for building Merkle trees of millions of leaves, in WebAssembly. keccak-f[1600] is 64-bit
 * arithmetic: JavaScript can only emulate it with 32-bit halves (a hand-unrolled version of that still takes 1.3 µs a
 * hash here, noble's 5 µs), while WebAssembly has 64-bit xor and rotate and takes 0.35 µs. Hashing whole batches
 * inside the module also saves a call and a copy per hash.
 *
 * The module is assembled below from its instructions rather than shipped as an opaque binary, so that it can be
 * reviewed here. It is 2.2 KB, compiled once and synchronously, which browsers allow on the main thread for modules
 * under 4 KB. Where WebAssembly is unavailable (a page whose CSP lacks 'wasm-unsafe-eval', or a memory too large),
 * viem's keccak256 does the same work about fifteen times slower. test/node/keccak.test.ts checks both against viem's
 * keccak256.
 *
 * Memory layout: the iota constants at 0, the sponge state at STATE, the caller's working area from HEAP.
 */

const STATE = 256
const HEAP = 1024
const PAGE = 65536

// Rotation offsets r[x][y] of the rho step.
const RHO = [
  [0, 36, 3, 41, 18],
  [1, 44, 10, 45, 2],
  [62, 6, 43, 15, 61],
  [28, 55, 25, 21, 56],
  [27, 20, 39, 8, 14],
]
// The 24 iota constants as [low, high] 32-bit halves.
const IOTA = [
  0x00000001, 0x00000000, 0x00008082, 0x00000000, 0x0000808a, 0x80000000, 0x80008000, 0x80000000, 0x0000808b,
  0x00000000, 0x80000001, 0x00000000, 0x80008081, 0x80000000, 0x00008009, 0x80000000, 0x0000008a, 0x00000000,
  0x00000088, 0x00000000, 0x80008009, 0x00000000, 0x8000000a, 0x00000000, 0x8000808b, 0x00000000, 0x0000008b,
  0x80000000, 0x00008089, 0x80000000, 0x00008003, 0x80000000, 0x00008002, 0x80000000, 0x00000080, 0x80000000,
  0x0000800a, 0x00000000, 0x8000000a, 0x80000000, 0x80008081, 0x80000000, 0x00008080, 0x80000000, 0x80000001,
  0x00000000, 0x80008008, 0x80000000,
]

/** permute(state): keccak-f[1600] on the 25 little-endian lanes at `state`, kept in locals through the 24 rounds. */
function permute(): WasmFunction {
  const p = 0
  const a = (i: number) => 1 + i
  const b = (i: number) => 26 + i
  const c = (x: number) => 51 + x
  const d = 56
  const round = 57
  const code: number[][] = []
  for (let i = 0; i < 25; i++) code.push(op.get(p), op.i64Load(8 * i), op.set(a(i)))
  code.push(op.i32Const(0), op.set(round), op.loop)
  for (let x = 0; x < 5; x++) {
    code.push(op.get(a(x)))
    for (let y = 1; y < 5; y++) code.push(op.get(a(x + 5 * y)), op.i64Xor)
    code.push(op.set(c(x)))
  }
  for (let x = 0; x < 5; x++) {
    code.push(op.get(c((x + 4) % 5)), op.get(c((x + 1) % 5)), op.i64Const(1), op.i64Rotl, op.i64Xor, op.set(d))
    for (let y = 0; y < 5; y++) {
      const rotation = RHO[x]?.[y] as number
      code.push(op.get(a(x + 5 * y)), op.get(d), op.i64Xor)
      if (rotation !== 0) code.push(op.i64Const(rotation), op.i64Rotl)
      code.push(op.set(b(y + 5 * ((2 * x + 3 * y) % 5))))
    }
  }
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 5; x++) {
      const lane = (dx: number) => b(((x + dx) % 5) + 5 * y)
      code.push(
        op.get(lane(0)),
        op.get(lane(1)),
        op.i64Const(-1),
        op.i64Xor,
        op.get(lane(2)),
        op.i64And,
        op.i64Xor,
        op.set(a(x + 5 * y)),
      )
    }
  }
  code.push(op.get(a(0)), op.get(round), op.i64Load(0), op.i64Xor, op.set(a(0)))
  code.push(op.get(round), op.i32Const(8), op.i32Add, op.tee(round), op.i32Const(192), op.i32LtU, op.brIf(0), op.end)
  for (let i = 0; i < 25; i++) code.push(op.get(p), op.get(a(i)), op.i64Store(8 * i))
  return {
    type: 0,
    locals: [
      [56, I64],
      [1, I32],
    ],
    code: code.flat(),
  }
}

/** Zeroes the state, copies `length` bytes from the address in local `from` into it, and pads. */
function absorb(from: number, length: number, j: number): number[][] {
  const code: number[][] = []
  for (let lane = 0; lane < 25; lane++) code.push(op.i32Const(STATE), op.i64Const(0), op.i64Store(8 * lane))
  // Whole words, then the remaining bytes.
  code.push(op.i32Const(0), op.set(j), op.block, op.loop)
  code.push(op.get(j), op.i32Const(8), op.i32Add, op.get(length), op.i32GtU, op.brIf(1))
  code.push(op.get(j), op.i32Const(STATE), op.i32Add, op.get(from), op.get(j), op.i32Add, op.i64Load(0), op.i64Store(0))
  code.push(op.get(j), op.i32Const(8), op.i32Add, op.set(j), op.br(0), op.end, op.end)
  code.push(op.block, op.loop, op.get(j), op.get(length), op.i32GeU, op.brIf(1))
  code.push(
    op.get(j),
    op.i32Const(STATE),
    op.i32Add,
    op.get(from),
    op.get(j),
    op.i32Add,
    op.i32Load8U(0),
    op.i32Store8(0),
  )
  code.push(op.get(j), op.i32Const(1), op.i32Add, op.set(j), op.br(0), op.end, op.end)
  code.push(
    op.get(length),
    op.i32Const(STATE),
    op.i32Add,
    op.get(length),
    op.i32Load8U(STATE),
    op.i32Const(1),
    op.i32Xor,
    op.i32Store8(0),
  )
  code.push(
    op.i32Const(0),
    op.i32Const(0),
    op.i32Load8U(STATE + 135),
    op.i32Const(0x80),
    op.i32Xor,
    op.i32Store8(STATE + 135),
  )
  return code
}

/** Copies the 32-byte digest from the state to the address in local `to`. */
const squeeze = (to: number): number[][] =>
  [0, 1, 2, 3].map((lane) => [
    ...op.get(to),
    ...op.i32Const(0),
    ...op.i64Load(STATE + 8 * lane),
    ...op.i64Store(8 * lane),
  ])

/**
 * hashBlocks(input, stride, length, output, count): Keccak-256 of `count` inputs of `length` (< 136) bytes, `stride`
 * bytes apart, to 32-byte digests packed at `output`. With `output` = `input` and `stride` ≥ 32 it works in place.
 */
function hashBlocks(): WasmFunction {
  const [input, stride, length, output, count, j] = [0, 1, 2, 3, 4, 5]
  const code: number[][] = [op.block, op.loop, op.get(count), op.i32Eqz, op.brIf(1)]
  code.push(...absorb(input, length, j), op.i32Const(STATE), op.call(0), ...squeeze(output))
  code.push(op.get(input), op.get(stride), op.i32Add, op.set(input))
  code.push(op.get(output), op.i32Const(32), op.i32Add, op.set(output))
  code.push(op.get(count), op.i32Const(1), op.i32Sub, op.set(count), op.br(0), op.end, op.end)
  return { type: 1, locals: [[1, I32]], code: code.flat() }
}

/**
 * hashNodes(nodes, first, last): the internal nodes `last` down to `first` of an OpenZeppelin tree array at `nodes`,
 * node i = keccak256(sort(node 2i + 1, node 2i + 2)).
 */
function hashNodes(): WasmFunction {
  const [nodes, first, last, left, right, j, low, high] = [0, 1, 2, 3, 4, 5, 6, 7]
  const code: number[][] = [op.block, op.loop, op.get(last), op.get(first), op.i32LtS, op.brIf(1)]
  code.push(op.get(nodes), op.get(last), op.i32Const(6), op.i32Shl, op.i32Add, op.i32Const(32), op.i32Add, op.tee(left))
  code.push(op.i32Const(32), op.i32Add, op.set(right))
  // The first differing byte (or the last one) decides which child comes first.
  code.push(op.i32Const(0), op.set(j), op.block, op.loop, op.get(j), op.i32Const(31), op.i32GeU, op.brIf(1))
  code.push(
    op.get(left),
    op.get(j),
    op.i32Add,
    op.i32Load8U(0),
    op.get(right),
    op.get(j),
    op.i32Add,
    op.i32Load8U(0),
    op.i32Ne,
    op.brIf(1),
  )
  code.push(op.get(j), op.i32Const(1), op.i32Add, op.set(j), op.br(0), op.end, op.end)
  code.push(op.get(right), op.get(left), op.get(left), op.get(j), op.i32Add, op.i32Load8U(0))
  code.push(op.get(right), op.get(j), op.i32Add, op.i32Load8U(0), op.i32GtU, op.select, op.set(low))
  code.push(op.get(left), op.get(right), op.i32Add, op.get(low), op.i32Sub, op.set(high))
  for (let lane = 0; lane < 4; lane++) {
    code.push(op.i32Const(STATE), op.get(low), op.i64Load(8 * lane), op.i64Store(8 * lane))
    code.push(op.i32Const(STATE), op.get(high), op.i64Load(8 * lane), op.i64Store(32 + 8 * lane))
  }
  for (let lane = 8; lane < 25; lane++)
    code.push(op.i32Const(STATE), op.i64Const(lane === 8 ? 1 : 0), op.i64Store(8 * lane))
  code.push(op.i32Const(STATE), op.i32Const(0x80), op.i32Store8(135), op.i32Const(STATE), op.call(0))
  code.push(op.get(nodes), op.get(last), op.i32Const(5), op.i32Shl, op.i32Add, op.set(left), ...squeeze(left))
  code.push(op.get(last), op.i32Const(1), op.i32Sub, op.set(last), op.br(0), op.end, op.end)
  return { type: 2, locals: [[5, I32]], code: code.flat() }
}

function assemble(): Uint8Array<ArrayBuffer> {
  // WebAssembly memory is little-endian whatever the host is.
  const iota = IOTA.flatMap((word) => [word & 255, (word >>> 8) & 255, (word >>> 16) & 255, word >>> 24])
  return encodeWasmModule({
    types: [
      { params: [I32], results: [] },
      { params: [I32, I32, I32, I32, I32], results: [] },
      { params: [I32, I32, I32], results: [] },
    ],
    functions: [permute(), hashBlocks(), hashNodes()],
    exports: { hashBlocks: 1, hashNodes: 2 },
    data: [{ offset: 0, bytes: iota }],
  })
}

/** A working area and the hashes that run over it. */
type KeccakHasher = {
  /** The working area, `size` bytes; hasher offsets are indices into it. */
  bytes: Uint8Array
  /**
   * Keccak-256 of `count` inputs of `length` (< 136) bytes, `stride` apart from `input`, to digests packed 32 bytes
   * apart from `output` (in place when `output` = `input` and `stride` ≥ 32).
   */
  hashBlocks(input: number, stride: number, length: number, output: number, count: number): void
  /** Nodes `last` down to `first` of the OpenZeppelin tree array at `nodes`, from their children. */
  hashNodes(nodes: number, first: number, last: number): void
}

let wasmModule: WebAssembly.Module | null | undefined
// Batches this long let the engine move the hot functions to its optimizing compiler early (it cannot replace a
// running call).
const BATCH = 4096

function wasmHasher(size: number): KeccakHasher | undefined {
  if (wasmModule === undefined) {
    try {
      wasmModule = new WebAssembly.Module(assemble())
    } catch {
      wasmModule = null
    }
  }
  if (wasmModule === null || HEAP + size > 2 ** 32 - PAGE) return undefined
  let memory: WebAssembly.Memory
  try {
    memory = new WebAssembly.Memory({ initial: Math.ceil((HEAP + size) / PAGE) })
  } catch {
    return undefined
  }
  const exports = new WebAssembly.Instance(wasmModule, { env: { memory } }).exports as {
    hashBlocks(input: number, stride: number, length: number, output: number, count: number): void
    hashNodes(nodes: number, first: number, last: number): void
  }
  return {
    bytes: new Uint8Array(memory.buffer, HEAP, size),
    hashBlocks(input, stride, length, output, count) {
      for (let done = 0; done < count; done += BATCH) {
        const batch = Math.min(BATCH, count - done)
        exports.hashBlocks(HEAP + input + done * stride, stride, length, HEAP + output + 32 * done, batch)
      }
    },
    hashNodes(nodes, first, last) {
      for (let top = last; top >= first; top -= BATCH)
        exports.hashNodes(HEAP + nodes, Math.max(first, top - BATCH + 1), top)
    },
  }
}

function viemHasher(size: number): KeccakHasher {
  const bytes = new Uint8Array(size)
  const pair = new Uint8Array(64)
  return {
    bytes,
    hashBlocks(input, stride, length, output, count) {
      for (let i = 0; i < count; i++) {
        const from = input + i * stride
        bytes.set(keccak256(bytes.subarray(from, from + length), 'bytes'), output + 32 * i)
      }
    },
    hashNodes(nodes, first, last) {
      for (let i = last; i >= first; i--) {
        const left = bytes.subarray(nodes + 32 * (2 * i + 1), nodes + 32 * (2 * i + 2))
        const right = bytes.subarray(nodes + 32 * (2 * i + 2), nodes + 32 * (2 * i + 3))
        const leftFirst = left.findIndex((byte, j) => byte !== right[j])
        const swap = leftFirst >= 0 && (left[leftFirst] as number) > (right[leftFirst] as number)
        pair.set(swap ? right : left, 0)
        pair.set(swap ? left : right, 32)
        bytes.set(keccak256(pair, 'bytes'), nodes + 32 * i)
      }
    },
  }
}

// Below this, viem's keccak is as fast overall (no module to compile), and a page whose CSP forbids WebAssembly is not
// sent a violation report for a tree of a few hundred leaves.
const WASM_FROM_BYTES = 64 * 1024

/**
 * A zeroed working area of `size` bytes with batch Keccak over it: WebAssembly for large areas when the engine allows
 * it, viem's keccak256 otherwise. `engine` forces one, for tests.
 */
export function createKeccakHasher(size: number, engine: 'auto' | 'wasm' | 'viem' = 'auto'): KeccakHasher {
  const wasm = engine === 'wasm' || (engine === 'auto' && size >= WASM_FROM_BYTES)
  return (wasm ? wasmHasher(size) : undefined) ?? viemHasher(size)
}
