import Database from 'better-sqlite3'
import pg from 'pg'

/** The runtime shape of dist/store/postgres/migrate.js (types from src, code from the build). */
export type PostgresMigrateModule = typeof import('../src/store/postgres/migrate.js')

export interface CopiedDataset {
  rows: Record<string, number>
  copyMs: number
  /** Tables and indexes of the application's database after VACUUM ANALYZE. */
  databaseBytes: number
}

interface Column {
  table: string
  name: string
  type: string
  identity: boolean
}

/** Bind parameters per INSERT stay below PostgreSQL's limit of 65,535; rows per INSERT below this. */
const maxParameters = 60_000
const maxRows = 1000
/** The search index (src/store/search.ts), rebuilt per store instead of copied. */
const searchIndexTable = 'article_search'
const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`

/**
 * Copies the benchmark dataset from its SQLite file into an empty PostgreSQL database, so that both stores serve
 * the same rows: the database is first migrated by the app's own migrator, then every table of the PostgreSQL
 * schema is filled from the SQLite table of the same name (same snake_case columns; SQLite's 0/1 become booleans)
 * with multi-row INSERTs in one transaction. Identity sequences are moved past the copied ids (the schema's
 * identities are `by default`, so explicit ids leave them behind), then VACUUM ANALYZE and a CHECKPOINT leave the
 * database as a long-running one would be: statistics known, visibility map set, nothing dirty waiting. The search
 * index is the one table left empty: each store spells it its own way (FTS5, tsvector), and the reindex CLI fills it.
 */
export async function copyDataset(sqlitePath: string, url: string, migrate: PostgresMigrateModule): Promise<CopiedDataset> {
  const started = performance.now()
  const source = new Database(sqlitePath, { readonly: true })
  const pool = new pg.Pool({ connectionString: url, max: 1 })
  const rows: Record<string, number> = {}
  try {
    await migrate.migratePostgres(pool)
    const client = await pool.connect()
    try {
      const { rows: found } = await client.query<{ table: string; name: string; type: string; identity: string }>(
        `select table_name as table, column_name as name, data_type as type, is_identity as identity
           from information_schema.columns
          where table_schema = 'public' and table_name not in ('__drizzle_migrations', $1)
          order by table_name, ordinal_position`,
        [searchIndexTable],
      )
      const tables = new Map<string, Column[]>()
      for (const c of found) tables.set(c.table, [...(tables.get(c.table) ?? []), { ...c, identity: c.identity === 'YES' }])
      await client.query('begin')
      // The rows come from a database that enforced their foreign keys: replica mode skips the triggers that would
      // check them again, so the tables load in any order.
      await client.query('set local session_replication_role = replica')
      for (const [table, columns] of tables) rows[table] = await copyTable(source, client, table, columns)
      await client.query('commit')
    } catch (error) {
      await client.query('rollback').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
    await pool.query('vacuum analyze')
    await pool.query('checkpoint')
    const size = await pool.query<{ bytes: string }>('select pg_database_size(current_database())::bigint as bytes')
    return { rows, copyMs: performance.now() - started, databaseBytes: Number(size.rows[0]!.bytes) }
  } finally {
    source.close()
    await pool.end()
  }
}

async function copyTable(source: Database.Database, target: pg.PoolClient, table: string, columns: Column[]): Promise<number> {
  const present = new Set((source.pragma(`table_info(${quote(table)})`) as { name: string }[]).map((c) => c.name))
  const missing = columns.filter((c) => !present.has(c.name)).map((c) => c.name)
  if (missing.length > 0) throw new Error(`SQLite's ${table} has no column ${missing.join(', ')}: the two schemas differ`)
  const names = columns.map((c) => quote(c.name)).join(', ')
  const booleans = columns.map((c) => c.type === 'boolean')
  const perInsert = Math.max(1, Math.min(maxRows, Math.floor(maxParameters / columns.length)))
  const insert = async (batch: unknown[][]) => {
    const values = batch.map((_, r) => `(${columns.map((_c, i) => `$${r * columns.length + i + 1}`).join(', ')})`)
    const parameters = batch.flatMap((row) => row.map((value, i) => (booleans[i] && value !== null ? value !== 0 : value)))
    await target.query(`insert into ${quote(table)} (${names}) values ${values.join(', ')}`, parameters)
  }
  let copied = 0
  let batch: unknown[][] = []
  for (const row of source
    .prepare(`select ${names} from ${quote(table)}`)
    .raw()
    .iterate() as IterableIterator<unknown[]>) {
    batch.push(row)
    if (batch.length === perInsert) {
      await insert(batch)
      copied += batch.length
      batch = []
    }
  }
  if (batch.length > 0) await insert(batch)
  copied += batch.length
  for (const c of columns.filter((column) => column.identity)) {
    await target.query(
      `select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${quote(c.name)}) from ${quote(table)}), 0) + 1, false)`,
      [quote(table), c.name],
    )
  }
  return copied
}
