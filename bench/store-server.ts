import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Dataset } from './dataset.js'
import { hostileCreates } from './hostile.js'
import { webhookLatency, type WebhookLatency } from './webhooks.js'
import { log, measure, type DatabaseProbe, type Endpoint } from './measure.js'
import type { Options } from './options.js'
import { Child, cpuSeconds, freePort, procMemory, waitForHttp } from './processes.js'
import { monotonicUs, summariseProfiles, type ProfileSummary, type Window } from './profile.js'
import type { ScenarioKey, ScenarioReport } from './report.js'
import type { Scenario } from './scenario.js'
import { sampleArticles } from './scenarios.js'

/** One store the server runs on: the variables that select it, and its database server if it has processes of its own. */
export interface StoreSetup {
  name: 'sqlite' | 'postgres'
  label: string
  /** What the report says about it (where it lives, how it commits). */
  description: string
  env: NodeJS.ProcessEnv
  database?: DatabaseProbe
}

/** Everything measured on one store. */
export interface StoreRun {
  store: StoreSetup['name']
  label: string
  description: string
  reports: ScenarioReport[]
  /** Mean size of (a)'s responses; what the baseline sends. */
  meanBytes: number
  meanColdMs: number
  coldCpuMicros: number | null
  hostile: { shape: string; status: number; ms: number }[] | null
  webhooks: WebhookLatency | null
  serverPeakRss: number | null
  startupLines: number
  serverLog: string[]
  serverLogCount: number
  profiles: ProfileSummary[]
}

export interface RunContext {
  root: string
  workdir: string
  options: Options
  dataset: Dataset
  /** Every child started is added here, so that an interrupted run can stop it. */
  children: Child[]
}

/** A server started on one store, ready for the scenarios. */
export interface StoreServer {
  setup: StoreSetup
  server: Child
  endpoint: Endpoint & { windows: Window[] }
  writeKey: string
  profileDir: string
  run: Omit<StoreRun, 'hostile' | 'webhooks' | 'serverPeakRss' | 'serverLog' | 'serverLogCount' | 'profiles'>
}

/** The Node flags of `npm start` (e.g. the heap limits), so that the server runs exactly as production runs it. */
function startFlags(root: string): string[] {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  const words = start.split(/\s+/)
  return words.slice(words.indexOf('node') + 1, words.indexOf('dist/server.js'))
}

/** The write key for the write scenarios, made the way an operator makes one: the CLI, against the same database. */
async function createWriteKey(root: string, env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(root, 'dist/cli/keys.js'), 'create', '--name', 'bench', '--scope', 'write'],
    { env, cwd: root },
  )
  const secret = stdout.trim().split('\n').at(-1)?.trim() ?? ''
  if (!/^[A-Za-z0-9_-]{20,200}$/.test(secret)) throw new Error(`Could not read the key secret from the keys CLI output:\n${stdout}`)
  return secret
}

/**
 * The dataset's rows are inserted with SQL, so nothing has indexed them for search: the reindex CLI does, against
 * the same database (the app's own analyser and index code, as an operator would after a migration).
 */
async function indexForSearch(root: string, env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'dist/cli/search-reindex.js')], { env, cwd: root })
  return stdout.trim().split('\n').at(-1)?.trim() ?? ''
}

/** Prepares a scenario against `origin`, a server on the store's database. */
const prepare = (store: StoreServer, scenario: Scenario, origin: string, { options, dataset }: Pick<RunContext, 'options' | 'dataset'>) =>
  scenario.prepare({ origin, dataset, writeKey: store.writeKey, seed: options.seed, meanBytes: store.run.meanBytes })

/** The production environment of a server on one store, on a free port. */
async function serverEnv(setup: StoreSetup, extra: NodeJS.ProcessEnv = {}): Promise<{ origin: string; env: NodeJS.ProcessEnv }> {
  const port = await freePort()
  const host = '127.0.0.1'
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: host,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    RATE_LIMIT_PUBLIC: '100000000',
    RATE_LIMIT_KEYED: '100000000',
    // The webhook latency's receiver listens on this machine.
    WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
    ...setup.env,
    ...extra,
  }
  return { origin: `http://${host}:${port}`, env }
}

/**
 * (j): the same scenarios on a server of `workers` processes (WORKERS), on the store's database as it is (already
 * indexed, keyed and sampled by `startStore`'s server), measured as the supervisor's tree.
 */
export async function measureWorkers(
  store: StoreServer,
  workers: number,
  measured: { scenario: Scenario; of: ScenarioKey }[],
  { root, options, dataset, children }: RunContext,
): Promise<ScenarioReport[]> {
  const { origin, env } = await serverEnv(store.setup, { WORKERS: String(workers) })
  const server = new Child(
    `server of ${workers} workers on ${store.setup.label}`,
    process.execPath,
    [...startFlags(root), join(root, 'dist/server.js')],
    env,
    root,
  )
  children.push(server)
  await waitForHttp(`${origin}/ready`, server)
  log(`${store.setup.label}: supervisor pid ${server.pid} of ${workers} workers ready at ${origin}`)
  const reports: ScenarioReport[] = []
  for (const { scenario, of } of measured) {
    const prepared = await prepare(store, scenario, origin, { options, dataset })
    reports.push(
      await measure(
        {
          ...scenario,
          ...prepared,
          key: 'j',
          name: `${prepared.name}, WORKERS=${workers}`,
          notes: [
            `(${of}) on a server of ${workers} workers: CPU is theirs and the supervisor's, peak RSS the largest worker's`,
            ...prepared.notes,
          ],
          target: { kind: 'scenario', of, min: 1.6 },
        },
        { origin, pid: server.pid, label: store.setup.label, workers: true },
        options,
      ),
    )
  }
  await server.stop()
  return reports
}

/**
 * Starts the built server (`node dist/server.js`) on one store exactly as production does, and GETs every sampled
 * slug once (all must answer 200): the cold reads, and the mean body size the baseline sends.
 */
export async function startStore(setup: StoreSetup, { root, workdir, options, dataset, children }: RunContext): Promise<StoreServer> {
  const { origin, env } = await serverEnv(setup)
  const writeKey = await createWriteKey(root, env)
  log(`${setup.label}: ${await indexForSearch(root, env)}`)

  // --profile: V8's sampling profiler in the server, written when it exits (covers every selected scenario).
  const profileDir = join(workdir, `profile-${setup.name}`)
  const profiling = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []
  const args = [...profiling, ...startFlags(root), join(root, 'dist/server.js')]
  const server = new Child(`server on ${setup.label}`, process.execPath, args, env, root)
  children.push(server)
  await waitForHttp(`${origin}/ready`, server)
  const startupLines = server.linesSeen
  log(
    `${setup.label}: server pid ${server.pid} ready at ${origin}${startupLines > 0 ? ` (it logged ${startupLines} line(s) while starting)` : ''}`,
  )

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
    `${setup.label}: all ${dataset.sampleSlugs.length} sampled slugs answer 200; mean ${sample.meanBytes} B, ${sample.meanColdMs.toFixed(2)} ms per sequential cold GET`,
  )
  const { name: store, label, description } = setup
  return {
    setup,
    server,
    endpoint: { origin, pid: server.pid, label, windows, ...(setup.database ? { database: setup.database } : {}) },
    writeKey,
    profileDir,
    run: {
      store,
      label,
      description,
      reports: [],
      meanBytes: sample.meanBytes,
      meanColdMs: sample.meanColdMs,
      coldCpuMicros,
      startupLines,
    },
  }
}

/** Prepares one scenario against this store's server and measures it. */
export async function runScenario(store: StoreServer, scenario: Scenario, { options, dataset }: RunContext): Promise<void> {
  const { server, endpoint, run } = store
  if (!server.running) throw new Error(`the server on ${run.label} exited during the run:\n${server.output()}`)
  const prepared = await prepare(store, scenario, endpoint.origin, { options, dataset })
  run.reports.push(await measure({ ...scenario, ...prepared }, endpoint, options))
}

/**
 * The hostile-body creates and the webhook latency, then the server stops; what it logged and its CPU profile are
 * collected.
 */
export async function finishStore(store: StoreServer, { root, options }: RunContext): Promise<StoreRun> {
  const { server, endpoint, writeKey, run } = store
  const hostile = writeKey === '' ? null : await hostileCreates(endpoint.origin, writeKey)
  const webhooks = writeKey === '' ? null : await webhookLatency(endpoint.origin, writeKey)
  const serverPeakRss = procMemory(server.pid, 'VmHWM')
  const serverLog = server.logLines(run.startupLines)
  const serverLogCount = server.linesSeen - run.startupLines
  await server.stop()
  const profiles = options.profile ? summariseProfiles(store.profileDir, root, endpoint.windows) : []
  if (options.profile && profiles.length === 0) log(`${run.label}: no CPU profile was written (the server did not exit cleanly)`)
  return { ...run, hostile, webhooks, serverPeakRss, serverLog, serverLogCount, profiles }
}
