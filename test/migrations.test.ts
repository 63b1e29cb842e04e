/**
 * Migration safety: every migration in migrations/, applied one by one to a database seeded with rows in every
 * table that exists at that step, keeps every row (counts per table unchanged or grown) and every reference
 * (foreign_key_check empty). New migrations are covered without touching this file: the seeder reads the schema.
 *
 * The trap it guards against: drizzle-kit rebuilds SQLite tables (create new, copy, drop old, rename) inside the
 * migrator's transaction, where `PRAGMA foreign_keys=OFF` is a no-op, so the DROP cascades and silently empties
 * child tables (drizzle-orm#5782). A fixture migration shows the check catching it, and migrateDatabase avoiding it.
 */
import { writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type Database from 'better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import t from 'tap'
import { openDatabase, type SqliteDb as Db } from '../src/store/sqlite/connect.js'
import { migrateDatabase, migrationsApplied, migrationsFolder } from '../src/store/sqlite/migrate.js'
import { parentsFirst, prefixOf, readJournal, realistic } from './fixtures/migration-folder.js'
import { tempDir } from './fixtures/server-process.js'

// ---- A schema-driven seeder: a few valid rows in every table, references included ----

interface Column {
  name: string
  type: string
  notnull: number
  dflt_value: unknown
  pk: number
  hidden: number
}
interface ForeignKey {
  id: number
  seq: number
  table: string
  from: string
  to: string | null
}
type Row = Record<string, unknown>

const ROWS_PER_STEP = 2
let counter = 0

/** Ordinary tables: not SQLite's own, not drizzle's journal, not virtual tables (FTS) nor their shadow tables. */
function userTables(client: Database.Database): string[] {
  const all = client
    .prepare(
      `select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations' order by name`,
    )
    .all() as { name: string; sql: string }[]
  const virtual = all.filter((table) => /^create\s+virtual\s+table/i.test(table.sql)).map((table) => table.name)
  return all.map((table) => table.name).filter((name) => !virtual.some((v) => name === v || name.startsWith(`${v}_`)))
}

function rowCounts(client: Database.Database): Map<string, number> {
  return new Map(
    userTables(client).map((table) => [table, (client.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n]),
  )
}

/** Parents before children, from each table's foreign keys. */
const tablesInOrder = (client: Database.Database, tables: string[]): string[] =>
  parentsFirst(tables, (table) => (client.pragma(`foreign_key_list("${table}")`) as ForeignKey[]).map((fk) => fk.table))

function valueFor(table: string, column: Column, n: number): unknown {
  const special = realistic[`${table}.${column.name}`]
  if (special) return special(n)
  const type = column.type.toUpperCase()
  if (type.includes('INT')) return n
  if (/CHAR|CLOB|TEXT/.test(type)) return `${table}.${column.name}.${n}`
  if (/REAL|FLOA|DOUB/.test(type)) return n + 0.5
  if (type.includes('BLOB') || type === '') return Buffer.from(`${n}`)
  return n
}

/** Inserts ROWS_PER_STEP rows into every table; each child row references rows its parents got in this step. */
function seed(client: Database.Database): void {
  const added = new Map<string, Row[]>()
  for (const table of tablesInOrder(client, userTables(client))) {
    const columns = (client.pragma(`table_xinfo("${table}")`) as Column[]).filter((c) => c.hidden === 0)
    const keyColumns = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk)
    const rowidAlias = keyColumns.length === 1 && keyColumns[0]!.type.toUpperCase() === 'INTEGER'
    const withoutRowid = /without\s+rowid/i.test(
      (client.prepare(`select sql from sqlite_master where name = ?`).get(table) as { sql: string }).sql,
    )
    const foreignKeys = new Map<number, ForeignKey[]>()
    for (const fk of client.pragma(`foreign_key_list("${table}")`) as ForeignKey[])
      foreignKeys.set(fk.id, [...(foreignKeys.get(fk.id) ?? []), fk])
    const rows: Row[] = []
    for (let i = 0; i < ROWS_PER_STEP; i++) {
      const values: Row = {}
      for (const [index, pairs] of [...foreignKeys.values()].entries()) {
        const parentTable = pairs[0]!.table
        const self = parentTable === table
        const candidates = self ? rows : (added.get(parentTable) ?? [])
        const parent = self ? candidates.at(-1) : candidates[(i + index) % candidates.length]
        const parentKey = (client.pragma(`table_xinfo("${parentTable}")`) as Column[]).filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk)
        for (const pair of pairs) {
          const to = pair.to ?? parentKey[pair.seq]!.name
          values[pair.from] = parent ? parent[to] : null
        }
      }
      for (const column of columns) {
        if (column.name in values) continue
        if (rowidAlias && column.pk > 0) continue
        if (column.dflt_value !== null || (column.notnull === 0 && column.pk === 0)) continue
        values[column.name] = valueFor(table, column, ++counter)
      }
      const names = Object.keys(values)
      const sql =
        names.length === 0
          ? `insert into "${table}" default values`
          : `insert into "${table}" (${names.map((n) => `"${n}"`).join(', ')}) values (${names.map(() => '?').join(', ')})`
      let info: Database.RunResult
      try {
        info = client.prepare(sql).run(...names.map((n) => values[n]))
      } catch (error) {
        throw new Error(`Seeding ${table} with ${JSON.stringify(values)} failed (${String(error)}); add a realistic value for the column`)
      }
      rows.push(withoutRowid ? values : (client.prepare(`select * from "${table}" where rowid = ?`).get(info.lastInsertRowid) as Row))
    }
    added.set(table, rows)
  }
}

// ---- The stepwise check ----

interface Step {
  tag: string
  lost: { table: string; before: number; after: number | null }[]
  brokenReferences: unknown[]
  counts: Map<string, number>
}

/**
 * Applies the migrations of `folder` one at a time with `apply`; before each one, seeds every table that exists.
 * Reports, per migration, the tables that lost rows (or vanished) and the broken references.
 */
async function migrateStepwise(db: Db, folder: string, work: string, apply: (db: Db, folder: string) => unknown): Promise<Step[]> {
  const client = db.$client
  const steps: Step[] = []
  const { entries } = readJournal(folder)
  for (let k = 1; k <= entries.length; k++) {
    if (k > 1) seed(client)
    const before = rowCounts(client)
    await apply(db, prefixOf(folder, k, join(work, `step-${k}`)))
    const after = rowCounts(client)
    const lost = [...before]
      .filter(([table, n]) => (after.get(table) ?? -1) < n)
      .map(([table, n]) => ({ table, before: n, after: after.get(table) ?? null }))
    steps.push({ tag: entries[k - 1]!.tag, lost, brokenReferences: client.pragma('foreign_key_check') as unknown[], counts: before })
  }
  seed(client)
  return steps
}

const describe = (counts: Map<string, number>) => [...counts].map(([table, n]) => `${table}=${n}`).join(' ') || 'empty'

t.test('every migration keeps every row and reference of a seeded database', async (t) => {
  const dir = tempDir(t, 'migrations')
  const db = openDatabase(join(dir, 'kabar.db'))
  t.teardown(() => db.$client.close())
  const steps = await migrateStepwise(db, migrationsFolder, dir, migrateDatabase)
  t.equal(steps.length, readJournal(migrationsFolder).entries.length, `all ${steps.length} migration(s) applied one by one`)
  for (const step of steps) {
    t.same(step.lost, [], `${step.tag}: no table lost rows (before: ${describe(step.counts)})`)
    t.same(step.brokenReferences, [], `${step.tag}: foreign_key_check is empty`)
  }
  t.equal(db.$client.pragma('foreign_keys', { simple: true }), 1, 'foreign keys are back on after migrating')
  t.ok(migrationsApplied(db), 'the database counts as migrated')
  const seeded = rowCounts(db.$client)
  t.ok(
    [...seeded.values()].every((n) => n > 0),
    `every table was seeded (${describe(seeded)})`,
  )

  await migrateDatabase(db)
  t.same(rowCounts(db.$client), seeded, 'migrating an up-to-date database again changes nothing')

  // Applied one by one or all at once, the schema is the same.
  const fresh = openDatabase(join(dir, 'fresh.db'))
  t.teardown(() => fresh.$client.close())
  await migrateDatabase(fresh)
  const schema = (client: Database.Database) =>
    client.prepare(`select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%' order by type, name`).all()
  t.same(schema(db.$client), schema(fresh.$client), 'the stepwise schema equals the all-at-once schema')
})

/**
 * The migration drizzle-kit would write to rebuild each table that other tables reference (create new, copy,
 * drop old, rename, recreate indexes), generated from the schema the real migrations produce.
 */
function rebuildParentsMigration(schemaOf: Database.Database): string {
  const parents = [
    ...new Set(
      userTables(schemaOf).flatMap((table) => (schemaOf.pragma(`foreign_key_list("${table}")`) as ForeignKey[]).map((fk) => fk.table)),
    ),
  ].sort()
  const statements = ['PRAGMA foreign_keys=OFF;']
  for (const table of parents) {
    const { sql } = schemaOf.prepare(`select sql from sqlite_master where type = 'table' and name = ?`).get(table) as { sql: string }
    const indexes = schemaOf
      .prepare(`select sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null`)
      .all(table) as { sql: string }[]
    const columns = (schemaOf.pragma(`table_xinfo("${table}")`) as Column[])
      .filter((c) => c.hidden === 0)
      .map((c) => `"${c.name}"`)
      .join(', ')
    statements.push(
      sql.replace(/^CREATE TABLE [`"]?\w+[`"]?/i, `CREATE TABLE \`__new_${table}\``).replaceAll(`"${table}".`, `"__new_${table}".`) + ';',
      `INSERT INTO \`__new_${table}\`(${columns}) SELECT ${columns} FROM \`${table}\`;`,
      `DROP TABLE \`${table}\`;`,
      `ALTER TABLE \`__new_${table}\` RENAME TO \`${table}\`;`,
      ...indexes.map((index) => `${index.sql};`),
    )
  }
  statements.push('PRAGMA foreign_keys=ON;')
  return statements.join('--> statement-breakpoint\n')
}

t.test('a drizzle-kit rebuild of every referenced table of the real schema keeps every child row', async (t) => {
  const dir = tempDir(t, 'migrations-rebuild-real')
  const scratch = openDatabase(':memory:')
  await migrateDatabase(scratch)
  const sql = rebuildParentsMigration(scratch.$client)
  scratch.$client.close()
  t.match(sql, /ALTER TABLE `__new_articles` RENAME TO `articles`/, 'the generated migration rebuilds articles, among others')

  const folder = prefixOf(migrationsFolder, readJournal(migrationsFolder).entries.length, join(dir, 'with-rebuild'))
  const journal = readJournal(folder)
  const last = journal.entries.at(-1)!
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag: 'zz_rebuild_referenced_tables' })
  writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify(journal, null, 2))
  writeFileSync(join(folder, 'zz_rebuild_referenced_tables.sql'), sql)

  const db = openDatabase(join(dir, 'kabar.db'))
  t.teardown(() => db.$client.close())
  const steps = await migrateStepwise(db, folder, dir, migrateDatabase)
  const rebuild = steps.at(-1)!
  t.ok(
    rebuild.counts.size > 0 && [...rebuild.counts.values()].every((n) => n > 0),
    `every table had rows before the rebuild (${describe(rebuild.counts)})`,
  )
  t.same(rebuild.lost, [], 'no table lost rows')
  t.same(rebuild.brokenReferences, [], 'foreign_key_check is empty')
})

const rebuildFixture = resolve(dirname(fileURLToPath(import.meta.url)), 'fixtures/migrations-rebuild')

t.test('a drizzle-kit table rebuild of a parent table (drizzle-orm#5782)', async (t) => {
  t.test('with plain migrate() and foreign keys on, the DROP cascades: the check sees the child rows vanish', async (t) => {
    const dir = tempDir(t, 'migrations-naive')
    const db = openDatabase(join(dir, 'kabar.db'))
    t.teardown(() => db.$client.close())
    const steps = await migrateStepwise(db, rebuildFixture, dir, (db, folder) => migrate(db, { migrationsFolder: folder }))
    t.same(steps[0]!.lost, [], `${steps[0]!.tag} creates the tables`)
    t.match(
      steps[1]!.lost,
      [{ table: 'stories', before: ROWS_PER_STEP, after: 0 }],
      `${steps[1]!.tag}: the guard reports the emptied child table`,
    )
  })

  t.test('with migrateDatabase (foreign keys off around migrate), the child rows survive', async (t) => {
    const dir = tempDir(t, 'migrations-guarded')
    const db = openDatabase(join(dir, 'kabar.db'))
    t.teardown(() => db.$client.close())
    const steps = await migrateStepwise(db, rebuildFixture, dir, migrateDatabase)
    for (const step of steps) {
      t.same(step.lost, [], `${step.tag}: no table lost rows (before: ${describe(step.counts)})`)
      t.same(step.brokenReferences, [], `${step.tag}: foreign_key_check is empty`)
    }
    const columns = (db.$client.pragma('table_xinfo(sections)') as Column[]).map((c) => c.name)
    t.same(columns, ['id', 'name', 'position'], 'the rebuild did happen')
    t.equal(db.$client.pragma('foreign_keys', { simple: true }), 1, 'foreign keys are back on')
  })
})

t.test(
  'a migration that leaves a broken reference is refused and rolled back; a start with nothing to apply skips the check',
  async (t) => {
    const dir = tempDir(t, 'migrations-broken')
    const db = openDatabase(join(dir, 'kabar.db'))
    t.teardown(() => db.$client.close())
    const applied = await migrateDatabase(db)
    t.equal(applied, readJournal(migrationsFolder).entries.length, 'a new database gets every migration')
    t.equal(await migrateDatabase(db), 0, 'a second start applies nothing')

    const folder = prefixOf(migrationsFolder, applied, join(dir, 'with-orphan'))
    const journal = readJournal(folder)
    const last = journal.entries.at(-1)!
    journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag: 'zz_orphan_tag_link' })
    writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify(journal, null, 2))
    writeFileSync(
      join(folder, 'zz_orphan_tag_link.sql'),
      'INSERT INTO `article_tags` (`article_id`, `tag_id`, `position`) VALUES (424242, 434343, 0);',
    )

    await t.rejects(
      migrateDatabase(db, folder),
      /Migration left 2 broken foreign key reference/,
      'the check refuses it (the row names neither an article nor a tag)',
    )
    t.equal(db.$client.prepare('select count(*) as n from article_tags').pluck().get(), 0, 'its row was rolled back')
    t.ok(migrationsApplied(db), 'the database is as it was: every real migration, not the refused one')
    t.equal(
      db.$client.prepare('select count(*) as n from __drizzle_migrations').pluck().get(),
      applied,
      'the refused migration is not recorded',
    )
    t.equal(db.$client.pragma('foreign_keys', { simple: true }), 1, 'foreign keys are back on')

    // The check reads every reference (about 1.2 s at 100,000 articles, under the write lock): a start with nothing
    // to apply does not run it, shown here by a reference broken behind the app's back that it does not report.
    db.$client.pragma('foreign_keys = OFF')
    db.$client.prepare('insert into article_tags (article_id, tag_id, position) values (424242, 434343, 0)').run()
    db.$client.pragma('foreign_keys = ON')
    t.equal(await migrateDatabase(db), 0, 'nothing to apply: started without the check')
  },
)
