/**
 * The indexer's reads over HTTP. Every list answers `{ items, nextCursor }`: pass `nextCursor` back as `cursor` for
 * the next page; it is null on the last page. Pages are keyset pages over `seq` (or the id), so a row is never
 * repeated or skipped between pages however many rows arrive meanwhile. Bigints are decimal strings, hex is lowercase.
 * GraphQL over the same tables is at /graphql.
 */
import { db } from 'ponder:api'
import schema from 'ponder:schema'
import { type Context, Hono } from 'hono'
import { type AnyPgColumn, and, asc, desc, eq, graphql, gt, inArray, lt, or } from 'ponder'

const DEFAULT_LIMIT = 50
const MAX_LIMIT = 500
const ADDRESS = /^0x[0-9a-fA-F]{40}$/
const HASH = /^0x[0-9a-fA-F]{64}$/
const UINT = /^\d{1,30}$/

type Hex = `0x${string}`

/** A request the API cannot answer as asked: a 400 naming the parameter. */
class BadRequest extends Error {
  override name = 'BadRequest'
}

const app = new Hono()

app.onError((error, c) =>
  error instanceof BadRequest ? c.json({ error: error.message }, 400) : c.json({ error: 'Internal error' }, 500),
)

app.use('/graphql', graphql({ db, schema }))

function hexParameter(c: Context, name: string, pattern: RegExp, value = c.req.query(name)): Hex | undefined {
  if (value === undefined) return undefined
  if (!pattern.test(value))
    throw new BadRequest(`${name} must be ${pattern === ADDRESS ? 'an address' : 'a 32-byte hex'}`)
  return value.toLowerCase() as Hex
}

function uintParameter(c: Context, name: string, value = c.req.query(name)): bigint | undefined {
  if (value === undefined) return undefined
  if (!UINT.test(value)) throw new BadRequest(`${name} must be a non-negative integer`)
  return BigInt(value)
}

function limitOf(c: Context) {
  const limit = Number(uintParameter(c, 'limit') ?? DEFAULT_LIMIT)
  if (limit < 1) throw new BadRequest('limit must be at least 1')
  return Math.min(limit, MAX_LIMIT)
}

function page(c: Context) {
  const order = c.req.query('order') ?? 'asc'
  if (order !== 'asc' && order !== 'desc') throw new BadRequest('order must be asc or desc')
  return { limit: limitOf(c), order, cursor: uintParameter(c, 'cursor') } as const
}

/** Keyset filter and ordering on one monotonic column. */
function keyset(column: AnyPgColumn, { order, cursor }: ReturnType<typeof page>) {
  const after = cursor === undefined ? undefined : order === 'asc' ? gt(column, cursor) : lt(column, cursor)
  return { after, orderBy: order === 'asc' ? asc(column) : desc(column) }
}

/** One row more than the page is read, so that the last page says it is the last. */
function answer<row>(c: Context, rows: row[], limit: number, cursorOf: (row: row) => bigint | number | string) {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  const body = { items, nextCursor: rows.length > limit && last !== undefined ? String(cursorOf(last)) : null }
  return c.body(
    JSON.stringify(body, (_, value) => (typeof value === 'bigint' ? value.toString() : value)),
    200,
    {
      'content-type': 'application/json; charset=UTF-8',
    },
  )
}

/** The gallery and the contributions of one contributor: `?contributor=&datanet=&order=asc|desc&cursor=&limit=`. */
app.get('/contributions', async (c) => {
  const p = page(c)
  const contributor = hexParameter(c, 'contributor', ADDRESS)
  const datanetId = uintParameter(c, 'datanet')
  const { after, orderBy } = keyset(schema.contribution.seq, p)
  const rows = await db
    .select()
    .from(schema.contribution)
    .where(
      and(
        after,
        contributor === undefined ? undefined : eq(schema.contribution.contributor, contributor),
        datanetId === undefined ? undefined : eq(schema.contribution.datanetId, Number(datanetId)),
      ),
    )
    .orderBy(orderBy)
    .limit(p.limit + 1)
  return answer(c, rows, p.limit, (row) => row.seq)
})

/**
 * The models whose published training set includes the contribution, checked against their on-chain root (see the
 * `model` table): models with no inline list are never named here, even if they did train on it.
 */
app.get('/contributions/:contentHash/models', async (c) => {
  const p = page(c)
  const contentHash = hexParameter(c, 'contentHash', HASH, c.req.param('contentHash')) as Hex
  const { after, orderBy } = keyset(schema.trainingContribution.seq, p)
  const used = await db
    .select({ modelId: schema.trainingContribution.modelId, seq: schema.trainingContribution.seq })
    .from(schema.trainingContribution)
    .where(and(eq(schema.trainingContribution.contentHash, contentHash), after))
    .orderBy(orderBy)
    .limit(p.limit + 1)
  const models =
    used.length === 0
      ? []
      : await db
          .select()
          .from(schema.model)
          .where(
            inArray(
              schema.model.id,
              used.map((row) => row.modelId),
            ),
          )
  const byId = new Map(models.map((row) => [row.id, row]))
  return answer(
    c,
    used.flatMap((row) => byId.get(row.modelId) ?? []),
    p.limit,
    (row) => row.seq,
  )
})

app.get('/datanets', async (c) => {
  const p = page(c)
  const { after, orderBy } = keyset(schema.datanet.id, p)
  const rows = await db
    .select()
    .from(schema.datanet)
    .where(after)
    .orderBy(orderBy)
    .limit(p.limit + 1)
  return answer(c, rows, p.limit, (row) => row.id)
})

/** Every model, or those trained on one datanet: `?datanet=`. */
app.get('/models', async (c) => {
  const p = page(c)
  const datanetId = uintParameter(c, 'datanet')
  if (datanetId === undefined) {
    const { after, orderBy } = keyset(schema.model.seq, p)
    const rows = await db
      .select()
      .from(schema.model)
      .where(after)
      .orderBy(orderBy)
      .limit(p.limit + 1)
    return answer(c, rows, p.limit, (row) => row.seq)
  }
  const { after, orderBy } = keyset(schema.modelDatanet.seq, p)
  const rows = await db
    .select({ model: schema.model })
    .from(schema.modelDatanet)
    .innerJoin(schema.model, eq(schema.model.id, schema.modelDatanet.modelId))
    .where(and(eq(schema.modelDatanet.datanetId, Number(datanetId)), after))
    .orderBy(orderBy)
    .limit(p.limit + 1)
  return answer(
    c,
    rows.map((row) => row.model),
    p.limit,
    (row) => row.seq,
  )
})

app.get('/epochs', async (c) => {
  const p = page(c)
  const { after, orderBy } = keyset(schema.epoch.id, p)
  const rows = await db
    .select()
    .from(schema.epoch)
    .where(after)
    .orderBy(orderBy)
    .limit(p.limit + 1)
  return answer(c, rows, p.limit, (row) => row.id)
})

/** An account's totals; zeros for an account the ledger has never seen. */
app.get('/accounts/:address', async (c) => {
  const address = hexParameter(c, 'address', ADDRESS, c.req.param('address')) as Hex
  const [row] = await db.select().from(schema.account).where(eq(schema.account.address, address))
  const totals = row ?? { address, claimed: 0n, claimCount: 0, contributionCount: 0 }
  return c.json({ ...totals, claimed: totals.claimed.toString() })
})

/** An account's claims, each naming the epoch it was paid against: its epoch history. */
app.get('/accounts/:address/claims', async (c) => {
  const p = page(c)
  const address = hexParameter(c, 'address', ADDRESS, c.req.param('address')) as Hex
  const { after, orderBy } = keyset(schema.claim.seq, p)
  const rows = await db
    .select()
    .from(schema.claim)
    .where(and(eq(schema.claim.account, address), after))
    .orderBy(orderBy)
    .limit(p.limit + 1)
  return answer(c, rows, p.limit, (row) => row.seq)
})

/**
 * Accounts by what they have claimed, most first, ties by address. The cursor is `<claimed>:<address>` of the last
 * row, since no single column orders this list.
 */
app.get('/leaderboard', async (c) => {
  const limit = limitOf(c)
  const cursor = c.req.query('cursor')
  let after: ReturnType<typeof or>
  if (cursor !== undefined) {
    const [claimed, address] = cursor.split(':')
    if (!claimed || !UINT.test(claimed) || !address || !ADDRESS.test(address)) {
      throw new BadRequest('cursor must be a nextCursor of this list')
    }
    const lowered = address.toLowerCase() as Hex
    after = or(
      lt(schema.account.claimed, BigInt(claimed)),
      and(eq(schema.account.claimed, BigInt(claimed)), gt(schema.account.address, lowered)),
    )
  }
  const rows = await db
    .select()
    .from(schema.account)
    .where(and(gt(schema.account.claimed, 0n), after))
    .orderBy(desc(schema.account.claimed), asc(schema.account.address))
    .limit(limit + 1)
  return answer(c, rows, limit, (row) => `${row.claimed}:${row.address}`)
})

export default app
