/**
 * Start-up failures end the process with exit code 1 and one line naming the cause and the variable — never a
 * stack trace — and a server that cannot listen creates and migrates no database.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { join } from 'node:path'
import t from 'tap'
import { runTs } from './child-process.js'
import { freePort, serverEnv, tempDir } from './fixtures/server-process.js'
import { mountTmpfs, remount, tmpfsUnavailable } from './fixtures/tmpfs.js'

const start = async (env: Record<string, string>) => {
  const failed = await runTs('src/server.ts', [], {
    ...(serverEnv(env.DATABASE_PATH ?? '') as Record<string, string>),
    PORT: String(await freePort()),
    ...env,
  }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => error,
  )
  return { code: failed.code, lines: failed.stderr.trim().split('\n') }
}

t.test('each start-up failure is one line naming its cause', async (t) => {
  const dir = tempDir(t, 'startup')
  const corrupt = join(dir, 'corrupt.db')
  writeFileSync(corrupt, 'this is not a database file, only some text pretending to be one'.repeat(100))
  mkdirSync(join(dir, 'a-folder.db'))
  const cases: [string, Record<string, string>, RegExp][] = [
    ['a directory', { DATABASE_PATH: join(dir, 'a-folder.db') }, /^DATABASE_PATH=.*a-folder\.db is a directory, not a database file$/],
    ['a corrupted file', { DATABASE_PATH: corrupt }, /^DATABASE_PATH=.*corrupt\.db is not a SQLite database, or it is corrupted$/],
    ['a bad log level', { DATABASE_PATH: join(dir, 'x.db'), LOG_LEVEL: 'loud' }, /^Invalid LOG_LEVEL="loud"/],
    [
      'a host this machine does not have',
      { DATABASE_PATH: join(dir, 'host.db'), HOST: 'no-such-host.invalid' },
      /^HOST=no-such-host\.invalid cannot be listened on \(E[A-Z]+\)$/,
    ],
    ['a bad WORKERS', { DATABASE_PATH: join(dir, 'workers.db'), WORKERS: '0' }, /^Invalid WORKERS="0"/],
    ['a bad TRUST_PROXY', { DATABASE_PATH: join(dir, 'proxy.db'), TRUST_PROXY: '10.0.0.0/99' }, /^Invalid TRUST_PROXY=/],
  ]
  for (const [what, env, line] of cases) {
    const { code, lines } = await start(env)
    t.equal(code, 1, `${what}: exit 1`)
    t.equal(lines.length, 1, `${what}: one line`)
    t.match(lines[0], line, what)
  }
  t.notOk(existsSync(join(dir, 'host.db')), 'no database was created for a server that could not listen')
})

t.test('a port in use is named, and no database is created or migrated', async (t) => {
  const dir = tempDir(t, 'port')
  const taken = net.createServer()
  await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done))
  t.teardown(() => new Promise((done) => taken.close(done)))
  const port = (taken.address() as net.AddressInfo).port
  const { code, lines } = await start({ DATABASE_PATH: join(dir, 'kabar.db'), PORT: String(port) })
  t.equal(code, 1)
  t.same(lines, [`PORT=${port} is already in use on 127.0.0.1`])
  t.notOk(existsSync(join(dir, 'kabar.db')))
})

t.test('a read-only file system: the server refuses to start, naming the path', { skip: tmpfsUnavailable }, async (t) => {
  const dir = tempDir(t, 'readonly')
  mountTmpfs(t, dir, '4m')
  const path = join(dir, 'kabar.db')
  await runTs('src/cli/migrate.ts', [], { DATABASE_PATH: path })
  remount(dir, true)
  const { code, lines } = await start({ DATABASE_PATH: path })
  t.equal(code, 1)
  t.match(lines, [/^DATABASE_PATH=.*kabar\.db cannot be opened for writing \(a read-only file, folder or file system\)$/])
})
