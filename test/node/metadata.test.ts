import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { type Hex, keccak256, stringToBytes } from 'viem'
import { canonicalizeJson } from '../../src/content/canonicalJson.js'
import { encodeMetadata } from '../../src/content/encodeMetadata.js'
import {
  type ContributionMetadata,
  metadataHash,
  metadataToDataURI,
  safeValidateMetadata,
  validateMetadata,
} from '../../src/content/metadata.js'
import { commonLicenses, isSpdxLicenseExpression } from '../../src/content/metadataLicense.js'
import { type MetadataFetch, resolveMetadata } from '../../src/content/resolveMetadata.js'
import { BaseError } from '../../src/errors/base.js'
import {
  CanonicalJsonError,
  MetadataFetchError,
  MetadataHashMismatchError,
  MetadataParseError,
  MetadataTooLargeError,
  MetadataValidationError,
  UnsupportedMetadataURIError,
} from '../../src/errors/metadata.js'

const emptyFileHash = '0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

const valid: ContributionMetadata = {
  name: 'Bird songs, Lisbon, May',
  description: 'Dawn chorus recorded in Estrela garden.',
  license: 'CC-BY-4.0',
  mediaType: 'audio/flac',
  byteSize: 1_048_576,
  contentHash: emptyFileHash,
  datanetId: 1,
  tags: ['birds', 'audio'],
  createdAt: '2025-05-03T12:00:00Z',
}

/** The issues validation reports for `input`, asserting it throws the named error. */
function issuesOf(input: unknown) {
  try {
    validateMetadata(input)
  } catch (error) {
    assert.ok(error instanceof MetadataValidationError)
    return error
  }
  assert.fail('expected a MetadataValidationError')
}

/** A fetch that answers from `respond` and remembers what it was asked. */
function recordingFetch(respond: (url: string) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = []
  const fetch: MetadataFetch = async (url, init) => {
    calls.push({ url, init })
    return respond(url)
  }
  return { fetch, calls }
}

const jsonResponse = (body: string, init?: ResponseInit) =>
  new Response(body, { ...init, headers: { 'content-type': 'application/json' } })

describe('validateMetadata', () => {
  it('accepts complete metadata, and metadata without the optional description and tags', () => {
    assert.deepEqual(validateMetadata(valid), valid)
    const { description: _d, tags: _t, ...required } = valid
    assert.deepEqual(validateMetadata(required), required)
  })

  it('lower-cases the content hash, so the same file always gives the same metadata', () => {
    const upper = { ...valid, contentHash: emptyFileHash.toUpperCase().replace('0X', '0x') }
    assert.equal(validateMetadata(upper).contentHash, emptyFileHash)
    assert.equal(metadataHash(upper as ContributionMetadata), metadataHash(valid))
  })

  it('accepts the limits themselves', () => {
    const atLimits = {
      ...valid,
      name: 'n'.repeat(200),
      description: 'd'.repeat(5000),
      byteSize: 0,
      datanetId: Number.MAX_SAFE_INTEGER,
      tags: Array.from({ length: 32 }, (_, i) => `${i}`.padEnd(50, 't')),
      createdAt: '2024-02-29T23:59:59.999Z',
    }
    assert.deepEqual(validateMetadata(atLimits), atLimits)
  })

  const invalidFields: [field: keyof ContributionMetadata, value: unknown, message: RegExp][] = [
    ['name', '', /Give the contribution a name/],
    ['name', '   ', /Give the contribution a name/],
    ['name', 'n'.repeat(201), /200 characters or fewer/],
    ['name', 42, /Give the contribution a name/],
    ['description', 'd'.repeat(5001), /5,000 characters or fewer/],
    ['license', 'Creative Commons Attribution', /^Use an SPDX licence identifier such as CC-BY-4\.0\.$/],
    ['license', 'MIT or Apache-2.0', /SPDX licence identifier/],
    ['license', '', /SPDX licence identifier/],
    ['mediaType', 'png', /type\/subtype, such as text\/plain/],
    ['mediaType', 'image/', /type\/subtype/],
    ['byteSize', -1, /cannot be negative/],
    ['byteSize', 1.5, /whole number of bytes/],
    ['byteSize', 2 ** 53, /whole number of bytes/],
    ['byteSize', '1024', /whole number of bytes/],
    ['contentHash', '0x1234', /0x followed by 64 hexadecimal characters/],
    ['contentHash', emptyFileHash.slice(2), /0x followed by 64 hexadecimal characters/],
    ['contentHash', `0x${'g'.repeat(64)}`, /0x followed by 64 hexadecimal characters/],
    ['datanetId', 0, /whole number from 1 up/],
    ['datanetId', 1.5, /whole number from 1 up/],
    ['datanetId', '1', /whole number from 1 up/],
    ['tags', Array.from({ length: 33 }, () => 'tag'), /at most 32 tags/],
    ['tags', ['ok', ''], /Tags cannot be empty/],
    ['tags', ['t'.repeat(51)], /50 characters or fewer/],
    ['tags', 'birds, audio', /list/],
    ['createdAt', '2025-05-03', /ISO 8601 UTC timestamp, such as 2025-05-03T12:00:00Z/],
    ['createdAt', '2025-05-03T14:00:00+02:00', /ISO 8601 UTC timestamp/],
    ['createdAt', '2025-02-30T12:00:00Z', /ISO 8601 UTC timestamp/],
    ['createdAt', 'yesterday', /ISO 8601 UTC timestamp/],
  ]
  for (const [field, value, message] of invalidFields) {
    it(`rejects ${field} = ${JSON.stringify(value).slice(0, 40)} with a plain message for that field`, () => {
      const error = issuesOf({ ...valid, [field]: value })
      assert.equal(error.issues.length, 1)
      assert.equal(error.issues[0]?.field, field)
      assert.match(error.issues[0]?.message ?? '', message)
      assert.match(error.shortMessage, new RegExp(`\\b${field}\\b`))
      assert.ok(error instanceof BaseError)
      assert.equal(error.name, 'MetadataValidationError')
    })
  }

  it('names every missing required field, and no optional one', () => {
    const error = issuesOf({})
    assert.deepEqual(error.issues.map((issue) => issue.field).sort(), [
      'byteSize',
      'contentHash',
      'createdAt',
      'datanetId',
      'license',
      'mediaType',
      'name',
    ])
  })

  it('rejects unknown keys, one issue per key, so nothing extra can ride inside the hashed document', () => {
    const error = issuesOf({ ...valid, price: 5, owner: '0xabc' })
    assert.deepEqual(
      error.issues.map((issue) => issue.field),
      ['price', 'owner'],
    )
    assert.match(error.issues[0]?.message ?? '', /not a metadata field/)
  })

  it('rejects anything that is not an object', () => {
    for (const input of [null, 'metadata', 42, [valid]]) {
      assert.deepEqual(issuesOf(input).issues, [{ field: 'metadata', message: 'The metadata must be an object.' }])
    }
  })

  it('reports every problem at once, the first one per field in fieldErrors, without throwing', () => {
    const result = safeValidateMetadata({ ...valid, name: '', license: 'CC BY', datanetId: -3 })
    assert.equal(result.success, false)
    if (result.success) return
    assert.deepEqual(Object.keys(result.fieldErrors).sort(), ['datanetId', 'license', 'name'])
    assert.equal(result.fieldErrors.license, 'Use an SPDX licence identifier such as CC-BY-4.0.')
    assert.equal(result.fieldErrors.byteSize, undefined)
  })
})

describe('licences', () => {
  it('accepts SPDX identifiers, LicenseRefs and expressions', () => {
    for (const license of [
      ...commonLicenses.map(({ id }) => id),
      'LicenseRef-acme-data-1.0',
      'DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2',
      'GPL-2.0+',
      'MIT OR Apache-2.0',
      '(CC-BY-4.0 AND ODbL-1.0) OR LicenseRef-custom',
      'GPL-2.0-or-later WITH Classpath-exception-2.0',
    ]) {
      assert.equal(isSpdxLicenseExpression(license), true, license)
      assert.equal(validateMetadata({ ...valid, license }).license, license)
    }
  })

  it('refuses free text, lower-case operators and unbalanced or dangling expressions', () => {
    for (const license of ['Public domain', 'CC BY 4.0', 'mit or apache-2.0', '(MIT', 'MIT)', 'MIT AND', 'WITH', '']) {
      assert.equal(isSpdxLicenseExpression(license), false, license)
    }
  })
})

describe('canonicalizeJson (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units, as in the RFC 8785 §3.2.3 example', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    }
    // The emoji's high surrogate (U+D83D) sorts before U+FB33, although its code point (U+1F600) is larger.
    assert.equal(
      canonicalizeJson(input),
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    )
  })

  it('reproduces the RFC 8785 §3.2.2 example', () => {
    const input = JSON.parse(`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
      "literals": [null, true, false]
    }`)
    assert.equal(
      canonicalizeJson(input),
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    )
  })

  it('writes numbers as ECMAScript does', () => {
    const fromBits = (hex: string) => new DataView(Uint8Array.from(Buffer.from(hex, 'hex')).buffer).getFloat64(0)
    const cases: [number, string][] = [
      [1e21, '1e+21'],
      [1e20, '100000000000000000000'],
      [1e-7, '1e-7'],
      [0.000001, '0.000001'],
      [-0, '0'],
      [Number('333333333.33333329'), '333333333.3333333'],
      [-1.5, '-1.5'],
      [fromBits('0000000000000001'), '5e-324'],
      [fromBits('7fefffffffffffff'), '1.7976931348623157e+308'],
      [fromBits('4340000000000000'), '9007199254740992'],
      [fromBits('8000000000000000'), '0'],
    ]
    for (const [value, expected] of cases) assert.equal(canonicalizeJson(value), expected, expected)
  })

  it('escapes strings as JSON.stringify does: control characters, quote and backslash, and nothing else', () => {
    assert.equal(canonicalizeJson('\b\t\n\f\r\u0001\u001f'), '"\\b\\t\\n\\f\\r\\u0001\\u001f"')
    assert.equal(canonicalizeJson('"\\'), '"\\"\\\\"')
    assert.equal(canonicalizeJson('/ é 日本 😀 \u2028'), '"/ é 日本 😀 \u2028"')
  })

  it('writes no whitespace, keeps array order, sorts nested keys and leaves out undefined values', () => {
    assert.equal(
      canonicalizeJson({ b: [3, 1, { z: 1, a: [] }], a: { y: null, x: true }, c: undefined }),
      '{"a":{"x":true,"y":null},"b":[3,1,{"a":[],"z":1}]}',
    )
  })

  it('serialises toJSON values (such as Date) and objects without a prototype', () => {
    const bare = Object.assign(Object.create(null), { b: 1, a: 2 })
    assert.equal(canonicalizeJson({ at: new Date(0), bare }), '{"at":"1970-01-01T00:00:00.000Z","bare":{"a":2,"b":1}}')
  })

  it('allows the same object twice, but not an object inside itself', () => {
    const shared = { x: 1 }
    assert.equal(canonicalizeJson([shared, shared]), '[{"x":1},{"x":1}]')
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    assert.throws(() => canonicalizeJson(cyclic), CanonicalJsonError)
  })

  const unserialisable: [string, unknown, string][] = [
    ['NaN', { a: Number.NaN }, '/a'],
    ['Infinity', [1, Number.POSITIVE_INFINITY], '/1'],
    ['-Infinity', Number.NEGATIVE_INFINITY, ''],
    ['a BigInt', { amount: 10n }, '/amount'],
    ['a function', { f: () => 1 }, '/f'],
    ['a symbol', [Symbol('s')], '/0'],
    ['undefined in an array', [1, undefined], '/1'],
    ['a hole in an array', Object.assign(new Array(3), { 0: 1, 2: 3 }), '/1'],
    ['a lone surrogate', { k: 'a\ud800b' }, '/k'],
    ['a lone surrogate in a key', { 'a/\udc00': 1 }, '/a~1\udc00'],
    ['a Map', { m: new Map() }, '/m'],
    ['a class instance', { point: new (class Point {})() }, '/point'],
  ]
  for (const [what, value, path] of unserialisable) {
    it(`refuses ${what} with CanonicalJsonError`, () => {
      assert.throws(
        () => canonicalizeJson(value),
        (error) => error instanceof CanonicalJsonError && error.name === 'CanonicalJsonError' && error.path === path,
      )
    })
  }

  it('is a fixed point and loses nothing, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'grapheme' }), (value) => {
        const canonical = canonicalizeJson(value)
        assert.deepEqual(JSON.parse(canonical), JSON.parse(JSON.stringify(value)))
        assert.equal(canonicalizeJson(JSON.parse(canonical)), canonical)
      }),
    )
  })

  it('does not depend on key insertion order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'grapheme' }), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse())
        assert.equal(canonicalizeJson(reversed), canonicalizeJson(record))
      }),
    )
  })
})

describe('metadataHash and metadataToDataURI', () => {
  it('hashes the canonical UTF-8 bytes with keccak256, whatever the key order of the input', () => {
    const reordered = Object.fromEntries(Object.entries(valid).reverse()) as ContributionMetadata
    const expected = keccak256(stringToBytes(canonicalizeJson(valid)))
    assert.equal(metadataHash(valid), expected)
    assert.equal(metadataHash(reordered), expected)
    assert.notEqual(metadataHash({ ...valid, datanetId: 2 }), expected)
  })

  it('refuses to hash invalid metadata', () => {
    assert.throws(() => metadataHash({ ...valid, license: 'Creative Commons' }), MetadataValidationError)
  })

  it('encodes the canonical JSON as a base64 data URI, including non-ASCII text', () => {
    const metadata = { ...valid, name: 'Café 日本 🎶', tags: ['é', '日本', '🐦'] }
    const uri = metadataToDataURI(metadata)
    assert.match(uri, /^data:application\/json;base64,[A-Za-z0-9+/]+=*$/)
    const decoded = Buffer.from(uri.slice(uri.indexOf(',') + 1), 'base64').toString('utf8')
    assert.equal(decoded, canonicalizeJson(metadata))
    assert.deepEqual(JSON.parse(decoded), metadata)
  })
})

describe('encodeMetadata', () => {
  const decodedBytes = (uri: string) => new Uint8Array(Buffer.from(uri.slice(uri.indexOf(',') + 1), 'base64'))

  it('hashes the canonical UTF-8 bytes with keccak256, and puts the same bytes in its data: URI', () => {
    const input = { ...valid, name: 'Café 日本 🎶', tags: ['é', '🐦'] }
    const reordered = Object.fromEntries(Object.entries(input).reverse())
    const canonical = stringToBytes(canonicalizeJson(input))
    for (const candidate of [input, reordered]) {
      const { metadata, metadataHash: hash, metadataURI } = encodeMetadata(candidate)
      assert.deepEqual(metadata, input)
      assert.equal(hash, keccak256(canonical))
      assert.match(metadataURI, /^data:application\/json;base64,[A-Za-z0-9+/]+=*$/)
      assert.deepEqual(decodedBytes(metadataURI), canonical)
    }
  })

  it('returns the metadata normalised, and the same hash and URI as metadataHash and metadataToDataURI', () => {
    const upper = { ...valid, contentHash: emptyFileHash.toUpperCase().replace('0X', '0x') }
    const encoded = encodeMetadata(upper)
    assert.equal(encoded.metadata.contentHash, emptyFileHash)
    assert.equal(encoded.metadataHash, metadataHash(valid))
    assert.equal(encoded.metadataURI, metadataToDataURI(valid))
    assert.notEqual(encodeMetadata({ ...valid, datanetId: 2 }).metadataHash, encoded.metadataHash)
  })

  it('throws MetadataValidationError, naming each field to fix, for invalid metadata', () => {
    assert.throws(
      () => encodeMetadata({ ...valid, name: ' ', license: 'Creative Commons' }),
      (error) =>
        error instanceof MetadataValidationError &&
        error.name === 'MetadataValidationError' &&
        error.issues.map((issue) => issue.field).join() === 'name,license',
    )
    assert.throws(() => encodeMetadata({ ...valid, colour: 'blue' }), MetadataValidationError)
  })
})

describe('resolveMetadata', () => {
  const expectedHash = metadataHash(valid)

  it('reads a data: URI made by metadataToDataURI, including non-ASCII text', async () => {
    const metadata = { ...valid, name: 'Café 日本 🎶', description: 'Ünïcödé ✓' }
    const resolved = await resolveMetadata(metadataToDataURI(metadata), { expectedHash: metadataHash(metadata) })
    assert.deepEqual(resolved, metadata)
  })

  it('reads percent-encoded data: URIs, and accepts any JSON layout that canonicalises to the hash', async () => {
    const pretty = JSON.stringify(Object.fromEntries(Object.entries(valid).reverse()), null, 2)
    const uri = `data:application/json,${encodeURIComponent(pretty)}`
    assert.deepEqual(await resolveMetadata(uri, { expectedHash }), valid)
    assert.deepEqual(
      await resolveMetadata(uri, { expectedHash: expectedHash.toUpperCase().replace('0X', '0x') as Hex }),
      valid,
    )
  })

  it('detects tampering: a changed document throws MetadataHashMismatchError with both hashes', async () => {
    const tampered = { ...valid, name: 'Bird songs, Porto, May' }
    await assert.rejects(
      resolveMetadata(metadataToDataURI(tampered), { expectedHash }),
      (error) =>
        error instanceof MetadataHashMismatchError &&
        error.name === 'MetadataHashMismatchError' &&
        error.expectedHash === expectedHash &&
        error.actualHash === metadataHash(tampered),
    )
  })

  it('reports a document that is not the registered one as a mismatch even if it is also invalid', async () => {
    const smuggled = `data:application/json,${encodeURIComponent(JSON.stringify({ ...valid, payTo: '0xbad' }))}`
    await assert.rejects(resolveMetadata(smuggled, { expectedHash }), MetadataHashMismatchError)
  })

  it('reports the registered document itself being invalid as a validation error', async () => {
    const invalid = { ...valid, license: 'Free for all' }
    const hashOfInvalid = keccak256(stringToBytes(canonicalizeJson(invalid)))
    const uri = `data:application/json,${encodeURIComponent(JSON.stringify(invalid))}`
    await assert.rejects(
      resolveMetadata(uri, { expectedHash: hashOfInvalid }),
      (error) => error instanceof MetadataValidationError && error.issues[0]?.field === 'license',
    )
  })

  it('throws MetadataParseError for bytes that are not JSON, and for broken base64', async () => {
    for (const uri of ['data:application/json,{"name":', 'data:application/json;base64,%%%', 'data:no-comma']) {
      await assert.rejects(resolveMetadata(uri, { expectedHash }), MetadataParseError, uri)
    }
  })

  it('fetches https: URIs with the given fetch, without credentials', async () => {
    const { fetch, calls } = recordingFetch(() => jsonResponse(canonicalizeJson(valid)))
    const resolved = await resolveMetadata('  https://meta.example.org/c/1.json\n', { expectedHash, fetch })
    assert.deepEqual(resolved, valid)
    assert.equal(calls.length, 1)
    assert.equal(calls[0]?.url, 'https://meta.example.org/c/1.json')
    assert.equal(calls[0]?.init.credentials, 'omit')
  })

  it('rewrites ipfs:// URIs to the gateway', async () => {
    const cid = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi'
    const cases: [uri: string, gateway: string | undefined, url: string][] = [
      [`ipfs://${cid}/metadata.json`, undefined, `https://ipfs.io/ipfs/${cid}/metadata.json`],
      [`ipfs://${cid}`, undefined, `https://ipfs.io/ipfs/${cid}`],
      [`IPFS://ipfs/${cid}/a/b.json`, undefined, `https://ipfs.io/ipfs/${cid}/a/b.json`],
      [`ipfs://${cid}/m.json`, 'https://gw.example.org/ipfs', `https://gw.example.org/ipfs/${cid}/m.json`],
    ]
    for (const [uri, ipfsGateway, url] of cases) {
      const { fetch, calls } = recordingFetch(() => jsonResponse(canonicalizeJson(valid)))
      const resolved = await resolveMetadata(uri, { expectedHash, fetch, ...(ipfsGateway ? { ipfsGateway } : {}) })
      assert.deepEqual(resolved, valid)
      assert.deepEqual(
        calls.map((call) => call.url),
        [url],
      )
    }
  })

  it('keeps ipfs paths inside their content and refuses a plain-http gateway', async () => {
    const { fetch, calls } = recordingFetch(() => jsonResponse(canonicalizeJson(valid)))
    await assert.rejects(resolveMetadata('ipfs://bafyabc/../../evil.json', { expectedHash, fetch }), MetadataParseError)
    await assert.rejects(resolveMetadata('ipfs://bafyabc/%2e%2e/x', { expectedHash, fetch }), MetadataParseError)
    await assert.rejects(
      resolveMetadata('ipfs://bafyabc/m.json', { expectedHash, fetch, ipfsGateway: 'http://gw.example.org/ipfs/' }),
      UnsupportedMetadataURIError,
    )
    assert.equal(calls.length, 0)
  })

  it('refuses http:, file:, javascript: and disguised variants without fetching anything', async () => {
    const { fetch, calls } = recordingFetch(() => jsonResponse(canonicalizeJson(valid)))
    const refused: [uri: string, scheme: string][] = [
      ['javascript:alert(1)', 'javascript'],
      ['JaVaScRiPt:alert(1)', 'javascript'],
      [' java\tscript:alert(1)', 'javascript'],
      ['\u0000\u001f javascript:alert(1)', 'javascript'],
      ['java\r\nscript:alert(1)', 'javascript'],
      ['vbscript:msgbox(1)', 'vbscript'],
      ['http://meta.example.org/1.json', 'http'],
      ['HTTP://meta.example.org/1.json', 'http'],
      ['\thttp://meta.example.org/1.json', 'http'],
      ['ht\ntp://meta.example.org/1.json', 'http'],
      ['file:///etc/passwd', 'file'],
      ['FILE:///etc/passwd', 'file'],
      ['blob:https://meta.example.org/0b9f', 'blob'],
      ['ftp://meta.example.org/1.json', 'ftp'],
      ['//meta.example.org/1.json', ''],
      ['metadata.json', ''],
      ['\u00a0https://meta.example.org/1.json', ''],
      ['constructor:x', 'constructor'],
    ]
    for (const [uri, scheme] of refused) {
      await assert.rejects(
        resolveMetadata(uri, { expectedHash, fetch }),
        (error) =>
          error instanceof UnsupportedMetadataURIError &&
          error.name === 'UnsupportedMetadataURIError' &&
          error.scheme === scheme,
        JSON.stringify(uri),
      )
    }
    assert.equal(calls.length, 0)
  })

  it('refuses a redirect that ends on plain http', async () => {
    const { fetch } = recordingFetch(() => {
      const response = jsonResponse(canonicalizeJson(valid))
      Object.defineProperty(response, 'url', { value: 'http://meta.example.org/1.json' })
      return response
    })
    await assert.rejects(
      resolveMetadata('https://meta.example.org/1.json', { expectedHash, fetch }),
      UnsupportedMetadataURIError,
    )
  })

  it('throws MetadataFetchError with the status for a non-OK answer', async () => {
    const { fetch } = recordingFetch(() => jsonResponse('{"error":"not found"}', { status: 404 }))
    await assert.rejects(
      resolveMetadata('https://meta.example.org/missing.json', { expectedHash, fetch }),
      (error) =>
        error instanceof MetadataFetchError &&
        error.status === 404 &&
        error.url === 'https://meta.example.org/missing.json',
    )
  })

  it('throws MetadataFetchError that keeps the network error as its cause', async () => {
    const offline = new TypeError('fetch failed')
    const fetch: MetadataFetch = () => Promise.reject(offline)
    await assert.rejects(
      resolveMetadata('https://meta.example.org/1.json', { expectedHash, fetch }),
      (error) => error instanceof MetadataFetchError && error.status === undefined && error.cause === offline,
    )
  })

  it('lets an aborted read fail as an abort, not as a network problem', async () => {
    const controller = new AbortController()
    controller.abort()
    const fetch: MetadataFetch = async () => jsonResponse(canonicalizeJson(valid))
    await assert.rejects(
      resolveMetadata('https://meta.example.org/1.json', { expectedHash, fetch, signal: controller.signal }),
      { name: 'AbortError' },
    )
  })

  describe('size cap', () => {
    const maxBytes = 1024
    const big = { ...valid, description: 'd'.repeat(2000) }

    it('refuses data: URIs over the cap, base64 or percent-encoded', async () => {
      for (const uri of [
        metadataToDataURI(big),
        `data:application/json,${encodeURIComponent(canonicalizeJson(big))}`,
      ]) {
        for (const cap of [maxBytes, 64]) {
          await assert.rejects(
            resolveMetadata(uri, { expectedHash: metadataHash(big), maxBytes: cap }),
            MetadataTooLargeError,
          )
        }
      }
      // The same document passes under the default 64 KiB cap.
      assert.deepEqual(await resolveMetadata(metadataToDataURI(big), { expectedHash: metadataHash(big) }), big)
    })

    it('refuses an https answer whose Content-Length is over the cap, before reading it', async () => {
      const { fetch } = recordingFetch(
        () => new Response(canonicalizeJson(big), { headers: { 'content-length': '2500' } }),
      )
      await assert.rejects(
        resolveMetadata('https://meta.example.org/big.json', { expectedHash: metadataHash(big), fetch, maxBytes }),
        (error) => error instanceof MetadataTooLargeError && error.byteLength === 2500 && error.maxBytes === maxBytes,
      )
    })

    it('stops reading an endless https body soon after the cap', async () => {
      let pulls = 0
      let cancelled = false
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulls++
          controller.enqueue(new Uint8Array(256).fill(0x20))
        },
        cancel() {
          cancelled = true
        },
      })
      const { fetch } = recordingFetch(() => new Response(endless))
      await assert.rejects(
        resolveMetadata('https://meta.example.org/endless.json', { expectedHash, fetch, maxBytes }),
        MetadataTooLargeError,
      )
      assert.ok(pulls <= maxBytes / 256 + 3, `pulled ${pulls} chunks`)
      assert.equal(cancelled, true)
    })
  })

  it('uses a resolver plugged in for another scheme, and still verifies what it returns', async () => {
    const seen: string[] = []
    const resolvers = {
      ar: async (uri: string) => {
        seen.push(uri)
        return canonicalizeJson(valid)
      },
    }
    assert.deepEqual(await resolveMetadata('ar://abc123', { expectedHash, resolvers }), valid)
    assert.deepEqual(seen, ['ar://abc123'])
    await assert.rejects(
      resolveMetadata('ar://abc123', { expectedHash: metadataHash({ ...valid, datanetId: 9 }), resolvers }),
      MetadataHashMismatchError,
    )
    await assert.rejects(
      resolveMetadata('ar://abc123', { expectedHash, resolvers, maxBytes: 10 }),
      MetadataTooLargeError,
    )
  })
})
