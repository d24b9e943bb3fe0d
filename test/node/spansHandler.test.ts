import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import type { Hex } from 'viem'
import {
  buildSpanIndex,
  createTraceHandler,
  spanIndexHash,
  type TraceErrorBody,
  type TraceResponse,
  traceSpans,
} from '../../src/attribution/index.js'

const texts = ['Contributors deserve rewards for the data that made the model better.', 'Le café crème 🙂 du matin.']
const index = buildSpanIndex({
  documents: texts.map((text) => {
    const bytes = new TextEncoder().encode(text)
    return { contentHash: `0x${createHash('sha256').update(bytes).digest('hex')}` as Hex, bytes }
  }),
})
const trace = createTraceHandler({ index, maxOutputLength: 200 })
const post = (body: unknown, init: RequestInit = {}) =>
  trace(
    new Request('https://trace.example/trace', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      ...init,
    }),
  )

describe('createTraceHandler', () => {
  it('answers a trace with the index hash and the spans traceSpans finds', async () => {
    const output = 'I think contributors deserve rewards for the data, and le café crème 🙂 du matin.'
    const response = await post({ output, minLength: 16 })
    assert.equal(response.status, 200)
    assert.equal(response.headers.get('access-control-allow-origin'), '*')
    assert.equal(response.headers.get('content-type'), 'application/json')
    const body = (await response.json()) as TraceResponse
    assert.deepEqual(body, { indexHash: spanIndexHash(index), spans: traceSpans(index, output, { minLength: 16 }) })
    assert.deepEqual(
      body.spans.map((span) => span.text),
      ['ontributors deserve rewards for the data', 'e café crème 🙂 du matin.'],
    )
  })

  it('uses the default minimum length when none is sent', async () => {
    const output = 'contributors deserve rewards for the data'
    const body = (await (await post({ output })).json()) as TraceResponse
    assert.deepEqual(body.spans, traceSpans(index, output))
    assert.equal(body.spans.length, 1)
  })

  it('answers a CORS preflight, and refuses other methods with 405', async () => {
    const preflight = await trace(new Request('https://trace.example/trace', { method: 'OPTIONS' }))
    assert.equal(preflight.status, 204)
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*')
    assert.equal(preflight.headers.get('access-control-allow-methods'), 'POST, OPTIONS')
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'content-type')
    const get = await trace(new Request('https://trace.example/trace'))
    assert.equal(get.status, 405)
    assert.equal(get.headers.get('allow'), 'POST, OPTIONS')
    assert.equal(((await get.json()) as TraceErrorBody).error.name, 'TraceRequestError')
  })

  it('refuses requests it cannot read with 400 and a named error', async () => {
    const refusals: [unknown, string][] = [
      ['{not json', 'TraceRequestError'],
      [{}, 'TraceRequestError'],
      [null, 'TraceRequestError'],
      [{ output: 42 }, 'TraceRequestError'],
      [{ output: 'x'.repeat(201) }, 'InvalidTraceParameterError'],
      [{ output: 'text', minLength: 0 }, 'InvalidTraceParameterError'],
      [{ output: 'text', minLength: 7 }, 'InvalidTraceParameterError'],
      [{ output: 'text', minLength: 2.5 }, 'InvalidTraceParameterError'],
      [{ output: 'text', minLength: '24' }, 'InvalidTraceParameterError'],
      [{ output: 'text', minLength: 601 }, 'InvalidTraceParameterError'],
    ]
    for (const [body, name] of refusals) {
      const response = await post(body)
      assert.equal(response.status, 400, JSON.stringify(body))
      assert.equal(response.headers.get('access-control-allow-origin'), '*')
      const { error } = (await response.json()) as TraceErrorBody
      assert.equal(error.name, name, JSON.stringify(body))
      assert.ok(error.message.length > 0)
    }
    assert.equal((await post({ output: 'x'.repeat(200) })).status, 200)
    assert.equal((await post({ output: 'text', minLength: 8 })).status, 200)
  })

  it('answers the best-ranked maxSpans, and refuses options that are not whole numbers when it is made', async () => {
    const output = 'the data that made; rewards for the data; the model better. Le café crème'
    const all = traceSpans(index, output, { minLength: 10 })
    assert.equal(all.length, 4)
    const capped = createTraceHandler({ index, maxSpans: 2 })
    const response = await capped(
      new Request('https://trace.example/trace', {
        method: 'POST',
        body: JSON.stringify({ output, minLength: 10 }),
      }),
    )
    assert.deepEqual(((await response.json()) as TraceResponse).spans, all.slice(0, 2))
    for (const options of [{ maxOutputLength: Number.NaN }, { maxSources: -1 }, { maxSpans: 0 }, { maxSpans: 1.5 }]) {
      assert.throws(() => createTraceHandler({ index, ...options }), { name: 'InvalidTraceParameterError' })
    }
  })

  it('refuses a body too large to be a request with 413, without reading it all', async () => {
    const response = await post({ output: 'x'.repeat(5_000) })
    assert.equal(response.status, 413)
    assert.equal(((await response.json()) as TraceErrorBody).error.name, 'TraceRequestError')
    let pulled = 0
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(new Uint8Array(1024).fill(32))
      },
    })
    const streamed = await post('', { body: endless, duplex: 'half' } as RequestInit)
    assert.equal(streamed.status, 413)
    assert.ok(pulled < 10, `read ${pulled} chunks`)
  })
})
