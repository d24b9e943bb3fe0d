import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import {
  ContentReadError,
  HASH_CHUNK_SIZE,
  HashAbortedError,
  type HashProgress,
  HashWorkerError,
  hashContent,
  InvalidChunkSizeError,
  InvalidContentError,
} from '../../src/content/hashContent.js'
import { pseudoRandomBytes } from '../support/pseudoRandomBytes.js'

const MiB = 1024 * 1024

const sha256 = (data: Uint8Array | string) => `0x${createHash('sha256').update(data).digest('hex')}`

/** A stream that hands the bytes over in uneven pieces, including empty ones and pieces larger than a chunk. */
function unevenStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  const sizes = [1, 0, 7, HASH_CHUNK_SIZE + 3, 64 * 1024, 0, 2 * HASH_CHUNK_SIZE - 1, 333]
  let offset = 0
  let turn = 0
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close()
      const size = sizes[turn++ % sizes.length] ?? 1
      controller.enqueue(bytes.slice(offset, offset + size))
      offset += size
    },
  })
}

function recordProgress() {
  const reports: HashProgress[] = []
  return { reports, onProgress: (progress: HashProgress) => reports.push(progress) }
}

describe('hashContent', () => {
  it('matches the SHA-256 test vectors', async () => {
    assert.equal(await hashContent(''), '0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    assert.equal(
      await hashContent(new Uint8Array()),
      '0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    )
    assert.equal(await hashContent('abc'), '0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  const sizes = [0, 1, HASH_CHUNK_SIZE - 1, HASH_CHUNK_SIZE, HASH_CHUNK_SIZE + 1, 50 * MiB]
  for (const size of sizes) {
    it(`equals node:crypto for ${size} bytes as bytes, ArrayBuffer, Blob and stream`, async () => {
      const bytes = pseudoRandomBytes(size, size + 1)
      const expected = sha256(bytes)
      assert.equal(await hashContent(bytes), expected)
      assert.equal(await hashContent(bytes.slice().buffer), expected)
      assert.equal(await hashContent(new Blob([bytes])), expected)
      assert.equal(await hashContent(unevenStream(bytes)), expected)
    })
  }

  it('hashes a view over part of a larger buffer, not the whole buffer', async () => {
    const buffer = pseudoRandomBytes(3 * HASH_CHUNK_SIZE)
    const view = buffer.subarray(12345, 12345 + HASH_CHUNK_SIZE + 17)
    assert.equal(await hashContent(view), sha256(view))
  })

  it('hashes text as UTF-8, including characters outside ASCII and across chunk boundaries', async () => {
    const samples = [
      'héllo wörld',
      'データセット 🧪 ∑',
      // A 4-byte character straddling the first chunk boundary, then a long multi-byte tail.
      `${'a'.repeat(HASH_CHUNK_SIZE - 2)}😀${'é'.repeat(HASH_CHUNK_SIZE)}`,
      // A lone surrogate becomes U+FFFD in both encoders.
      'broken \ud800 surrogate',
    ]
    for (const text of samples) assert.equal(await hashContent(text), sha256(text), text.slice(0, 20))
  })

  it('gives the same digest whatever the chunk size', async () => {
    const bytes = pseudoRandomBytes(100_003)
    for (const chunkSize of [1, 63, 64, 65, 4096, 1_000_000]) {
      assert.equal(await hashContent(bytes, { chunkSize }), sha256(bytes), `chunkSize ${chunkSize}`)
      assert.equal(await hashContent(new Blob([bytes]), { chunkSize }), sha256(bytes), `Blob, chunkSize ${chunkSize}`)
    }
  })

  describe('progress', () => {
    it('reports after every chunk, growing, and ends at the total for bytes, Blobs and text', async () => {
      const bytes = pseudoRandomBytes(5 * HASH_CHUNK_SIZE + 10)
      for (const input of [bytes, new Blob([bytes])]) {
        const { reports, onProgress } = recordProgress()
        await hashContent(input, { onProgress })
        assert.deepEqual(
          reports.map((report) => report.bytesHashed),
          [1, 2, 3, 4, 5].map((n) => n * HASH_CHUNK_SIZE).concat(bytes.length),
        )
        assert.ok(reports.every((report) => report.totalBytes === bytes.length))
      }
      const { reports, onProgress } = recordProgress()
      await hashContent('ünïcode', { onProgress })
      // Seven characters, nine UTF-8 bytes: the total counts bytes.
      assert.deepEqual(reports, [{ bytesHashed: 9, totalBytes: 9 }])
    })

    it('reports an unknown total for a stream, in whole chunks however the stream splits its bytes', async () => {
      const bytes = pseudoRandomBytes(7 * HASH_CHUNK_SIZE + 5)
      for (const input of [unevenStream(bytes), new Blob([bytes]).stream()]) {
        const { reports, onProgress } = recordProgress()
        await hashContent(input, { onProgress })
        assert.deepEqual(
          reports.map((report) => report.bytesHashed),
          [1, 2, 3, 4, 5, 6, 7].map((n) => n * HASH_CHUNK_SIZE).concat(bytes.length),
        )
        assert.ok(reports.every((report) => report.totalBytes === undefined))
      }
    })

    it('reports once, at zero, for empty content', async () => {
      for (const input of ['', new Blob([]), new ReadableStream<Uint8Array>({ start: (c) => c.close() })]) {
        const { reports, onProgress } = recordProgress()
        await hashContent(input, { onProgress })
        assert.deepEqual(
          reports.map((report) => report.bytesHashed),
          [0],
        )
      }
    })
  })

  describe('cancelling', () => {
    it('rejects with HashAbortedError, keeping the reason as cause, and stops reading', async () => {
      const bytes = pseudoRandomBytes(10 * HASH_CHUNK_SIZE)
      for (const input of [bytes, new Blob([bytes]), unevenStream(bytes)]) {
        const controller = new AbortController()
        const reason = new Error('user pressed cancel')
        const { reports, onProgress } = recordProgress()
        await assert.rejects(
          hashContent(input, {
            signal: controller.signal,
            onProgress: (progress) => {
              onProgress(progress)
              if (reports.length === 2) controller.abort(reason)
            },
          }),
          (error: unknown) => error instanceof HashAbortedError && error.cause === reason,
        )
        assert.equal(reports.length, 2)
      }
    })

    it('rejects at once for a signal that has already fired, without hashing', async () => {
      const { reports, onProgress } = recordProgress()
      await assert.rejects(hashContent('abc', { signal: AbortSignal.abort(), onProgress }), {
        name: 'HashAbortedError',
      })
      assert.equal(reports.length, 0)
    })

    it('wakes a stream read that is waiting and cancels the stream with the reason', async () => {
      const controller = new AbortController()
      let cancelledWith: unknown
      let pulls = 0
      const stalled = new ReadableStream<Uint8Array>({
        // Some bytes, then nothing more, as on a stalled network: the second request is left waiting, and aborting
        // is the only way out.
        pull: (source) => {
          if (pulls++ === 0) source.enqueue(new Uint8Array([1, 2, 3]))
          else queueMicrotask(() => controller.abort('stop'))
        },
        cancel: (reason) => {
          cancelledWith = reason
        },
      })
      const hashing = hashContent(stalled, { signal: controller.signal })
      await assert.rejects(hashing, (error: unknown) => error instanceof HashAbortedError && error.cause === 'stop')
      assert.equal(cancelledWith, 'stop')
    })
  })

  describe('errors', () => {
    it('rejects what is not content with InvalidContentError, in plain words', async () => {
      const cases: [unknown, RegExp][] = [
        [42, /got the number 42/],
        [null, /got null/],
        [undefined, /got undefined/],
        [{ bytes: [1, 2] }, /got a plain object/],
        [new Date(0), /got an object of type Date/],
      ]
      for (const [input, message] of cases) {
        await assert.rejects(hashContent(input as never), (error: unknown) => {
          assert.ok(error instanceof InvalidContentError)
          assert.equal(error.name, 'InvalidContentError')
          assert.match(error.shortMessage, /expected a file, a Blob, a stream of bytes, bytes or text/)
          assert.match(error.message, message)
          return true
        })
      }
    })

    it('rejects a stream of something other than bytes, and cancels it', async () => {
      let cancelled = false
      const strings = new ReadableStream({
        start: (controller) => controller.enqueue('not bytes'),
        cancel: () => {
          cancelled = true
        },
      })
      await assert.rejects(hashContent(strings as ReadableStream<Uint8Array>), {
        name: 'InvalidContentError',
        message: /a stream that gave text instead of bytes/,
      })
      assert.ok(cancelled)
    })

    it('rejects a stream that fails part-way with ContentReadError, keeping its error as cause', async () => {
      const failure = new Error('connection reset')
      let pulls = 0
      const failing = new ReadableStream<Uint8Array>({
        pull: (controller) => (pulls++ === 0 ? controller.enqueue(new Uint8Array(10)) : controller.error(failure)),
      })
      await assert.rejects(hashContent(failing), (error: unknown) => {
        assert.ok(error instanceof ContentReadError)
        assert.equal(error.cause, failure)
        assert.equal(error.details, 'connection reset')
        return true
      })
    })

    it('rejects a chunk size that is not a positive whole number with InvalidChunkSizeError', async () => {
      for (const chunkSize of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await assert.rejects(hashContent('abc', { chunkSize }), { name: 'InvalidChunkSizeError' }, String(chunkSize))
      }
      await assert.rejects(hashContent('abc', { chunkSize: 0 }), InvalidChunkSizeError)
    })

    it('lets an error thrown by onProgress through unchanged', async () => {
      const mine = new Error('my progress bar broke')
      await assert.rejects(
        hashContent('abc', {
          onProgress: () => {
            throw mine
          },
        }),
        (error: unknown) => error === mine,
      )
    })
  })

  describe('threads in Node', () => {
    it('hashes a large Blob on the calling thread, since Node has no Web Worker', async () => {
      assert.equal(typeof (globalThis as { Worker?: unknown }).Worker, 'undefined')
      const bytes = pseudoRandomBytes(9 * MiB)
      assert.equal(await hashContent(new Blob([bytes])), sha256(bytes))
    })

    it("rejects with HashWorkerError when asked for thread: 'worker'", async () => {
      await assert.rejects(hashContent('abc', { thread: 'worker' }), (error: unknown) => {
        assert.ok(error instanceof HashWorkerError)
        assert.match(error.message, /could not be created/)
        assert.ok(error.cause instanceof Error)
        return true
      })
    })
  })

  it('pulls in only the hashing code: no lit, no WalletConnect, no ABIs, no viem runtime', async () => {
    const entry = fileURLToPath(new URL('../../src/content/hashContent.ts', import.meta.url))
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      minify: true,
      metafile: true,
      logLevel: 'silent',
    })
    const inputs = Object.keys(result.metafile.inputs)
    const unexpected = inputs.filter(
      (path) => !/^(src\/content\/(hash\w+|sha256|trustedScriptUrl)\.ts|src\/errors\/base\.ts)$/.test(path),
    )
    assert.deepEqual(unexpected, [])
    const bytes = result.outputFiles[0]?.contents.byteLength ?? Number.POSITIVE_INFINITY
    assert.ok(bytes < 16 * 1024, `hashContent bundles to ${bytes} bytes minified`)
  })
})
