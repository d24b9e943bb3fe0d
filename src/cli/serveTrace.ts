import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import type { TraceHandler } from '../attribution/spans/createTraceHandler.js'

const TRACE_PATH = '/trace'

/**
 * Serves a trace handler over HTTP at `/trace`, for `<ledger-trace index-url>`: the body streams through to the
 * handler, which refuses one too large before it is all read. Resolves with the endpoint's URL once it listens.
 */
export async function serveTrace(handler: TraceHandler, { host, port }: { host: string; port: number }) {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://trace').pathname
    if (path !== TRACE_PATH) {
      response.writeHead(404, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ error: { name: 'NotFound', message: `Trace at ${TRACE_PATH}.` } }))
      return
    }
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
    const answer = await handler(
      new Request(`http://${host}${TRACE_PATH}`, {
        method: request.method,
        headers: Object.entries(request.headers).flatMap(([name, value]) =>
          value === undefined ? [] : [[name, String(value)] as [string, string]],
        ),
        ...(hasBody ? { body: Readable.toWeb(request) as ReadableStream, duplex: 'half' } : {}),
      } as RequestInit),
    )
    response.writeHead(answer.status, Object.fromEntries(answer.headers))
    response.end(Buffer.from(await answer.arrayBuffer()))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, resolve)
  })
  const { port: listening } = server.address() as AddressInfo
  const shown = host.includes(':') ? `[${host}]` : host
  return `http://${shown}:${listening}${TRACE_PATH}`
}
