/**
 * PostgreSQL migration safety, on an empty database of the suite's PostgreSQL server whatever store the suite runs
 * on: every migration in migrations/postgres/, applied one by one by migratePostgres to a database seeded with rows
 * in every table that exists at that step, keeps every row (counts per table unchanged or grown) and every reference
 * (each foreign key still validated); migrating again applies nothing; processes migrating one database at the same
 * moment record each migration once. New migrations are covered without touching this file: the seeder reads the
 * schema from the catalog.
 */
import { join } from 'node:path'
import pg from 'pg'
import t from 'tap'
import { migratePostgres, postgresMigrationsApplied, postgresMigrationsFolder } from '../src/store/postgres/migrate.js'
import { parentsFirst, prefixOf, readJournal, realistic } from './fixtures/migration-folder.js'
import { freshDatabase } from './fixtures/postgres.js'
import { tempDir, type Teardown } from './fixtures/server-process.js'

const journal = readJournal(postgresMigrationsFolder)

/** A small pool on `url`, ended when the test ends. */
function poolOn(t: Teardown, url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  pool.on('error', () => {})
  t.teardown(() => pool.end())
  return pool
}

const rowsOf = async <T>(pool: pg.Pool, sql: string, params: unknown[] = []): Promise<T[]> => (await pool.query(sql, params)).rows as T[]

// ---- A schema-driven seeder: a few valid rows in every table, references included ----

interface Column {
  name: string
  type: string
}
interface ForeignKey {
  table: string
  parent: string
  from: string[]
  to: string[]
}
type Row = Record<string, unknown>

const ROWS_PER_STEP = 2
let counter = 0

const userTables = async (pool: pg.Pool) =>
  (
    await rowsOf<{ name: string }>(
      pool,
      `select table_name as name from information_schema.tables
       where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> '__drizzle_migrations' order by 1`,
    )
  ).map((row) => row.name)

async function rowCounts(pool: pg.Pool): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  for (const table of await userTables(pool))
    counts.set(table, (await rowsOf<{ n: number }>(pool, `select count(*)::int as n from ${pg.escapeIdentifier(table)}`))[0]!.n)
  return counts
}

/** Columns an insert must fill: not null, with no default, not an identity nor generated. */
const requiredColumns = (pool: pg.Pool, table: string) =>
  rowsOf<Column>(
    pool,
    `select column_name as name, data_type as type from information_schema.columns
     where table_schema = 'public' and table_name = $1
       and is_nullable = 'NO' and column_default is null and is_identity = 'NO' and is_generated = 'NEVER'
     order by ordinal_position`,
    [table],
  )

const foreignKeys = (pool: pg.Pool) =>
  rowsOf<ForeignKey>(
    pool,
    `select child.relname as "table", parent.relname as parent,
       array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i)
             join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as "from",
       array(select a.attname::text from unnest(c.confkey) with ordinality k(n, i)
             join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) as "to"
     from pg_constraint c join pg_class child on child.oid = c.conrelid join pg_class parent on parent.oid = c.confrelid
     where c.contype = 'f' and c.connamespace = 'public'::regnamespace order by child.relname, c.conname`,
  )

function valueFor(table: string, column: Column, n: number): unknown {
  const special = realistic[`${table}.${column.name}`]
  if (special) return special(n)
  if (/integer|smallint|bigint/.test(column.type)) return n
  if (/text|character/.test(column.type)) return `${table}.${column.name}.${n}`
  if (/double|real|numeric/.test(column.type)) return n + 0.5
  if (column.type === 'boolean') return n % 2 === 0
  if (column.type === 'bytea') return Buffer.from(`${n}`)
  if (/json/.test(column.type)) return JSON.stringify({ n })
  if (/timestamp|date/.test(column.type)) return new Date(n * 1000)
  if (column.type === 'tsvector') return `word${n}`
  throw new Error(`No generic value for ${table}.${column.name} (${column.type}); teach the seeder`)
}

/** Inserts ROWS_PER_STEP rows into every table; each child row references rows its parents got in this step. */
async function seed(pool: pg.Pool): Promise<void> {
  const keys = await foreignKeys(pool)
  const added = new Map<string, Row[]>()
  for (const table of parentsFirst(await userTables(pool), (table) => keys.filter((fk) => fk.table === table).map((fk) => fk.parent))) {
    const columns = await requiredColumns(pool, table)
    const rows: Row[] = []
    for (let i = 0; i < ROWS_PER_STEP; i++) {
      const values: Row = {}
      for (const [index, fk] of keys.filter((k) => k.table === table).entries()) {
        const self = fk.parent === table
        const candidates = self ? rows : (added.get(fk.parent) ?? [])
        const parent = self ? candidates.at(-1) : candidates[(i + index) % candidates.length]
        for (const [c, column] of fk.from.entries()) values[column] = parent ? parent[fk.to[c]!] : null
      }
      for (const column of columns) if (!(column.name in values)) values[column.name] = valueFor(table, column, ++counter)
      const names = Object.keys(values)
      const sql =
        names.length === 0
          ? `insert into ${pg.escapeIdentifier(table)} default values returning *`
          : `insert into ${pg.escapeIdentifier(table)} (${names.map((n) => pg.escapeIdentifier(n)).join(', ')}) ` +
            `values (${names.map((_, p) => `$${p + 1}`).join(', ')}) returning *`
      try {
        rows.push((await rowsOf<Row>(pool, sql, Object.values(values)))[0]!)
      } catch (error) {
        throw new Error(`Seeding ${table} with ${JSON.stringify(values)} failed (${String(error)}); add a realistic value for the column`)
      }
    }
    added.set(table, rows)
  }
}

// ---- The stepwise check ----

interface Step {
  tag: string
  applied: number
  lost: { table: string; before: number; after: number | null }[]
  /** Foreign keys PostgreSQL no longer checks existing rows against (dropped and re-added NOT VALID). */
  unvalidated: string[]
  counts: Map<string, number>
}

/**
 * Applies the migrations of `folder` one at a time with migratePostgres; before each one, seeds every table that
 * exists. Reports, per migration, how many it applied, the tables that lost rows (or vanished) and the foreign keys
 * left unvalidated.
 */
async function migrateStepwise(pool: pg.Pool, folder: string, work: string): Promise<Step[]> {
  const steps: Step[] = []
  const { entries } = readJournal(folder)
  for (let k = 1; k <= entries.length; k++) {
    if (k > 1) await seed(pool)
    const before = await rowCounts(pool)
    const applied = await migratePostgres(pool, prefixOf(folder, k, join(work, `step-${k}`)))
    const after = await rowCounts(pool)
    const lost = [...before]
      .filter(([table, n]) => (after.get(table) ?? -1) < n)
      .map(([table, n]) => ({ table, before: n, after: after.get(table) ?? null }))
    const unvalidated = (
      await rowsOf<{ name: string }>(pool, `select conname as name from pg_constraint where contype = 'f' and not convalidated`)
    ).map((row) => row.name)
    steps.push({ tag: entries[k - 1]!.tag, applied, lost, unvalidated, counts: before })
  }
  return steps
}

const describe = (counts: Map<string, number>) => [...counts].map(([table, n]) => `${table}=${n}`).join(' ') || 'empty'

/** Tables, columns, constraints and indexes of the public schema, as comparable rows. */
const schemaOf = async (pool: pg.Pool) => ({
  columns: await rowsOf(
    pool,
    `select table_name, column_name, data_type, is_nullable, column_default, is_identity from information_schema.columns
     where table_schema = 'public' order by table_name, ordinal_position`,
  ),
  constraints: await rowsOf(
    pool,
    `select conrelid::regclass::text as "table", conname, pg_get_constraintdef(oid) as definition from pg_constraint
     where connamespace = 'public'::regnamespace order by 1, 2`,
  ),
  indexes: await rowsOf(pool, `select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by 1, 2`),
})

t.test('every PostgreSQL migration keeps every row and reference of a seeded database', async (t) => {
  const pool = poolOn(t, await freshDatabase(t))
  const steps = await migrateStepwise(pool, postgresMigrationsFolder, tempDir(t, 'migrations-postgres'))
  t.equal(steps.length, journal.entries.length, `all ${steps.length} migration(s) applied one by one`)
  for (const step of steps) {
    t.equal(step.applied, 1, `${step.tag}: applied alone`)
    t.same(step.lost, [], `${step.tag}: no table lost rows (before: ${describe(step.counts)})`)
    t.same(step.unvalidated, [], `${step.tag}: every foreign key is validated`)
  }
  t.ok(await postgresMigrationsApplied(pool), 'the database counts as migrated')
  await seed(pool)
  const seeded = await rowCounts(pool)
  t.ok(
    [...seeded.values()].every((n) => n > 0),
    `every table was seeded (${describe(seeded)})`,
  )

  t.equal(await migratePostgres(pool), 0, 'migrating an up-to-date database again applies nothing')
  t.same(await rowCounts(pool), seeded, 'and changes no row')

  // Applied one by one or all at once, the schema is the same.
  const fresh = poolOn(t, await freshDatabase(t))
  t.equal(await migratePostgres(fresh), journal.entries.length, 'all at once, on an empty database')
  t.same(await schemaOf(pool), await schemaOf(fresh), 'the stepwise schema equals the all-at-once schema')
})

t.test('the article-slugs migration puts the current slug of every existing article in its history', async (t) => {
  const at = journal.entries.findIndex((entry) => entry.tag.endsWith('_article-slugs'))
  t.ok(at > 0, 'the migration is in the journal, after the first')
  if (at < 1) return
  const work = tempDir(t, 'migrations-postgres-slugs')
  const pool = poolOn(t, await freshDatabase(t))
  await migratePostgres(pool, prefixOf(postgresMigrationsFolder, at, join(work, 'before')))
  await seed(pool)
  await migratePostgres(pool, prefixOf(postgresMigrationsFolder, at + 1, join(work, 'with')))
  const articles = await rowsOf<{ id: number; slug: string }>(pool, 'select id, slug from articles order by id')
  const history = await rowsOf<{ id: number; slug: string }>(
    pool,
    'select h.article_id as id, h.slug from article_slug_history h join articles a on a.slug = h.slug order by 1',
  )
  t.ok(articles.length > 0, `${articles.length} articles existed before the migration`)
  t.same(history, articles, 'each one has its current slug in the history, owned by it')
})

t.test('three pools migrating an empty database at once apply and record each migration once', async (t) => {
  const url = await freshDatabase(t)
  const pools = Array.from({ length: 3 }, () => poolOn(t, url))
  const applied = await Promise.all(pools.map((pool) => migratePostgres(pool)))
  t.same(
    applied.sort((a, b) => a - b),
    [0, 0, journal.entries.length],
    'one applies every migration; the others wait for its lock, then find nothing to do',
  )
  const recorded = await rowsOf<{ hash: string; createdAt: number }>(
    pools[0]!,
    'select hash, created_at::float8 as "createdAt" from __drizzle_migrations order by id',
  )
  t.same(
    recorded.map((row) => row.createdAt),
    journal.entries.map((entry) => entry.when),
    'each migration recorded once, in journal order',
  )
  t.equal(new Set(recorded.map((row) => row.hash)).size, recorded.length, 'with distinct hashes')
  t.same(await Promise.all(pools.map((pool) => migratePostgres(pool))), [0, 0, 0], 'migrating again applies nothing, on any pool')
})
