import type autocannon from 'autocannon'
import type { Dataset } from './dataset.js'
import type { ScenarioKey, StoreTarget, Target } from './report.js'

/** What a scenario needs to prepare itself against the running server. */
export interface ScenarioContext {
  origin: string
  dataset: Dataset
  writeKey: string
  seed: number
  /** Mean size of (a)'s responses (one rendered article without embeds). */
  meanBytes: number
}

/** Something that runs beside the load (e.g. a trickle of writes); `stop` tells what it did and how often it failed. */
export interface Background {
  start(): { stop(): Promise<{ note: string; failures: number }> }
}

/** A scenario ready to run: the autocannon request sequence plus what the report should say about it. */
export interface Prepared {
  name: string
  notes: string[]
  requests: autocannon.Request[]
  background?: Background
}

export interface Scenario {
  key: ScenarioKey
  name: string
  expectStatus: number
  target: Target | null
  /** What it should reach on PostgreSQL beside SQLite (`--store postgres`). */
  postgresTarget: StoreTarget | null
  /** Runs only when named in `--only`. */
  optIn?: boolean
  /** Its requests write (each one is a write set): the report shows how many requests each commit carried. */
  writes?: boolean
  /** Runs right before the scenario is measured (after the previous one), so its checks see the current server. */
  prepare(context: ScenarioContext): Promise<Prepared>
}

export interface Fetched {
  status: number
  etag: string | null
  body: string
  ms: number
}

export async function get(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  const started = performance.now()
  const response = await fetch(url, { headers })
  const body = await response.text()
  return { status: response.status, etag: response.headers.get('etag'), body, ms: performance.now() - started }
}

export function expectStatus(what: string, fetched: Pick<Fetched, 'status' | 'body'>, status: number): void {
  if (fetched.status !== status) {
    const hint = fetched.status === 404 ? '\n(is the articles module registered in src/app.ts?)' : ''
    throw new Error(`${what} answered ${fetched.status}, expected ${status}: ${fetched.body.slice(0, 300)}${hint}`)
  }
}
