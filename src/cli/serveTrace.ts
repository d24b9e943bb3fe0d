import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TraceHandler } from '../attribution/spans/createTraceHandler.js'

const TRACE_PATH = '/trace'

/**
 * The request's body as a stream for a fetch handler. When the handler stops reading (a body past its limit), the
 * rest is drained rather than destroyed, so the client still gets the handler's answer and not a reset connection.
 */
function bodyOf(request: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      request.on('data', (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)))
      request.on('end', () => controller.close())
      request.on('error', (error) => controller.error(error))
    },
    cancel() {
      request.removeAllListeners('data')
      request.resume()
    },
  })
}

const answer = (status: number, name: string, message: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ error: { name, message } }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })

/**
 * Serves a trace handler over HTTP at `/trace`, for `<ledger-trace index-url>`. Resolves with the endpoint's URL once
 * it listens. No request can stop the server: anything it cannot hand to the handler gets a JSON error.
 */
export async function serveTrace(handler: TraceHandler, { host, port }: { host: string; port: number }) {
  const server = createServer(async (request, response) => {
    let reply: Response
    try {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname
      if (path !== TRACE_PATH) reply = answer(404, 'NotFound', `Trace at ${TRACE_PATH}.`)
      else if (request.method !== 'POST' && request.method !== 'OPTIONS') {
        reply = answer(405, 'TraceRequestError', 'Send the output to trace with POST.', { allow: 'POST, OPTIONS' })
      } else {
        reply = await handler(
          new Request(`http://localhost${TRACE_PATH}`, {
            method: request.method,
            headers: Object.entries(request.headers).flatMap(([name, value]) =>
              value === undefined ? [] : [[name, String(value)] as [string, string]],
            ),
            ...(request.method === 'POST' ? { body: bodyOf(request), duplex: 'half' } : {}),
          } as RequestInit),
        )
      }
    } catch {
      reply = answer(400, 'TraceRequestError', 'The request could not be read.')
    }
    response.writeHead(reply.status, Object.fromEntries(reply.headers))
    response.end(Buffer.from(await reply.arrayBuffer()))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, resolve)
  })
  const { port: listening } = server.address() as AddressInfo
  const shown = host.includes(':') ? `[${host}]` : host
  return `http://${shown}:${listening}${TRACE_PATH}`
}
