/** A finite double of 0 or more times 2^1074: an exact integer, so shares of doubles can be checked in BigInt. */
export function scaledByTwoTo1074(value: number): bigint {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, value)
  const bits = view.getBigUint64(0)
  const exponent = Number((bits >> 52n) & 0x7ffn)
  const fraction = bits & ((1n << 52n) - 1n)
  return exponent === 0 ? fraction : (fraction | (1n << 52n)) << BigInt(exponent - 1)
}
