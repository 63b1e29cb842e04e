import type { LoadResult } from './load.js'

export type ScenarioKey = 'a' | 'b' | 'c' | 'd' | 'e' | 'r' | 'n' | 's' | 'h' | 'i' | 'j' | 'f' | 'p' | 'g' | 'q' | 'k'

/** What a scenario should reach: a fraction of the baseline, a fraction of another scenario, or an absolute rate. */
export type Target =
  { kind: 'baseline'; min: number } | { kind: 'scenario'; of: ScenarioKey; min: number } | { kind: 'absolute'; min: number }

/** What a scenario should reach on PostgreSQL, measured in the same run: a fraction of SQLite's rate, or a rate. */
export type StoreTarget = { kind: 'sqlite'; min: number } | { kind: 'absolute'; min: number }

/** What the database server's own processes did during a measured run (PostgreSQL; SQLite runs inside the server). */
export interface DatabaseUse {
  /** CPU (user + system) of all the database server's processes, per request. */
  cpuMicrosPerRequest: number | null
  /** Write transactions committed during the run (commit records in the WAL) and the WAL written. */
  commits: number
  walBytes: number
}

export interface ScenarioReport {
  key: ScenarioKey | 'baseline'
  name: string
  expectStatus: number
  /** The scenario's requests write: requests per commit means something. */
  writes: boolean
  notes: string[]
  warmup: LoadResult | null
  result: LoadResult
  /** Peak VmRSS of the process under test while this scenario ran (bytes). */
  peakRssBytes: number | null
  /**
   * CPU (user + system) the process under test spent during the measured run: per request, and as a share of one
   * core. Less sensitive than req/s to other load on the machine; `cpuRatioToBaseline` = baseline µs/req ÷ this µs/req.
   */
  cpuMicrosPerRequest: number | null
  /** The same split into user and kernel (system) time: socket writes are mostly kernel time. */
  cpuUserMicrosPerRequest: number | null
  cpuSystemMicrosPerRequest: number | null
  cpuPercent: number | null
  cpuRatioToBaseline: number | null
  /**
   * CPU used on the machine during the measured run by anything other than the process under test and this
   * benchmark process (other tests, builds…), in % of one core. High values make req/s unreliable.
   */
  otherCpuPercent: number | null
  ratioToBaseline: number | null
  target: Target | null
  targetText: string
  /** null: could not be judged (the reference was not measured). */
  targetMet: boolean | null
  database: DatabaseUse | null
  failures: number
}

export function targetText(target: Target | null): string {
  if (target === null) return '—'
  if (target.kind === 'baseline') return `≥ ${target.min.toFixed(2)}× baseline`
  if (target.kind === 'scenario') return `≥ ${target.min.toFixed(2)}× (${target.of})`
  return `≥ ${target.min} req/s`
}

/**
 * Judges each scenario's target once all are measured (rates are autocannon's mean req/s); `baseline` is the one in
 * `reports` unless given (a second store's run is compared to the baseline measured once, beside the first).
 */
export function judge(reports: ScenarioReport[], baseline = reports.find((r) => r.key === 'baseline')): void {
  for (const report of reports) {
    report.ratioToBaseline = baseline && report.key !== 'baseline' ? report.result.rpsMean / baseline.result.rpsMean : null
    report.cpuRatioToBaseline =
      baseline && report.key !== 'baseline' && baseline.cpuMicrosPerRequest !== null && report.cpuMicrosPerRequest
        ? baseline.cpuMicrosPerRequest / report.cpuMicrosPerRequest
        : null
    const target = report.target
    report.targetText = targetText(target)
    if (target === null) report.targetMet = null
    else if (target.kind === 'absolute') report.targetMet = report.result.rpsMean >= target.min
    else if (target.kind === 'baseline') report.targetMet = report.ratioToBaseline === null ? null : report.ratioToBaseline >= target.min
    else {
      const reference = reports.find((r) => r.key === target.of)
      report.targetMet = reference ? report.result.rpsMean >= target.min * reference.result.rpsMean : null
    }
  }
}

const fixed = (value: number, digits: number): string => value.toFixed(digits)
const megabytes = (bytes: number | null): string => (bytes === null ? 'n/a' : `${(bytes / 1048576).toFixed(0)} MB`)
export const scenarioLabel = (r: Pick<ScenarioReport, 'key' | 'name'>): string =>
  r.key === 'baseline' ? `baseline: ${r.name}` : `(${r.key}) ${r.name}`

export interface Column<R> {
  header: string
  /** Right-aligned. */
  numeric?: boolean
  cell(row: R): string
}

/** A plain-text table, columns aligned. */
export function render<R>(columns: Column<R>[], rows: R[]): string {
  const cells = rows.map((row) => columns.map((c) => c.cell(row)))
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((line) => (line[i] as string).length)))
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i]?.numeric ? v.padStart(widths[i] as number) : v.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd()
  return [line(columns.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n')
}

const cpuCell = (r: ScenarioReport): string =>
  r.cpuMicrosPerRequest === null
    ? 'n/a'
    : `${fixed(r.cpuMicrosPerRequest, 0)} (${fixed(r.cpuUserMicrosPerRequest ?? 0, 0)}+${fixed(r.cpuSystemMicrosPerRequest ?? 0, 0)})`

const scenarioColumns: Column<ScenarioReport>[] = [
  { header: 'scenario', cell: scenarioLabel },
  { header: 'req/s mean', numeric: true, cell: (r) => fixed(r.result.rpsMean, 0) },
  { header: 'req/s median', numeric: true, cell: (r) => fixed(r.result.rpsMedian, 0) },
  { header: 'p50 ms', numeric: true, cell: (r) => fixed(r.result.latencyP50Ms, 2) },
  { header: 'p95 ms', numeric: true, cell: (r) => fixed(r.result.latencyP95Ms, 2) },
  { header: 'p99 ms', numeric: true, cell: (r) => fixed(r.result.latencyP99Ms, 2) },
  { header: 'errors', numeric: true, cell: (r) => String(r.result.errors) },
  { header: 'non-2xx/304', numeric: true, cell: (r) => String(r.result.non2xx304) },
  { header: 'wrong status', numeric: true, cell: (r) => String(r.result.unexpectedStatus) },
  { header: '× baseline', numeric: true, cell: (r) => (r.ratioToBaseline === null ? '—' : fixed(r.ratioToBaseline, 2)) },
  { header: 'target', cell: (r) => r.targetText },
  { header: 'met', cell: (r) => (r.targetMet === null ? (r.target === null ? '' : 'n/a') : r.targetMet ? 'yes' : 'NO') },
  { header: 'CPU µs/req (usr+sys)', numeric: true, cell: cpuCell },
  { header: 'CPU %', numeric: true, cell: (r) => (r.cpuPercent === null ? 'n/a' : fixed(r.cpuPercent, 0)) },
  { header: 'CPU × base', numeric: true, cell: (r) => (r.cpuRatioToBaseline === null ? '—' : fixed(r.cpuRatioToBaseline, 2)) },
  { header: 'peak RSS', numeric: true, cell: (r) => megabytes(r.peakRssBytes) },
]

const databaseColumns: Column<ScenarioReport>[] = [
  {
    header: 'DB CPU µs/req',
    numeric: true,
    cell: (r) => (r.database?.cpuMicrosPerRequest == null ? '—' : fixed(r.database.cpuMicrosPerRequest, 0)),
  },
  { header: 'commits', numeric: true, cell: (r) => (r.database ? String(r.database.commits) : '—') },
  {
    header: 'req/commit',
    numeric: true,
    cell: (r) => (r.writes && r.database && r.database.commits > 0 ? fixed(r.result.requests / r.database.commits, 1) : '—'),
  },
]

/** One row per scenario; with the database server's columns when it runs in processes of its own. */
export function table(reports: ScenarioReport[]): string {
  const database = reports.some((r) => r.database !== null)
  return render(database ? [...scenarioColumns, ...databaseColumns] : scenarioColumns, reports)
}

export { megabytes }
