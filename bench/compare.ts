import { render, scenarioLabel, type ScenarioReport, type StoreTarget } from './report.js'
import type { ScenarioKey } from './report.js'

/** One scenario on both stores, in the same run, on the same dataset. */
export interface StoreComparison {
  key: ScenarioKey
  name: string
  sqlite: ScenarioReport
  postgres: ScenarioReport
  /** PostgreSQL's mean req/s ÷ SQLite's. */
  ratio: number
  target: StoreTarget | null
  targetText: string
  targetMet: boolean | null
}

export function storeTargetText(target: StoreTarget | null): string {
  if (target === null) return '—'
  return target.kind === 'sqlite' ? `≥ ${target.min.toFixed(2)}× SQLite` : `≥ ${target.min} req/s`
}

/** Pairs the scenarios both stores ran and judges PostgreSQL's target for each. */
export function compareStores(
  sqlite: ScenarioReport[],
  postgres: ScenarioReport[],
  targetOf: (key: ScenarioKey) => StoreTarget | null,
): StoreComparison[] {
  return sqlite.flatMap((s) => {
    const p = postgres.find((r) => r.key === s.key)
    if (p === undefined || s.key === 'baseline' || p.key === 'baseline') return []
    const ratio = s.result.rpsMean > 0 ? p.result.rpsMean / s.result.rpsMean : 0
    const target = targetOf(s.key)
    const targetMet = target === null ? null : target.kind === 'sqlite' ? ratio >= target.min : p.result.rpsMean >= target.min
    return [{ key: s.key, name: s.name, sqlite: s, postgres: p, ratio, target, targetText: storeTargetText(target), targetMet }]
  })
}

const n = (value: number | null | undefined, digits = 0): string => (value === null || value === undefined ? 'n/a' : value.toFixed(digits))

/** Server plus database CPU per request: what a request costs on PostgreSQL, beside SQLite's (all in the server). */
const postgresCpu = (r: ScenarioReport): string => {
  const server = r.cpuMicrosPerRequest
  const database = r.database?.cpuMicrosPerRequest
  if (server === null || database === null || database === undefined) return n(server)
  return `${(server + database).toFixed(0)} (${server.toFixed(0)}+${database.toFixed(0)})`
}

export function comparisonTable(rows: StoreComparison[]): string {
  return render<StoreComparison>(
    [
      { header: 'scenario', cell: (c) => scenarioLabel(c.sqlite) },
      { header: 'SQLite req/s', numeric: true, cell: (c) => n(c.sqlite.result.rpsMean) },
      { header: 'PostgreSQL req/s', numeric: true, cell: (c) => n(c.postgres.result.rpsMean) },
      { header: 'PG ÷ SQLite', numeric: true, cell: (c) => n(c.ratio, 2) },
      { header: 'target (PG)', cell: (c) => c.targetText },
      { header: 'met', cell: (c) => (c.targetMet === null ? '' : c.targetMet ? 'yes' : 'NO') },
      {
        header: 'p50 ms SQLite / PG',
        numeric: true,
        cell: (c) => `${n(c.sqlite.result.latencyP50Ms, 2)} / ${n(c.postgres.result.latencyP50Ms, 2)}`,
      },
      {
        header: 'p99 ms SQLite / PG',
        numeric: true,
        cell: (c) => `${n(c.sqlite.result.latencyP99Ms, 2)} / ${n(c.postgres.result.latencyP99Ms, 2)}`,
      },
      { header: 'CPU µs/req SQLite', numeric: true, cell: (c) => n(c.sqlite.cpuMicrosPerRequest) },
      { header: 'CPU µs/req PG (server+db)', numeric: true, cell: (c) => postgresCpu(c.postgres) },
    ],
    rows,
  )
}
