import { is, SQL, type InferInsertModel, type InferSelectModel, type Table } from 'drizzle-orm'
import { toSnakeCase } from 'drizzle-orm/casing'
import { bigint, getTableConfig as pgTableConfig, PgDialect, pgTable, PgTable, text } from 'drizzle-orm/pg-core'
import { getTableConfig as sqliteTableConfig, SQLiteSyncDialect, SQLiteTable } from 'drizzle-orm/sqlite-core'
import t from 'tap'
import * as postgres from '../../src/store/postgres/schema.js'
import * as sqlite from '../../src/store/sqlite/schema.js'

// The two stores keep one layout: the PostgreSQL schema mirrors the SQLite one table by table, as drizzle sees them
// (names, nullability, defaults, keys, references, indexes with their conditions, checks), and its row types are the
// same types, checked by the compiler below. Dialect differences the mirror allows: an identity where SQLite has an
// INTEGER PRIMARY KEY (both count as a default), bigint timestamps, boolean for SQLite's 0/1 integers.

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
type TableNames<S> = { [K in keyof S]: S[K] extends Table ? K : never }[keyof S]
type Rows<T> = T extends Table ? { select: InferSelectModel<T>; insert: InferInsertModel<T> } : never
/** The tables whose row types differ between the dialects (`never` when none do). */
type Drifted = {
  [K in TableNames<typeof sqlite> & TableNames<typeof postgres>]: Equal<Rows<(typeof postgres)[K]>, Rows<(typeof sqlite)[K]>> extends true
    ? never
    : K
}[TableNames<typeof sqlite> & TableNames<typeof postgres>]

const sameTableNames: Equal<TableNames<typeof postgres>, TableNames<typeof sqlite>> = true
const sameRowTypes: [Drifted] extends [never] ? true : Drifted = true

interface AnyColumn {
  name: string
  keyAsName: boolean
}

const sqlName = (column: AnyColumn) => (column.keyAsName ? toSnakeCase(column.name) : column.name)

type Config = ReturnType<typeof sqliteTableConfig> | ReturnType<typeof pgTableConfig>

/** What drizzle knows about a table, as plain data in SQL names, with SQL fragments rendered by the table's dialect. */
function layout(config: Config, render: (fragment: SQL) => string) {
  const names = (columns: AnyColumn[]) => columns.map(sqlName)
  const value = (v: unknown) => (is(v, SQL) ? render(v) : v)
  return {
    name: config.name,
    columns: config.columns.map((c) => ({
      name: sqlName(c),
      dataType: c.dataType,
      enumValues: c.enumValues,
      notNull: c.notNull,
      hasDefault: c.hasDefault,
      default: value(c.default),
      defaultFn: c.defaultFn !== undefined,
      primary: c.primary,
      unique: c.isUnique ? c.uniqueName : undefined,
    })),
    primaryKeys: config.primaryKeys.map((pk) => ({ name: pk.getName(), columns: names(pk.columns) })),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const { columns, foreignColumns, foreignTable } = fk.reference()
        const target = is(foreignTable, PgTable) ? pgTableConfig(foreignTable).name : sqliteTableConfig(foreignTable as SQLiteTable).name
        return {
          name: fk.getName(),
          columns: names(columns),
          references: { table: target, columns: names(foreignColumns) },
          onDelete: fk.onDelete ?? 'no action',
          onUpdate: fk.onUpdate ?? 'no action',
        }
      })
      .sort((a, b) => a.name.localeCompare(b.name)),
    uniqueConstraints: config.uniqueConstraints.map((u) => ({ name: u.getName(), columns: names(u.columns) })),
    indexes: config.indexes.map(({ config: i }) => ({
      name: i.name,
      columns: (i.columns as unknown[]).map((c) => (is(c, SQL) ? render(c) : sqlName(c as AnyColumn))),
      unique: i.unique,
      where: i.where === undefined ? undefined : render(i.where),
    })),
    checks: config.checks.map((c) => ({ name: c.name, condition: render(c.value) })),
  }
}

// Both dialects quote identifiers alike; the fragments here carry no parameters, so their text compares.
const pgDialect = new PgDialect({ casing: 'snake_case' })
const sqliteDialect = new SQLiteSyncDialect({ casing: 'snake_case' })
const pgLayout = (table: PgTable) => layout(pgTableConfig(table), (f) => pgDialect.sqlToQuery(f).sql)
const sqliteLayout = (table: SQLiteTable) => layout(sqliteTableConfig(table), (f) => sqliteDialect.sqlToQuery(f).sql)

const pgTables = new Map(Object.entries(postgres).flatMap(([key, value]) => (is(value, PgTable) ? [[key, value] as const] : [])))
const sqliteTables = new Map(Object.entries(sqlite).flatMap(([key, value]) => (is(value, SQLiteTable) ? [[key, value] as const] : [])))

t.test('both schemas export the same tables', async (t) => {
  t.ok(sqliteTables.size >= 13, `${sqliteTables.size} tables`)
  t.same([...pgTables.keys()].sort(), [...sqliteTables.keys()].sort())
  t.same(
    [...pgTables.values()].map((table) => pgTableConfig(table).name).sort(),
    [...sqliteTables.values()].map((table) => sqliteTableConfig(table).name).sort(),
  )
})

t.test('each table has the same layout in both dialects', async (t) => {
  for (const [key, table] of sqliteTables) {
    const mirror = pgTables.get(key)
    if (mirror === undefined) continue
    t.strictSame(pgLayout(mirror), sqliteLayout(table), key)
  }
})

t.test('the row types agree (the compiler checks them; the names are here to keep them in use)', async (t) => {
  t.ok(sameTableNames && sameRowTypes)
})

t.test('the comparison sees a difference', async (t) => {
  // A PostgreSQL `leases` whose timestamp lost its NOT NULL: both the layout and the row types tell it apart.
  const drifted = pgTable('leases', { name: text().primaryKey(), holder: text().notNull(), expiresAt: bigint({ mode: 'number' }) })
  const rowsDiffer: Equal<Rows<typeof drifted>, Rows<typeof sqlite.leases>> = false
  t.notOk(rowsDiffer)
  t.strictNotSame(pgLayout(drifted), sqliteLayout(sqlite.leases))
  t.strictSame(pgLayout(postgres.leases), sqliteLayout(sqlite.leases))
})
