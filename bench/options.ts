import { tmpdir } from 'node:os'
import { parseArgs } from 'node:util'
import type { ScenarioKey } from './report.js'
import { scenarios } from './scenarios.js'

export const scenarioKeys: readonly ScenarioKey[] = ['a', 'b', 'c', 'd', 'e', 'r', 'n', 's', 'h', 'i', 'j', 'f', 'p', 'g', 'q', 'k']
/** Measured beside the scenarios rather than as one: (i) the plain query server, (j) (a) and (h) with WORKERS=2. */
export const besideKeys: readonly ScenarioKey[] = ['i', 'j']

/** `sqlite`: the SQLite store alone. `postgres`: SQLite, then PostgreSQL on the same dataset, side by side. */
export type StoreChoice = 'sqlite' | 'postgres'

export interface Options {
  articles: number
  connections: number
  duration: number
  warmup: number
  seed: number
  out: string | undefined
  only: Set<ScenarioKey>
  store: StoreChoice
  /** `name=value` settings PostgreSQL starts with, over its defaults. */
  postgresSettings: string[]
  keep: boolean
  profile: boolean
  /** Where the temporary databases are made (its disk's fsync latency bounds the write scenarios). */
  dir: string
}

const usage =
  'npm run bench -- [--articles N=10000] [--connections N=10] [--duration S=10] [--warmup S=2] [--seed N] [--out file.json] [--only a,b,c,d,e,r,n,s,h,i,j,f,p,g,q,k] [--store sqlite|postgres] [--pg-setting name=value …] [--dir DIR] [--keep] [--profile]'

export function parseOptions(argv: string[]): Options {
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
      store: { type: 'string', default: 'sqlite' },
      'pg-setting': { type: 'string', multiple: true, default: [] },
      keep: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      dir: { type: 'string', default: tmpdir() },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    console.log(usage)
    process.exit(0)
  }
  const integer = (name: string, raw: string, min: number): number => {
    if (!/^\d+$/.test(raw) || Number(raw) < min) throw new Error(`--${name} must be an integer ≥ ${min} (got ${JSON.stringify(raw)})`)
    return Number(raw)
  }
  const only = new Set<ScenarioKey>()
  const selected = values.only ?? [...scenarios.filter((s) => !s.optIn).map((s) => s.key), ...besideKeys].join(',')
  for (const key of selected
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '')) {
    if (!scenarioKeys.includes(key as ScenarioKey))
      throw new Error(`--only takes scenario letters ${scenarioKeys.join(',')} (got ${JSON.stringify(key)})`)
    only.add(key as ScenarioKey)
  }
  if (only.size === 0) throw new Error('--only selected no scenario')
  if ((only.has('i') || only.has('j')) && !only.has('h')) throw new Error('--only: i and j are measured beside h; add h')
  const postgresSettings = values['pg-setting']
  const bad = postgresSettings.find((s) => !/^[a-z_.]+=\S*$/.test(s))
  if (bad !== undefined) throw new Error(`--pg-setting takes name=value (got ${JSON.stringify(bad)})`)
  if (postgresSettings.length > 0 && values.store !== 'postgres') throw new Error('--pg-setting needs --store postgres')
  if (values.store !== 'sqlite' && values.store !== 'postgres')
    throw new Error(`--store takes sqlite or postgres (got ${JSON.stringify(values.store)})`)
  return {
    articles: integer('articles', values.articles, 10),
    connections: integer('connections', values.connections, 1),
    duration: integer('duration', values.duration, 1),
    warmup: integer('warmup', values.warmup, 0),
    seed: integer('seed', values.seed, 0),
    out: values.out,
    only,
    store: values.store,
    postgresSettings,
    keep: values.keep,
    profile: values.profile,
    dir: values.dir,
  }
}
