import { cpus } from 'node:os'
import { comparisonTable, type StoreComparison } from './compare.js'
import type { Dataset } from './dataset.js'
import type { Options } from './options.js'
import type { StorePass } from './pass.js'
import type { CopiedDataset } from './postgres-dataset.js'
import { formatProfile } from './profile.js'
import { megabytes, table, type ScenarioReport } from './report.js'

export interface RunSummary {
  options: Options
  dataset: Dataset
  baseline: ScenarioReport | undefined
  passes: StorePass[]
  comparison: StoreComparison[] | null
  copied: CopiedDataset | null
}

const tag = (r: Pick<ScenarioReport, 'key'>): string => (r.key === 'baseline' ? 'baseline' : `(${r.key})`)

/** The lines below one store's table: what the table cannot show, and what went wrong. */
function passLines(pass: StorePass, baseline: ScenarioReport | undefined, shownNotes: Set<string>, dataset: Dataset): string[] {
  const lines: string[] = []
  const reports = baseline ? [baseline, ...pass.reports] : pass.reports
  for (const r of reports) {
    for (const note of r.notes) {
      const line = `  ${tag(r)} ${note}`
      if (!shownNotes.has(line)) lines.push(line)
      shownNotes.add(line)
    }
  }
  const coldCpu = pass.coldCpuMicros === null ? '' : `, ${pass.coldCpuMicros.toFixed(0)} µs server CPU each`
  lines.push(
    `  cold reads (first touch of each of the ${dataset.sampleSlugs.length} slugs, one at a time, before any load): ${pass.meanColdMs.toFixed(2)} ms per GET${coldCpu}`,
  )
  if (pass.hostile !== null) {
    const worst = pass.hostile.reduce((a, b) => (b.ms > a.ms ? b : a))
    lines.push(
      `  hostile bodies (one create each, target ≤ 100 ms): ${pass.hostile.map((h) => `${h.shape} ${h.status} in ${h.ms.toFixed(1)} ms`).join('; ')}; worst ${worst.ms.toFixed(1)} ms`,
    )
  }
  lines.push(`  server peak RSS (VmHWM): ${megabytes(pass.serverPeakRss)}`)
  if (pass.serverLogCount > 0) {
    lines.push(
      `  the server logged ${pass.serverLogCount} line(s) at warn or above under load; first: ${pass.serverLog.slice(0, 2).join(' | ').slice(0, 600)}`,
    )
  }
  const busy = reports.filter((r) => (r.otherCpuPercent ?? 0) > 15)
  if (busy.length > 0) {
    const detail = busy.map((r) => `${tag(r)} ${(r.otherCpuPercent ?? 0).toFixed(0)}%`).join(', ')
    lines.push(
      `  WARNING: other processes used CPU during the runs (% of one core: ${detail}): their req/s are understated; CPU µs/req is the steadier figure`,
    )
  }
  const missed = pass.reports.filter((r) => r.targetMet === false).map(tag)
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
function commitLines(pass: StorePass): string[] {
  return pass.reports
    .filter((r) => r.database !== null && r.database.commits > 0 && (r.expectStatus === 201 || r.key === 'p'))
    .map((r) => {
      const use = r.database!
      return `  ${tag(r)} on ${pass.label}: ${r.result.requests} requests in ${use.commits} commits (${(r.result.requests / use.commits).toFixed(1)} per commit, each waiting for its WAL flush), ${(use.walBytes / r.result.requests / 1024).toFixed(1)} KB of WAL per request`
    })
}

export function printReport({ options, dataset, baseline, passes, comparison, copied }: RunSummary): void {
  const both = passes.length > 1
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
      'Both stores serve the same dataset (copied into PostgreSQL before either ran), each behind its own server process; the baseline ran once.',
    )
    console.log('DB CPU = CPU of all PostgreSQL processes per request; commits = write transactions committed (counted in the WAL).')
  }
  const shownNotes = new Set<string>()
  passes.forEach((pass, i) => {
    console.log('')
    if (both) console.log(`${pass.label} — ${pass.description}`)
    console.log(table(i === 0 && baseline ? [baseline, ...pass.reports] : pass.reports))
    console.log('')
    for (const line of [...passLines(pass, i === 0 ? baseline : undefined, shownNotes, dataset), ...commitLines(pass)]) console.log(line)
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

  for (const pass of passes) {
    for (const profile of pass.profiles) console.log(`\n${both ? `${pass.label}: ` : ''}${formatProfile(profile)}`)
  }
}
