import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import t from 'tap'
import { repoRoot } from './fixtures/server-process.js'

// The dependency rule: only the storage layer (src/store/) touches the database driver, runs SQL or opens
// transactions. Everything else reaches the database through the store's port. The visibility rule is the one
// exception that names SQL outside it: it builds its SQL form as a fragment (never runs it), beside its JS form.

const src = join(repoRoot, 'src')
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  )

const storage = (file: string) => relative(src, file).startsWith('store/')
const fragmentOnly = new Set(['domain/visibility.ts'])

/** What running SQL or holding a transaction looks like in this code base. */
const forbidden: [RegExp, string][] = [
  [/from 'better-sqlite3'/, 'imports the SQLite driver'],
  [/from 'drizzle-orm\/[^']+'/, 'imports a drizzle driver or dialect'],
  [/\.transaction\(|\bBEGIN\b|\bCOMMIT\b|\bSAVEPOINT\b/, 'opens a transaction'],
  [/\$client|\.prepare\(|\.exec\(\s*['`]|\.pragma\(/, 'runs SQL on a connection'],
  [/\b(select|insert|update|delete)\b[^'`\n]*\b(from|into|set)\b\s+["`]?[a-z_]+/i, 'holds an SQL statement'],
]

t.test('no file outside the storage layer runs SQL or opens a transaction', async (t) => {
  const outside = files(src).filter((file) => !storage(file))
  t.ok(outside.length > 30, `${outside.length} files checked`)
  const offences = outside.flatMap((file) => {
    const text = readFileSync(file, 'utf8')
    const name = relative(src, file)
    const rules = forbidden.filter(([pattern]) => pattern.test(text)).map(([, what]) => `${name} ${what}`)
    const drizzle = /from 'drizzle-orm'/.test(text) && !fragmentOnly.has(name) ? [`${name} builds SQL with drizzle-orm`] : []
    return [...rules, ...drizzle]
  })
  t.same(offences, [])
})

t.test('the check sees the offences it looks for', async (t) => {
  const offending = [
    "import Database from 'better-sqlite3'",
    'db.transaction(() => {})',
    "client.prepare('x')",
    'delete from articles where id = 1',
  ]
  for (const line of offending)
    t.ok(
      forbidden.some(([pattern]) => pattern.test(line)),
      line,
    )
  t.ok(
    files(join(src, 'store')).some((file) => forbidden.some(([pattern]) => pattern.test(readFileSync(file, 'utf8')))),
    'the storage layer itself does these things',
  )
})

// Inside the storage layer, the code both stores share (src/store/*.ts) speaks only what both drizzle dialects
// have: awaited query builders, and statements prepared by name (`prepared`, which both accept). Each dialect's driver, connections and hand-written dialect SQL live in its folder.
const shared = files(join(src, 'store')).filter((file) => !/store\/(sqlite|postgres)\//.test(file))
const dialectOnly: [RegExp, string][] = [
  [/from '(better-sqlite3|pg)'|from 'drizzle-orm\/(better-sqlite3|node-postgres|pg-core)'/, 'imports a driver or dialect'],
  [/\.(get|all|run|prepare)\(\)|\$client/, 'uses a method only one dialect has'],
  [/from '\.\/(sqlite|postgres)\/schema\.js'(?!.*import type)/, 'reads tables of one dialect'],
]

t.test('the storage code both stores share uses no dialect of its own', async (t) => {
  t.ok(shared.length >= 10, `${shared.length} shared files checked`)
  const offences = shared.flatMap((file) => {
    const lines = readFileSync(file, 'utf8').split('\n')
    const name = relative(src, file)
    return dialectOnly.flatMap(([pattern, what]) =>
      lines.some((line) => pattern.test(line) && !/^import type /.test(line)) ? [`${name} ${what}`] : [],
    )
  })
  // The composition root opens either store.
  t.same(
    offences.filter((o) => o !== 'store/index.ts imports a driver or dialect'),
    [],
  )
  for (const line of ["import pg from 'pg'", 'query.get()', 'db.$client', "import { tags } from './sqlite/schema.js'"])
    t.ok(
      dialectOnly.some(([pattern]) => pattern.test(line)),
      line,
    )
})
