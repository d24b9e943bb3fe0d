/**
 * A JSON-RPC proxy for tests that injects the faults real RPC providers produce, in front of a real node.
 *
 * @example
 * const proxy = await startFaultProxy(chain.rpcUrl)
 * proxy.inject([
 *   { times: 2, fault: { kind: 'status', status: 429, retryAfter: 1 } },
 *   { method: 'eth_sendRawTransaction', fault: { kind: 'drop', after: true } },
 * ])
 * // …point a client at proxy.url, act…
 * assert.equal(proxy.forwarded('eth_sendRawTransaction'), 1)
 * await proxy.close()
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type Fault =
  /** Wait before forwarding: `ms` on the real clock, or until `until` settles (deterministic tests). */
  | { kind: 'delay'; ms?: number; until?: Promise<unknown> }
  /** Destroy the socket without an answer; with `after`, only once the node has handled the request. */
  | { kind: 'drop'; after?: boolean }
  /** Answer this HTTP status without forwarding; `retryAfter` is seconds or an HTTP date. */
  | { kind: 'status'; status: number; retryAfter?: number | string; body?: string }
  /** Answer a JSON-RPC error (HTTP 200) for every call in the request, without forwarding. */
  | { kind: 'rpcError'; code: number; message: string }
  /** Forward, then send only the first half of the node's JSON answer. */
  | { kind: 'truncate' }
  /** Forward a batch, then answer its responses in reverse order. */
  | { kind: 'reorder' }

export type JsonRpcCall = { id?: unknown; method: string; params?: unknown[] }

export type FaultRule = {
  fault: Fault
  /** How many matching requests get the fault. @default 1 */
  times?: number
  /** Only requests containing a call to this method. */
  method?: string
  /** Only requests for which this holds (every call of a batch is passed). */
  match?: (calls: readonly JsonRpcCall[]) => boolean
}

export type FaultProxy = {
  /** The proxy's JSON-RPC URL. */
  url: string
  /** Adds rules after those already waiting. A request gets the first rule that matches and has times left. */
  inject(rules: readonly FaultRule[]): void
  /** Calls received for `method` (or all calls), faulted or not. */
  count(method?: string): number
  /** Calls for `method` (or all calls) that reached the node. */
  forwarded(method?: string): number
  /** Resolves once the node has answered a call to `method` that arrives from now on. */
  answered(method: string): Promise<void>
  /** Forgets the rules and the counts. */
  reset(): void
  close(): Promise<void>
}

type Counts = Map<string, number>
const bump = (counts: Counts, calls: readonly JsonRpcCall[]) => {
  for (const { method } of calls) counts.set(method, (counts.get(method) ?? 0) + 1)
}
const total = (counts: Counts, method?: string) =>
  method === undefined ? [...counts.values()].reduce((a, b) => a + b, 0) : (counts.get(method) ?? 0)

/** Starts a fault proxy in front of `upstream` on a free port of 127.0.0.1. */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  let rules: (FaultRule & { left: number })[] = []
  const received: Counts = new Map()
  const reached: Counts = new Map()
  let waiters: { method: string; resolve: () => void }[] = []

  const takeRule = (calls: readonly JsonRpcCall[]) => {
    const rule = rules.find(
      (r) => r.left > 0 && (!r.method || calls.some((c) => c.method === r.method)) && (!r.match || r.match(calls)),
    )
    if (rule) rule.left--
    return rule?.fault
  }

  const forward = async (body: string, calls: readonly JsonRpcCall[]) => {
    const answer = await fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    const text = await answer.text()
    bump(reached, calls)
    const methods = new Set(calls.map((c) => c.method))
    for (const waiter of waiters.filter((w) => methods.has(w.method))) waiter.resolve()
    waiters = waiters.filter((w) => !methods.has(w.method))
    return { status: answer.status, text }
  }

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString()
    const parsed = JSON.parse(body) as JsonRpcCall | JsonRpcCall[]
    const calls = Array.isArray(parsed) ? parsed : [parsed]
    bump(received, calls)
    const fault = takeRule(calls)
    const json = { 'content-type': 'application/json' }

    if (fault?.kind === 'delay') await (fault.until ?? new Promise((r) => setTimeout(r, fault.ms ?? 0)))
    if (fault?.kind === 'drop' && !fault.after) return void request.socket.destroy()
    if (fault?.kind === 'status') {
      const headers = fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) }
      return void response.writeHead(fault.status, { 'content-type': 'text/plain', ...headers }).end(fault.body ?? '')
    }
    if (fault?.kind === 'rpcError') {
      const errors = calls.map(({ id }) => ({
        jsonrpc: '2.0',
        id,
        error: { code: fault.code, message: fault.message },
      }))
      return void response.writeHead(200, json).end(JSON.stringify(Array.isArray(parsed) ? errors : errors[0]))
    }

    const { status, text } = await forward(body, calls)
    if (fault?.kind === 'drop') return void request.socket.destroy()
    if (fault?.kind === 'truncate') return void response.writeHead(status, json).end(text.slice(0, text.length / 2))
    if (fault?.kind === 'reorder' && Array.isArray(parsed)) {
      return void response.writeHead(status, json).end(JSON.stringify((JSON.parse(text) as unknown[]).reverse()))
    }
    response.writeHead(status, json).end(text)
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' }).end(String(error))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    inject: (more) => {
      rules = [...rules, ...more.map((rule) => ({ ...rule, left: rule.times ?? 1 }))]
    },
    count: (method) => total(received, method),
    forwarded: (method) => total(reached, method),
    answered: (method) => new Promise<void>((resolve) => waiters.push({ method, resolve })),
    reset: () => {
      rules = []
      received.clear()
      reached.clear()
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
