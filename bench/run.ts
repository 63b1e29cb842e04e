import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, platform, release, tmpdir, totalmem } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs, promisify } from 'node:util'
import type autocannon from 'autocannon'
import { buildDataset, type ConnectModule } from './dataset.js'
import { runLoad, type LoadResult } from './load.js'
import { Child, RssSampler, cpuSeconds, freePort, machineBusySeconds, procMemory, waitForHttp } from './processes.js'
import { formatProfile, monotonicUs, summariseProfiles, type Window } from './profile.js'
import { judge, megabytes, table, targetText, type ScenarioKey, type ScenarioReport, type Target } from './report.js'
import { hostileCreates, sampleArticles, scenarios, type Background } from './scenarios.js'

/** The Node flags of `npm start` (e.g. the heap limits), so that the server runs exactly as production runs it. */
function startFlags(): string[] {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  const words = start.split(/\s+/)
  return words.slice(words.indexOf('node') + 1, words.indexOf('dist/server.js'))
}

/**
 * `npm run bench [-- --articles 10000 --connections 10 --duration 10 --warmup 2 --out bench.json --only a,c --seed 1 --dir /tmp --keep --profile]`
 *
 * Builds a realistic newsroom database in a temporary file, starts the built server (`node dist/server.js`) on it
 * exactly as production does, and drives it with autocannon through the read and write scenarios below, next to a
 * bare-Fastify baseline in its own process. Exits 1 if any response had the wrong status or a connection failed;
 * missed performance targets are reported, not fatal.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const scenarioKeys: readonly ScenarioKey[] = ['a', 'b', 'c', 'd', 'e', 'f', 'p', 'g']

interface Options {
  articles: number
  connections: number
  duration: number
  warmup: number
  seed: number
  out: string | undefined
  only: Set<ScenarioKey>
  keep: boolean
  profile: boolean
  /** Where the temporary database directory is made (its disk's fsync latency bounds the write scenario). */
  dir: string
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      articles: { type: 'string', default: '10000' },
      connections: { type: 'string', default: '10' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      seed: { type: 'string', default: '20240717' },
      out: { type: 'string' },
      only: { type: 'string' },
      keep: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      dir: { type: 'string', default: tmpdir() },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    console.log(
      'npm run bench -- [--articles N=10000] [--connections N=10] [--duration S=10] [--warmup S=2] [--seed N] [--out file.json] [--only a,b,c,d,e,f,g] [--dir DIR] [--keep] [--profile]',
    )
    process.exit(0)
  }
  const integer = (name: string, raw: string, min: number): number => {
    if (!/^\d+$/.test(raw) || Number(raw) < min) throw new Error(`--${name} must be an integer ≥ ${min} (got ${JSON.stringify(raw)})`)
    return Number(raw)
  }
  const only = new Set<ScenarioKey>()
  for (const key of (
    values.only ??
    scenarios
      .filter((s) => !s.optIn)
      .map((s) => s.key)
      .join(',')
  )
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '')) {
    if (!scenarioKeys.includes(key as ScenarioKey))
      throw new Error(`--only takes scenario letters ${scenarioKeys.join(',')} (got ${JSON.stringify(key)})`)
    only.add(key as ScenarioKey)
  }
  if (only.size === 0) throw new Error('--only selected no scenario')
  return {
    articles: integer('articles', values.articles, 10),
    connections: integer('connections', values.connections, 1),
    duration: integer('duration', values.duration, 1),
    warmup: integer('warmup', values.warmup, 0),
    seed: integer('seed', values.seed, 0),
    out: values.out,
    only,
    keep: values.keep,
    profile: values.profile,
    dir: values.dir,
  }
}

const log = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`)
}

/** The write key for scenario (f), made the way an operator makes one: the CLI, against the same database file. */
async function createWriteKey(env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(root, 'dist/cli/keys.js'), 'create', '--name', 'bench', '--scope', 'write'],
    { env, cwd: root },
  )
  const secret = stdout.trim().split('\n').at(-1)?.trim() ?? ''
  if (!/^[A-Za-z0-9_-]{20,200}$/.test(secret)) throw new Error(`Could not read the key secret from the keys CLI output:\n${stdout}`)
  return secret
}

interface Measurable {
  key: ScenarioReport['key']
  name: string
  expectStatus: number
  target: Target | null
  notes: string[]
  requests: autocannon.Request[]
  background?: Background
}

/** A warm-up (discarded, but its statuses still count as failures) and the measured run. */
async function measure(plan: Measurable, origin: string, options: Options, pid: number, windows: Window[] = []): Promise<ScenarioReport> {
  const spec = { origin, connections: options.connections, requests: plan.requests, expectStatus: plan.expectStatus }
  log(
    `${plan.key === 'baseline' ? 'baseline' : `(${plan.key})`} ${plan.name}: warm-up ${options.warmup}s, then ${options.duration}s × ${options.connections} connections`,
  )
  const warmup: LoadResult | null = options.warmup > 0 ? await runLoad({ ...spec, duration: options.warmup }) : null
  const sampler = new RssSampler(pid)
  const before = { server: cpuSeconds(pid), self: process.cpuUsage(), machine: machineBusySeconds(), us: monotonicUs() }
  const beside = plan.background?.start()
  const result = await runLoad({ ...spec, duration: options.duration })
  const besides = await beside?.stop()
  const after = { server: cpuSeconds(pid), self: process.cpuUsage(before.self), machine: machineBusySeconds(), us: monotonicUs() }
  windows.push({ label: `(${plan.key}) ${plan.name}`, startUs: before.us, endUs: after.us })
  const peakRssBytes = sampler.stop()
  const used =
    before.server === null || after.server === null
      ? null
      : { user: after.server.user - before.server.user, system: after.server.system - before.server.system }
  const cpu = used === null ? null : used.user + used.system
  const perRequest = (seconds: number | undefined) =>
    seconds === undefined || result.requests === 0 ? null : (seconds * 1e6) / result.requests
  const self = (after.self.user + after.self.system) / 1e6
  const other =
    cpu === null || before.machine === null || after.machine === null ? null : Math.max(0, after.machine - before.machine - cpu - self)
  const failures =
    result.errors + result.unexpectedStatus + (warmup ? warmup.errors + warmup.unexpectedStatus : 0) + (besides?.failures ?? 0)
  return {
    key: plan.key,
    name: plan.name,
    expectStatus: plan.expectStatus,
    notes: besides ? [...plan.notes, besides.note] : plan.notes,
    warmup,
    result,
    peakRssBytes,
    cpuMicrosPerRequest: perRequest(cpu ?? undefined),
    cpuUserMicrosPerRequest: perRequest(used?.user),
    cpuSystemMicrosPerRequest: perRequest(used?.system),
    cpuPercent: cpu === null ? null : (cpu * 100) / result.durationS,
    cpuRatioToBaseline: null,
    otherCpuPercent: other === null ? null : (other * 100) / result.durationS,
    ratioToBaseline: null,
    target: plan.target,
    targetText: targetText(plan.target),
    targetMet: null,
    failures,
  }
}

function git(args: string[]): Promise<string | null> {
  return promisify(execFile)('git', args, { cwd: root }).then(
    ({ stdout }) => stdout.trim(),
    () => null,
  )
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2))
  const connectPath = join(root, 'dist/store/sqlite/connect.js')
  const migratePath = join(root, 'dist/store/sqlite/migrate.js')
  if (!existsSync(join(root, 'dist/server.js')) || !existsSync(connectPath) || !existsSync(migratePath)) {
    throw new Error('dist/ is missing: run `npm run build` first (`npm run bench` does it for you)')
  }
  const connect = {
    ...(await import(pathToFileURL(connectPath).href)),
    ...(await import(pathToFileURL(migratePath).href)),
  } as ConnectModule

  const workdir = mkdtempSync(join(options.dir, 'kabar-bench-'))
  const databasePath = join(workdir, 'bench.db')
  const children: Child[] = []
  const cleanup = async () => {
    await Promise.all(children.map((child) => child.stop()))
    if (options.keep) log(`kept the database: ${databasePath}`)
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

    const port = await freePort()
    const host = '127.0.0.1'
    const origin = `http://${host}:${port}`
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_PATH: databasePath,
      PORT: String(port),
      HOST: host,
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      RATE_LIMIT_PUBLIC: '100000000',
      RATE_LIMIT_KEYED: '100000000',
    }
    const writeKey = await createWriteKey(env)

    // --profile: V8's sampling profiler in the server, written when it exits (covers every selected scenario).
    const profileDir = join(workdir, 'profile')
    const profiling = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []
    const server = new Child('server', process.execPath, [...profiling, ...startFlags(), join(root, 'dist/server.js')], env, root)
    children.push(server)
    await waitForHttp(`${origin}/ready`, server)
    const startupLines = server.linesSeen
    log(`server pid ${server.pid} ready at ${origin}${startupLines > 0 ? ` (it logged ${startupLines} line(s) while starting)` : ''}`)

    const windows: Window[] = []
    const coldBefore = cpuSeconds(server.pid)
    const coldStart = monotonicUs()
    const sample = await sampleArticles(origin, dataset.sampleSlugs)
    windows.push({ label: 'cold reads: first GET of each sampled slug, one at a time', startUs: coldStart, endUs: monotonicUs() })
    const coldAfter = cpuSeconds(server.pid)
    const coldCpuMicros =
      coldBefore === null || coldAfter === null
        ? null
        : ((coldAfter.user + coldAfter.system - coldBefore.user - coldBefore.system) * 1e6) / dataset.sampleSlugs.length
    log(
      `all ${dataset.sampleSlugs.length} sampled slugs answer 200; mean ${sample.meanBytes} B, ${sample.meanColdMs.toFixed(2)} ms per sequential cold GET`,
    )
    const selected = scenarios.filter((s) => options.only.has(s.key))
    const reports: ScenarioReport[] = []

    if (selected.some((s) => s.target === null || s.target.kind === 'baseline')) {
      const basePort = await freePort()
      const baseline = new Child(
        'baseline',
        process.execPath,
        ['--import', 'tsx', join(root, 'bench/baseline.ts')],
        { ...process.env, NODE_ENV: 'production', PORT: String(basePort), HOST: host, BODY_BYTES: String(sample.meanBytes) },
        root,
      )
      children.push(baseline)
      const baseOrigin = `http://${host}:${basePort}`
      await waitForHttp(`${baseOrigin}/`, baseline)
      reports.push(
        await measure(
          {
            key: 'baseline',
            name: `bare Fastify, constant ${sample.meanBytes} B JSON`,
            expectStatus: 200,
            target: null,
            notes: [`separate process; body size = mean of (a)'s responses`],
            requests: [{ method: 'GET', path: '/' }],
          },
          baseOrigin,
          options,
          baseline.pid,
        ),
      )
      await baseline.stop()
    }

    const context = { origin, dataset, writeKey, seed: options.seed }
    for (const scenario of selected) {
      if (!server.running) throw new Error(`the server exited during the run:\n${server.output()}`)
      const prepared = await scenario.prepare(context)
      reports.push(await measure({ ...scenario, ...prepared }, origin, options, server.pid, windows))
    }
    const hostile = writeKey === '' ? null : await hostileCreates(origin, writeKey)
    const serverPeakRss = procMemory(server.pid, 'VmHWM')
    const serverLog = server.logLines(startupLines)
    const serverLogCount = server.linesSeen - startupLines
    await server.stop()
    judge(reports)
    const profiles = options.profile ? summariseProfiles(profileDir, root, windows) : []
    if (options.profile && profiles.length === 0) log('no CPU profile was written (the server did not exit cleanly)')

    const failures = reports.reduce((sum, r) => sum + r.failures, 0)
    console.log('')
    console.log(
      `Kabar benchmark — ${options.articles} articles, ${options.connections} connections, ${options.duration} s per scenario (+${options.warmup} s warm-up), Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`,
    )
    console.log('req/s = autocannon per-second samples (mean, median); latencies exact per request; ratios and targets use the mean.')
    console.log(
      'CPU = time the process under test spent per request (user+kernel), and as % of one core; "CPU × base" = baseline µs/req ÷ scenario µs/req.',
    )
    console.log('')
    console.log(table(reports))
    console.log('')
    for (const r of reports) for (const note of r.notes) console.log(`  ${r.key === 'baseline' ? 'baseline' : `(${r.key})`} ${note}`)
    const coldCpu = coldCpuMicros === null ? '' : `, ${coldCpuMicros.toFixed(0)} µs server CPU each`
    console.log(
      `  cold reads (first touch of each of the ${dataset.sampleSlugs.length} slugs, one at a time, before any load): ${sample.meanColdMs.toFixed(2)} ms per GET${coldCpu}`,
    )
    if (hostile !== null) {
      const worst = hostile.reduce((a, b) => (b.ms > a.ms ? b : a))
      console.log(
        `  hostile bodies (one create each, target ≤ 100 ms): ${hostile.map((h) => `${h.shape} ${h.status} in ${h.ms.toFixed(1)} ms`).join('; ')}; worst ${worst.ms.toFixed(1)} ms`,
      )
    }
    console.log(
      `  server peak RSS (VmHWM): ${megabytes(serverPeakRss)}; dataset: ${megabytes(dataset.fileBytes)} built in ${(dataset.buildMs / 1000).toFixed(1)} s`,
    )
    if (serverLogCount > 0) {
      console.log(
        `  the server logged ${serverLogCount} line(s) at warn or above under load; first: ${serverLog.slice(0, 2).join(' | ').slice(0, 600)}`,
      )
    }
    const busy = reports.filter((r) => (r.otherCpuPercent ?? 0) > 15)
    if (busy.length > 0) {
      const detail = busy
        .map((r) => `${r.key === 'baseline' ? 'baseline' : `(${r.key})`} ${(r.otherCpuPercent ?? 0).toFixed(0)}%`)
        .join(', ')
      console.log(
        `  WARNING: other processes used CPU during the runs (% of one core: ${detail}): their req/s are understated; CPU µs/req is the steadier figure`,
      )
    }
    const missed = reports.filter((r) => r.targetMet === false).map((r) => `(${r.key})`)
    console.log(`  targets: ${missed.length === 0 ? 'all met' : `missed by ${missed.join(', ')}`}`)
    for (const r of reports.filter((x) => x.failures > 0)) {
      const statuses = Object.entries(r.result.statuses)
        .map(([s, c]) => `${s}×${c}`)
        .join(', ')
      console.log(
        `  FAILED ${r.key}: ${r.failures} bad response(s) or errors (expected ${r.expectStatus}; got ${statuses}; ${r.result.errors} connection errors)`,
      )
    }

    for (const profile of profiles) console.log(`\n${formatProfile(profile)}`)

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
          meanArticleResponseBytes: sample.meanBytes,
          meanColdGetMs: sample.meanColdMs,
          coldGetCpuMicros: coldCpuMicros,
        },
        server: {
          peakRssBytes: serverPeakRss,
          startupLogLines: startupLines,
          logLineCount: serverLogCount,
          logLines: serverLog.slice(0, 50),
        },
        scenarios: reports,
        profiles,
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
