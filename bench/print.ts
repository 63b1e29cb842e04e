import { cpus } from 'node:os'
import { comparisonTable, type StoreComparison } from './compare.js'
import type { Dataset } from './dataset.js'
import type { Options } from './options.js'
import type { StoreRun } from './store-server.js'
import type { CopiedDataset } from './postgres-dataset.js'
import { formatProfile } from './profile.js'
import { megabytes, table, type ScenarioReport } from './report.js'

export interface RunSummary {
  options: Options
  dataset: Dataset
  baseline: ScenarioReport | undefined
  runs: StoreRun[]
  comparison: StoreComparison[] | null
  copied: CopiedDataset | null
}

const tag = (r: Pick<ScenarioReport, 'key'>): string => (r.key === 'baseline' ? 'baseline' : `(${r.key})`)

/** The lines below one store's table: what the table cannot show, and what went wrong. */
function storeLines(run: StoreRun, baseline: ScenarioReport | undefined, shownNotes: Set<string>, dataset: Dataset): string[] {
  const lines: string[] = []
  const reports = baseline ? [baseline, ...run.reports] : run.reports
  for (const r of reports) {
    for (const note of r.notes) {
      const line = `  ${tag(r)} ${note}`
      if (!shownNotes.has(line)) lines.push(line)
      shownNotes.add(line)
    }
  }
  const coldCpu = run.coldCpuMicros === null ? '' : `, ${run.coldCpuMicros.toFixed(0)} µs server CPU each`
  lines.push(
    `  cold reads (first touch of each of the ${dataset.sampleSlugs.length} slugs, one at a time, before any load): ${run.meanColdMs.toFixed(2)} ms per GET${coldCpu}`,
  )
  if (run.hostile !== null) {
    const worst = run.hostile.reduce((a, b) => (b.ms > a.ms ? b : a))
    lines.push(
      `  hostile bodies (one create each, target ≤ 100 ms): ${run.hostile.map((h) => `${h.shape} ${h.status} in ${h.ms.toFixed(1)} ms`).join('; ')}; worst ${worst.ms.toFixed(1)} ms`,
    )
  }
  if (run.webhooks !== null) {
    const { publishes, delivered, medianMs, p95Ms } = run.webhooks
    lines.push(
      `  webhook latency (publish answered 200 → its delivery at a receiver on 127.0.0.1, ${delivered} of ${publishes} publishes; target p95 ≤ 1000 ms): median ${medianMs.toFixed(1)} ms, p95 ${p95Ms.toFixed(1)} ms ${p95Ms <= 1000 ? '(met)' : '(NOT met)'}`,
    )
  }
  lines.push(`  server peak RSS (VmHWM): ${megabytes(run.serverPeakRss)}`)
  if (run.serverLogCount > 0) {
    lines.push(
      `  the server logged ${run.serverLogCount} line(s) at warn or above under load; first: ${run.serverLog.slice(0, 2).join(' | ').slice(0, 600)}`,
    )
  }
  const busy = reports.filter((r) => (r.otherCpuPercent ?? 0) > 15)
  if (busy.length > 0) {
    const detail = busy.map((r) => `${tag(r)} ${(r.otherCpuPercent ?? 0).toFixed(0)}%`).join(', ')
    lines.push(
      `  WARNING: other processes used CPU during the runs (% of one core: ${detail}): their req/s are understated; CPU µs/req is the steadier figure`,
    )
  }
  const missed = run.reports.filter((r) => r.targetMet === false).map(tag)
  lines.push(`  targets: ${missed.length === 0 ? 'all met' : `missed by ${missed.join(', ')}`}`)
  for (const r of reports.filter((x) => x.failures > 0)) {
    const statuses = Object.entries(r.result.statuses)
      .map(([s, c]) => `${s}×${c}`)
      .join(', ')
    lines.push(
      `  FAILED ${tag(r)}: ${r.failures} bad response(s) or errors (expected ${r.expectStatus}; got ${statuses}; ${r.result.errors} connection errors)`,
    )
  }
  return lines
}

/** What the database did during the write scenarios: how many requests each COMMIT (and its WAL flush) carried. */
function commitLines(run: StoreRun): string[] {
  return run.reports
    .filter((r) => r.writes && r.database !== null && r.database.commits > 0)
    .map((r) => {
      const use = r.database!
      return `  ${tag(r)} on ${run.label}: ${r.result.requests} requests in ${use.commits} commits (${(r.result.requests / use.commits).toFixed(1)} per commit), ${(use.walBytes / r.result.requests / 1024).toFixed(1)} KB of WAL per request`
    })
}

export function printReport({ options, dataset, baseline, runs, comparison, copied }: RunSummary): void {
  const both = runs.length > 1
  console.log('')
  console.log(
    `Kabar benchmark — ${options.articles} articles, ${options.connections} connections, ${options.duration} s per scenario (+${options.warmup} s warm-up), Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`,
  )
  console.log('req/s = autocannon per-second samples (mean, median); latencies exact per request; ratios and targets use the mean.')
  console.log(
    'CPU = time the process under test spent per request (user+kernel), and as % of one core; "CPU × base" = baseline µs/req ÷ scenario µs/req.',
  )
  if (both) {
    console.log(
      'Both stores serve the same dataset (copied into PostgreSQL before either ran), each behind its own server process, both started first; each scenario runs on SQLite, then at once on PostgreSQL; the baseline ran once.',
    )
    console.log('DB CPU = CPU of all PostgreSQL processes per request; commits = write transactions committed (counted in the WAL).')
  }
  const shownNotes = new Set<string>()
  runs.forEach((run, i) => {
    console.log('')
    if (both) console.log(`${run.label} — ${run.description}`)
    console.log(table(i === 0 && baseline ? [baseline, ...run.reports] : run.reports))
    console.log('')
    for (const line of [...storeLines(run, i === 0 ? baseline : undefined, shownNotes, dataset), ...commitLines(run)]) console.log(line)
  })
  const bytes = copied ? `; PostgreSQL: ${megabytes(copied.databaseBytes)}, copied in ${(copied.copyMs / 1000).toFixed(1)} s` : ''
  console.log(`  dataset: SQLite ${megabytes(dataset.fileBytes)} built in ${(dataset.buildMs / 1000).toFixed(1)} s${bytes}`)

  if (comparison !== null) {
    console.log('')
    console.log('PostgreSQL beside SQLite (same run, same dataset)')
    console.log(comparisonTable(comparison))
    console.log('')
    const judged = new Map<string, string[]>()
    for (const c of comparison.filter((x) => x.target !== null)) judged.set(c.targetText, [...(judged.get(c.targetText) ?? []), tag(c)])
    const stated = [...judged].map(([text, keys]) => `${keys.join(' ')} ${text}`).join('; ')
    const missed = comparison.filter((c) => c.targetMet === false).map(tag)
    console.log(`  targets on PostgreSQL (${stated}): ${missed.length === 0 ? 'all met' : `missed by ${missed.join(', ')}`}`)
  }

  for (const run of runs) {
    for (const profile of run.profiles) console.log(`\n${both ? `${run.label}: ` : ''}${formatProfile(profile)}`)
  }
}
