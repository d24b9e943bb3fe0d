import { CanonicalJsonError } from '../errors/metadata.js'

// In a `u` regex a surrogate pair is one code point, so this matches only unpaired halves.
const loneSurrogate = /[\uD800-\uDFFF]/u

/**
 * Serialises a JSON value the RFC 8785 (JSON Canonicalization Scheme) way, so equal data always gives equal bytes
 * and therefore equal hashes: object keys sorted by UTF-16 code units, no whitespace, numbers and strings written as
 * ECMAScript's `JSON.stringify` writes them, array order kept, and keys whose value is `undefined` left out.
 *
 * Values JSON cannot carry faithfully (NaN, ±Infinity, BigInt, functions, symbols, `undefined` in an array, lone
 * surrogates, cycles, Maps, Sets and other class instances) throw {@link CanonicalJsonError} instead of being
 * silently dropped or turned into `null` as `JSON.stringify` would. Objects with a `toJSON` method (such as `Date`)
 * are serialised through it, as `JSON.stringify` does.
 *
 * @example
 * canonicalizeJson({ b: [1e21, -0], a: 'é' }) // '{"a":"é","b":[1e+21,0]}'
 */
export function canonicalizeJson(value: unknown): string {
  return serialize(value, '', '', new Set())
}

function serialize(input: unknown, key: string, path: string, ancestors: Set<object>): string {
  // Called once per value, like JSON.stringify does, so a toJSON that returns another such object cannot loop.
  const value =
    typeof input === 'object' && input !== null && typeof (input as { toJSON?: unknown }).toJSON === 'function'
      ? (input as { toJSON(key: string): unknown }).toJSON(key)
      : input
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${value} is not a JSON number`, path)
      // ECMAScript's Number-to-string is exactly RFC 8785's number format, and JSON.stringify(-0) is already '0'.
      return JSON.stringify(value)
    case 'string':
      return serializeString(value, path)
    case 'bigint':
      throw new CanonicalJsonError('a BigInt has no exact JSON form; convert it to a string first', path)
    case 'undefined':
      throw new CanonicalJsonError('undefined is not a JSON value', path)
    case 'function':
    case 'symbol':
      throw new CanonicalJsonError(`a ${typeof value} is not a JSON value`, path)
  }

  const object = value as object
  if (ancestors.has(object)) throw new CanonicalJsonError('it contains itself', path)
  ancestors.add(object)
  try {
    if (Array.isArray(object)) {
      const items: string[] = []
      for (let i = 0; i < object.length; i++) items.push(serialize(object[i], String(i), `${path}/${i}`, ancestors))
      return `[${items.join(',')}]`
    }
    const prototype = Object.getPrototypeOf(object)
    if (prototype !== Object.prototype && prototype !== null) {
      const kind = (object as { constructor?: { name?: string } }).constructor?.name || 'class instance'
      throw new CanonicalJsonError(`a ${kind} is not plain JSON data`, path)
    }
    const record = object as Record<string, unknown>
    const members: string[] = []
    // Default sort compares UTF-16 code units, which is exactly the order RFC 8785 asks for.
    for (const key of Object.keys(record).sort()) {
      const child = record[key]
      if (child === undefined) continue
      const childPath = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`
      members.push(`${serializeString(key, childPath)}:${serialize(child, key, childPath, ancestors)}`)
    }
    return `{${members.join(',')}}`
  } finally {
    ancestors.delete(object)
  }
}

function serializeString(value: string, path: string): string {
  // RFC 8785 requires I-JSON (RFC 7493), which forbids unpaired surrogates: they have no UTF-8 encoding.
  if (loneSurrogate.test(value)) throw new CanonicalJsonError('the text contains a broken Unicode character', path)
  return JSON.stringify(value)
}
