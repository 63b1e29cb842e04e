import type autocannon from 'autocannon'
import { runLoad, type LoadResult } from './load.js'
import type { Options } from './options.js'
import { RssSampler, cpuSeconds as ownCpuSeconds, machineBusySeconds, treeCpuSeconds, type CpuTime } from './processes.js'
import { monotonicUs, type Window } from './profile.js'
import { targetText, type DatabaseUse, type ScenarioReport, type Target } from './report.js'
import type { Background } from './scenario.js'

export interface Measurable {
  key: ScenarioReport['key']
  name: string
  expectStatus: number
  writes?: boolean
  target: Target | null
  notes: string[]
  requests: autocannon.Request[]
  background?: Background
}

/** A database server in processes of its own (PostgreSQL), watched while a scenario runs. */
export interface DatabaseProbe {
  /** The server's parent process: the CPU of it and its children is the database's. */
  pid: number
  walPosition(): Promise<string>
  walSince(from: string): Promise<{ commits: number; bytes: number }>
}

export const log = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`)
}

const total = (cpu: CpuTime | null): number | null => (cpu === null ? null : cpu.user + cpu.system)

/** Where a scenario runs: the server's origin and pid, its store's label and database server, if any. */
export interface Endpoint {
  origin: string
  pid: number
  /** Prefixes the progress line (`PostgreSQL (a) …`) when several stores run. */
  label?: string
  /** The pid is a supervisor of workers (WORKERS > 1): CPU is its and its workers', peak RSS the largest worker's. */
  workers?: boolean
  /** The measured runs' time spans, for the CPU profile. */
  windows?: Window[]
  database?: DatabaseProbe
}

/** A warm-up (discarded, but its statuses still count as failures) and the measured run. */
export async function measure(
  plan: Measurable,
  { origin, pid, label, windows = [], database, workers = false }: Endpoint,
  options: Options,
): Promise<ScenarioReport> {
  const spec = { origin, connections: options.connections, requests: plan.requests, expectStatus: plan.expectStatus }
  log(
    `${label === undefined ? '' : `${label} `}${plan.key === 'baseline' ? 'baseline' : `(${plan.key})`} ${plan.name}: warm-up ${options.warmup}s, then ${options.duration}s × ${options.connections} connections`,
  )
  const warmup: LoadResult | null = options.warmup > 0 ? await runLoad({ ...spec, duration: options.warmup }) : null
  const wal = database ? await database.walPosition() : null
  const sampler = new RssSampler(pid, workers)
  const cpuSeconds = workers ? treeCpuSeconds : ownCpuSeconds
  const databaseCpu = () => (database ? total(treeCpuSeconds(database.pid)) : null)
  const before = {
    server: cpuSeconds(pid),
    database: databaseCpu(),
    self: process.cpuUsage(),
    machine: machineBusySeconds(),
    us: monotonicUs(),
  }
  const beside = plan.background?.start()
  const result = await runLoad({ ...spec, duration: options.duration })
  const besides = await beside?.stop()
  const after = {
    server: cpuSeconds(pid),
    database: databaseCpu(),
    self: process.cpuUsage(before.self),
    machine: machineBusySeconds(),
    us: monotonicUs(),
  }
  windows.push({ label: `(${plan.key}) ${plan.name}`, startUs: before.us, endUs: after.us })
  const peakRssBytes = sampler.stop()
  const written = database && wal !== null ? await database.walSince(wal) : null
  const used =
    before.server === null || after.server === null
      ? null
      : { user: after.server.user - before.server.user, system: after.server.system - before.server.system }
  const cpu = used === null ? null : used.user + used.system
  const databaseSeconds = before.database === null || after.database === null ? null : after.database - before.database
  const perRequest = (seconds: number | null | undefined) =>
    seconds === undefined || seconds === null || result.requests === 0 ? null : (seconds * 1e6) / result.requests
  const self = (after.self.user + after.self.system) / 1e6
  const other =
    cpu === null || before.machine === null || after.machine === null
      ? null
      : Math.max(0, after.machine - before.machine - cpu - self - (databaseSeconds ?? 0))
  const failures =
    result.errors + result.unexpectedStatus + (warmup ? warmup.errors + warmup.unexpectedStatus : 0) + (besides?.failures ?? 0)
  const databaseUse: DatabaseUse | null =
    written === null ? null : { cpuMicrosPerRequest: perRequest(databaseSeconds), commits: written.commits, walBytes: written.bytes }
  return {
    key: plan.key,
    name: plan.name,
    expectStatus: plan.expectStatus,
    writes: plan.writes ?? false,
    notes: besides ? [...plan.notes, besides.note] : plan.notes,
    warmup,
    result,
    peakRssBytes,
    cpuMicrosPerRequest: perRequest(cpu),
    cpuUserMicrosPerRequest: perRequest(used?.user),
    cpuSystemMicrosPerRequest: perRequest(used?.system),
    cpuPercent: cpu === null ? null : (cpu * 100) / result.durationS,
    cpuRatioToBaseline: null,
    otherCpuPercent: other === null ? null : (other * 100) / result.durationS,
    ratioToBaseline: null,
    target: plan.target,
    targetText: targetText(plan.target),
    targetMet: null,
    database: databaseUse,
    failures,
  }
}
