import { expect } from '@open-wc/testing'
import {
  HASH_CHUNK_SIZE,
  HASH_WORKER_THRESHOLD,
  HashAbortedError,
  type HashProgress,
  HashWorkerError,
  hashContent,
  InvalidContentError,
} from '../../src/content/hashContent.js'
import { pseudoRandomBytes } from '../support/pseudoRandomBytes.js'

const MiB = 1024 * 1024

// The dev server compiles TypeScript on request but serves each file under its own name, so the worker is loaded
// from its .ts source here. The published package loads the compiled hashWorker.js beside hashContent.js, which
// is the default; the benchmark (scripts/bench/hash.ts) exercises that default on an esbuild build.
const workerUrl = new URL('../../src/content/hashWorker.ts', import.meta.url)

async function webCryptoSha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  return `0x${Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')}`
}

/** Replaces the global Worker with a subclass that records what hashContent does with it. */
function spyOnWorkers() {
  const RealWorker = globalThis.Worker
  const workers: { url: string; messages: number; terminated: boolean }[] = []
  globalThis.Worker = class extends RealWorker {
    readonly record = { url: '', messages: 0, terminated: false }
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options)
      this.record.url = String(url)
      workers.push(this.record)
      this.addEventListener('message', () => this.record.messages++)
    }
    override terminate() {
      this.record.terminated = true
      super.terminate()
    }
  }
  return { workers, restore: () => (globalThis.Worker = RealWorker) }
}

function recordProgress() {
  const reports: HashProgress[] = []
  return { reports, onProgress: (progress: HashProgress) => reports.push(progress) }
}

describe('hashContent in the browser', () => {
  let spy: ReturnType<typeof spyOnWorkers>
  beforeEach(() => {
    spy = spyOnWorkers()
  })
  afterEach(() => spy.restore())

  for (const size of [0, 1, HASH_CHUNK_SIZE - 1, HASH_CHUNK_SIZE, HASH_CHUNK_SIZE + 1]) {
    it(`equals WebCrypto for ${size} bytes as bytes, Blob and File, on the calling thread`, async () => {
      const bytes = pseudoRandomBytes(size, size + 1)
      const expected = await webCryptoSha256(bytes)
      expect(await hashContent(bytes)).to.equal(expected)
      expect(await hashContent(new Blob([bytes]))).to.equal(expected)
      expect(await hashContent(new File([bytes], 'sample.bin'))).to.equal(expected)
      expect(spy.workers).to.have.length(0)
    })
  }

  it('hashes text as UTF-8', async () => {
    const text = 'データセット 🧪 héllo'
    expect(await hashContent(text)).to.equal(await webCryptoSha256(new TextEncoder().encode(text)))
    expect(await hashContent('abc')).to.equal('0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  describe('a large file', () => {
    const size = 20 * MiB + 7
    const bytes = pseudoRandomBytes(size)
    const file = new File([bytes], 'large.bin')
    let expected: string
    before(async () => {
      expect(size).to.be.greaterThan(HASH_WORKER_THRESHOLD)
      expected = await webCryptoSha256(bytes)
    })

    it('is hashed in a worker by default, which reports progress after every chunk', async () => {
      const { reports, onProgress } = recordProgress()
      expect(await hashContent(file, { onProgress, workerUrl })).to.equal(expected)

      // The worker posted every progress report and the digest: the calling thread did not hash.
      expect(spy.workers).to.have.length(1)
      expect(spy.workers[0]?.url).to.equal(workerUrl.href)
      expect(spy.workers[0]?.messages).to.equal(reports.length + 1)
      expect(spy.workers[0]?.terminated).to.equal(true)

      expect(reports.map((report) => report.bytesHashed)).to.deep.equal(
        Array.from({ length: 20 }, (_, i) => (i + 1) * HASH_CHUNK_SIZE).concat(size),
      )
      expect(reports.every((report) => report.totalBytes === size)).to.equal(true)
    })

    it("is hashed in the worker with thread: 'worker', and on the calling thread with 'inline'", async () => {
      expect(await hashContent(file, { thread: 'worker', workerUrl })).to.equal(expected)
      expect(spy.workers.map((worker) => worker.messages > 0)).to.deep.equal([true])

      expect(await hashContent(file, { thread: 'inline' })).to.equal(expected)
      expect(spy.workers).to.have.length(1)
    })

    it("lets the page's own tasks run between chunks when hashing on the calling thread", async () => {
      const { reports, onProgress } = recordProgress()
      let reportsWhenThePageRan: number | undefined
      const channel = new MessageChannel()
      channel.port1.onmessage = () => {
        reportsWhenThePageRan = reports.length
      }
      // Queued before hashing starts, so it must run at the first chance hashContent gives the event loop.
      channel.port2.postMessage(null)
      await hashContent(file, { thread: 'inline', onProgress })
      channel.port1.close()
      expect(reportsWhenThePageRan).to.be.a('number').and.lessThan(3)
    })

    it('can be sent to the worker as a stream, which is transferred', async () => {
      const { reports, onProgress } = recordProgress()
      const hash = await hashContent(file.stream(), { thread: 'worker', workerUrl, onProgress })
      expect(hash).to.equal(expected)
      expect(spy.workers[0]?.messages).to.be.greaterThan(20)
      expect(reports.at(-1)).to.deep.equal({ bytesHashed: size, totalBytes: undefined })
    })

    it('stops the worker and rejects with HashAbortedError when the signal fires part-way', async () => {
      const controller = new AbortController()
      const reason = new Error('user pressed cancel')
      const { reports, onProgress } = recordProgress()
      const hashing = hashContent(file, {
        workerUrl,
        signal: controller.signal,
        onProgress: (progress) => {
          onProgress(progress)
          controller.abort(reason)
        },
      })
      const error = await hashing.then(
        () => undefined,
        (rejection: unknown) => rejection,
      )
      expect(error).to.be.instanceOf(HashAbortedError)
      expect((error as HashAbortedError).cause).to.equal(reason)
      expect(spy.workers).to.have.length(1)
      expect(spy.workers[0]?.terminated).to.equal(true)
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(reports).to.have.length(1)
    })

    it('falls back to the calling thread when the worker script cannot be loaded', async () => {
      const missing = new URL('/no-such-dir/hashWorker.js', location.href)
      const { reports, onProgress } = recordProgress()
      expect(await hashContent(file, { workerUrl: missing, onProgress })).to.equal(expected)
      expect(spy.workers).to.have.length(1)
      expect(spy.workers[0]?.messages).to.equal(0)
      expect(reports.at(-1)?.bytesHashed).to.equal(size)
    })

    it("rejects with HashWorkerError when the worker cannot be loaded and thread is 'worker'", async () => {
      const missing = new URL('/no-such-dir/hashWorker.js', location.href)
      const error = await hashContent(file, { workerUrl: missing, thread: 'worker' }).then(
        () => undefined,
        (rejection: unknown) => rejection,
      )
      expect(error).to.be.instanceOf(HashWorkerError)
      expect((error as HashWorkerError).shortMessage).to.match(/background worker/)
      expect(spy.workers[0]?.terminated).to.equal(true)
    })
  })

  it('rejects what is not content with InvalidContentError', async () => {
    const error = await hashContent(42 as never).then(
      () => undefined,
      (rejection: unknown) => rejection,
    )
    expect(error).to.be.instanceOf(InvalidContentError)
    expect((error as InvalidContentError).message).to.contain('got the number 42')
  })
})
