import { randomBytes } from 'node:crypto'
import pg from 'pg'
import t from 'tap'
import { dedicatedPostgres, freshDatabase, templateDatabase } from '../fixtures/postgres.js'

const query = async (url: string, sql: string): Promise<unknown[]> => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(sql)).rows
  } finally {
    await client.end()
  }
}

const tables = (url: string) => query(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
const databaseName = (url: string) => new URL(url).pathname.slice(1)

t.test('freshDatabase gives each call an empty database of its own on the fast shared server', async (t) => {
  const [first, second] = await Promise.all([freshDatabase(t), freshDatabase(t)])
  t.not(databaseName(first), databaseName(second))
  t.same(await tables(first), [])
  await query(first, 'CREATE TABLE notes (id int)')
  t.same(await tables(first), [{ table_name: 'notes' }])
  t.same(await tables(second), [])
  t.same(await query(first, 'SHOW fsync'), [{ fsync: 'off' }])
})

t.test('the database is dropped when its test ends', async (t) => {
  let name = ''
  await t.test('a test with a database', async (t) => {
    name = databaseName(await freshDatabase(t))
  })
  const other = await freshDatabase(t)
  t.same(await query(other, `SELECT datname FROM pg_database WHERE datname = '${name}'`), [])
})

t.test('freshDatabase copies a template that is prepared once', async (t) => {
  const name = `fixture_template_${randomBytes(3).toString('hex')}`
  let prepared = 0
  const prepare = async (url: string) => {
    prepared++
    await query(url, "CREATE TABLE sections (id int PRIMARY KEY, name text); INSERT INTO sections VALUES (1, 'Nasional')")
  }
  t.same(await Promise.all([templateDatabase(name, prepare), templateDatabase(name, prepare)]), [name, name])
  t.equal(prepared, 1)
  const copy = await freshDatabase(t, { template: name })
  t.same(await query(copy, 'SELECT * FROM sections'), [{ id: 1, name: 'Nasional' }])
  await query(copy, 'DELETE FROM sections')
  const another = await freshDatabase(t, { template: name })
  t.same(
    await query(another, 'SELECT * FROM sections'),
    [{ id: 1, name: 'Nasional' }],
    'a copy changes neither the template nor other copies',
  )
})

t.test('a dedicated server refuses connections while stopped and keeps its data across a restart', async (t) => {
  const server = await dedicatedPostgres(t)
  t.equal(new URL(server.url).port, String(server.port))
  t.same(await query(server.url, 'SHOW fsync'), [{ fsync: 'on' }])
  await query(server.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (1)')

  const open = new pg.Client({ connectionString: server.url })
  const errors: Error[] = []
  open.on('error', (error) => errors.push(error))
  const ended = new Promise((resolve) => open.once('end', resolve))
  await open.connect()
  await server.stop()
  await ended
  t.match(errors[0], { code: '57P01' }, 'open connections are terminated')
  await t.rejects(query(server.url, 'SELECT 1'), { code: 'ECONNREFUSED' })

  await server.start()
  t.same(await query(server.url, 'SELECT n FROM kept'), [{ n: 1 }])
})
