import type { LoadResult } from './load.js'

export type ScenarioKey = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'p' | 'g'

/** What a scenario should reach: a fraction of the baseline, a fraction of another scenario, or an absolute rate. */
export type Target =
  { kind: 'baseline'; min: number } | { kind: 'scenario'; of: ScenarioKey; min: number } | { kind: 'absolute'; min: number }

export interface ScenarioReport {
  key: ScenarioKey | 'baseline'
  name: string
  expectStatus: number
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
  failures: number
}

export function targetText(target: Target | null): string {
  if (target === null) return '—'
  if (target.kind === 'baseline') return `≥ ${target.min.toFixed(2)}× baseline`
  if (target.kind === 'scenario') return `≥ ${target.min.toFixed(2)}× (${target.of})`
  return `≥ ${target.min} req/s`
}

/** Judges each scenario's target once all are measured (rates are autocannon's mean req/s). */
export function judge(reports: ScenarioReport[]): void {
  const baseline = reports.find((r) => r.key === 'baseline')
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

/** A plain-text table, one row per scenario, columns aligned. */
export function table(reports: ScenarioReport[]): string {
  const header = [
    'scenario',
    'req/s mean',
    'req/s median',
    'p50 ms',
    'p99 ms',
    'errors',
    'non-2xx/304',
    'wrong status',
    '× baseline',
    'target',
    'met',
    'CPU µs/req (usr+sys)',
    'CPU %',
    'CPU × base',
    'peak RSS',
  ]
  const rows = reports.map((r) => [
    r.key === 'baseline' ? `baseline: ${r.name}` : `(${r.key}) ${r.name}`,
    fixed(r.result.rpsMean, 0),
    fixed(r.result.rpsMedian, 0),
    fixed(r.result.latencyP50Ms, 2),
    fixed(r.result.latencyP99Ms, 2),
    String(r.result.errors),
    String(r.result.non2xx304),
    String(r.result.unexpectedStatus),
    r.ratioToBaseline === null ? '—' : fixed(r.ratioToBaseline, 2),
    r.targetText,
    r.targetMet === null ? (r.target === null ? '' : 'n/a') : r.targetMet ? 'yes' : 'NO',
    r.cpuMicrosPerRequest === null
      ? 'n/a'
      : `${fixed(r.cpuMicrosPerRequest, 0)} (${fixed(r.cpuUserMicrosPerRequest ?? 0, 0)}+${fixed(r.cpuSystemMicrosPerRequest ?? 0, 0)})`,
    r.cpuPercent === null ? 'n/a' : fixed(r.cpuPercent, 0),
    r.cpuRatioToBaseline === null ? '—' : fixed(r.cpuRatioToBaseline, 2),
    megabytes(r.peakRssBytes),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)))
  const numeric = new Set([1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14])
  const line = (cells: string[]) =>
    cells.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number))).join('  ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

export { megabytes }
