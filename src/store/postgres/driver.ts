import { sql } from 'drizzle-orm'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { unavailable } from '../../errors.js'
import { DatabaseUnusable, namedArguments, type Db, type Dialect, type Driver } from '../context.js'
import type { WriteConnection } from '../write-queue.js'
import { migratePostgres, postgresMigrationsApplied } from './migrate.js'
import * as tables from './schema.js'
import { postgresSearch } from './search.js'

export const postgresDialect: Dialect = {
  name: 'postgres',
  rows: async <T>(db: Db, query: ReturnType<typeof sql>) => (await (db as unknown as NodePgDatabase).execute(query)).rows as T[],
  jsonObject: (fields) => sql`json_build_object(${namedArguments(fields)})`,
  jsonArray: (value, orderBy) => sql`coalesce(json_agg(${value} order by ${orderBy}), '[]'::json)`,
  // node-postgres parses json columns itself.
  search: postgresSearch,
  fromJson: <T>(value: unknown) => value as T,
}

/** The advisory lock every write transaction takes first: 'kabarwri' read as a 64-bit integer. */
export const writeLockKey = 0x6b61626172777269n
/** Where a commit tells the other nodes that the change log grew (the payload is the last sequence number). */
export const changesChannel = 'kabar_changes'

const reconnectMs = 250

/** The one line a node prints when it cannot start on this database (the URL's password is not repeated). */
function unusable(url: string, error: unknown): DatabaseUnusable {
  const where = new URL(url)
  where.password = ''
  return new DatabaseUnusable(`DATABASE_URL=${where.toString()} cannot be used: ${(error as Error).message}`)
}

/**
 * PostgreSQL, for several identical nodes on one database. Reads go through a bounded pool; writes through one
 * dedicated connection per node, each batch a transaction that takes the write advisory lock first — so writes of
 * every node commit one at a time, the change log's sequence is in commit order (a reader never passes a number
 * that a transaction still open could fill in below it), and the read-then-write guards of a write set hold.
 * The batch notifies `kabar_changes` before COMMIT, so the other nodes' listening connections hear of it at commit.
 * A lost connection (PostgreSQL restarted, a network cut) is replaced on the next use; meanwhile reads and writes
 * answer 503 with Retry-After, and cached reads keep answering.
 */
export function postgresDriver(url: string, { poolMax }: { poolMax: number }): Driver {
  const pool = new pg.Pool({ connectionString: url, max: poolMax, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 })
  // An idle connection that the server closed reports here; the pool drops it and opens another on demand.
  pool.on('error', () => undefined)
  const reader = drizzle({ client: pool, schema: tables, casing: 'snake_case' })

  let client: pg.Client | undefined
  let connecting: Promise<pg.Client> | undefined
  let inTransaction = false
  function writeClient(): Promise<pg.Client> {
    if (client) return Promise.resolve(client)
    connecting ??= (async () => {
      const fresh = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
      // A connection that fails or ends is dropped; the next batch opens another.
      const lost = () => {
        if (client !== fresh) return
        client = undefined
        inTransaction = false
      }
      fresh.on('error', lost)
      fresh.on('end', lost)
      // The reason (an address, a refusal) is the operator's to read in the log, not the client's.
      await fresh.connect().catch((error: unknown) => {
        throw Object.assign(unavailable('The database cannot be reached; retry shortly', 5), { cause: error })
      })
      client = fresh
      return fresh
    })().finally(() => {
      connecting = undefined
    })
    return connecting
  }
  /** The write connection as drizzle sees it: whichever client is current (the queue connects it in `begin`). */
  const current = {
    query: (...args: unknown[]) => {
      if (!client) throw unavailable('The database connection was lost; retry shortly', 5)
      return (client.query as (...a: unknown[]) => unknown)(...args)
    },
  }
  const writer = drizzle({ client: current as unknown as pg.Client, schema: tables, casing: 'snake_case' })
  const run = async (statement: string) => {
    await current.query(statement)
  }

  const connection: WriteConnection = {
    async begin(deadline) {
      const c = await writeClient()
      // One round trip: the transaction, how long it may wait for the lock, the lock.
      const wait = Math.max(1, Math.ceil(deadline - Date.now()))
      inTransaction = true
      try {
        await c.query(`begin; set local lock_timeout = ${wait}; select pg_advisory_xact_lock(${writeLockKey})`)
      } catch (error) {
        await connection.rollback().catch(() => undefined)
        throw (error as { code?: string }).code === '55P03' ? unavailable('The database is busy; retry shortly') : error
      }
    },
    async commit(changes) {
      // The notification goes in the COMMIT's round trip; its payload is a number, spelled as a literal.
      const seq = changes.at(-1)?.seq
      await run(seq === undefined ? 'commit' : `select pg_notify('${changesChannel}', '${Number(seq)}'); commit`)
      inTransaction = false
    },
    async rollback() {
      inTransaction = false
      await run('rollback')
    },
    savepoint: () => run('savepoint member'),
    release: () => run('release savepoint member'),
    rollbackTo: () => run('rollback to savepoint member'),
    inTransaction: () => inTransaction && client !== undefined,
  }

  const wakers = new Set<() => void>()
  let listener: pg.Client | undefined
  let listening = false
  let closed = false
  let retry: NodeJS.Timeout | undefined
  /** The listening connection; when it drops, it is replaced, and the followers catch up from the log at once. */
  async function listen(): Promise<void> {
    if (closed || listening || wakers.size === 0) return
    listening = true
    const fresh = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
    const again = () => {
      if (listener === fresh) listener = undefined
      listening = false
      void fresh.end().catch(() => undefined)
      if (!closed) retry = setTimeout(() => void listen(), reconnectMs).unref()
    }
    fresh.on('error', again)
    fresh.on('end', () => {
      if (listener === fresh) again()
    })
    fresh.on('notification', () => wakers.forEach((wake) => wake()))
    try {
      await fresh.connect()
      await fresh.query(`listen ${changesChannel}`)
      listener = fresh
      // Whatever was committed while no one listened is read from the log now.
      wakers.forEach((wake) => wake())
    } catch {
      again()
    }
  }

  return {
    tables: tables as unknown as Driver['tables'],
    dialect: postgresDialect,
    reader: reader as unknown as Db,
    writer: writer as unknown as Db,
    connection,
    async ready() {
      try {
        return await postgresMigrationsApplied(pool)
      } catch {
        return false
      }
    },
    observe: () => undefined,
    onForeignCommit(wake) {
      wakers.add(wake)
      void listen()
      return () => wakers.delete(wake)
    },
    async close() {
      closed = true
      clearTimeout(retry)
      await Promise.allSettled([listener?.end(), client?.end(), pool.end()])
    },
  }
}

/** Opens PostgreSQL at `url`, applies pending migrations under the migration lock; unreachable is a DatabaseUnusable. */
export async function openPostgres(url: string, options: { poolMax: number }): Promise<Driver> {
  const driver = postgresDriver(url, options)
  try {
    const pool = new pg.Pool({ connectionString: url, max: 1 })
    try {
      await migratePostgres(pool)
    } finally {
      await pool.end()
    }
    return driver
  } catch (error) {
    await driver.close()
    throw unusable(url, error)
  }
}
