// Byte encodings for metadata URIs. btoa/atob and TextEncoder/TextDecoder exist in browsers, workers and Node, so
// nothing here needs Buffer.

/** Standard base64 (RFC 4648 §4, with padding) of arbitrary bytes. */
function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  // Chunked because String.fromCharCode(...bytes) overflows the argument limit on large inputs.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary)
}

/** The bytes as a `data:application/json;base64,…` URI. */
export function bytesToDataURI(bytes: Uint8Array): string {
  return `data:application/json;base64,${bytesToBase64(bytes)}`
}

/** Decodes standard base64; whitespace is ignored. Throws on anything else that is not base64. */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

const percent = 0x25

/**
 * Decodes a percent-encoded data: URI body to bytes, as the WHATWG URL spec does: `%XX` becomes that byte, other
 * characters become their UTF-8 bytes, and a `%` not followed by two hex digits stays as it is.
 */
export function percentDecodeToBytes(text: string): Uint8Array {
  const input = new TextEncoder().encode(text)
  const output = new Uint8Array(input.length)
  let length = 0
  for (let i = 0; i < input.length; i++) {
    const byte = input[i] as number
    const high = hexValue(input[i + 1])
    const low = hexValue(input[i + 2])
    if (byte === percent && high !== undefined && low !== undefined) {
      output[length++] = high * 16 + low
      i += 2
    } else {
      output[length++] = byte
    }
  }
  return output.subarray(0, length)
}

function hexValue(byte: number | undefined): number | undefined {
  if (byte === undefined) return undefined
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30
  const lower = byte | 0x20
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10
  return undefined
}

/** Decodes UTF-8, throwing on invalid sequences instead of substituting U+FFFD, which would change the hash input. */
export function utf8ToString(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
}
