import { rotatingGet } from './load.js'
import { Random } from './random.js'
import { expectStatus, get, type Scenario } from './scenario.js'
import { searchQueries } from './text.js'

const kinds = ['one word', 'two words', 'phrase'] as const
/** Searches of each kind measured one at a time before the load: each one's own latency, queued behind nothing. */
const sequentialPerKind = 100
const queryCount = 30_000

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0

function latencyText(label: string, ms: number[]): string {
  const sorted = [...ms].sort((x, y) => x - y)
  return `${label} median ${quantile(sorted, 0.5).toFixed(2)} ms, p95 ${quantile(sorted, 0.95).toFixed(2)} ms`
}

/**
 * (q): searches the cache cannot answer. Queries come from the dataset's own vocabulary (bench/text.ts), in turn one
 * word, two words and a phrase; each URL (query × `limit` 10–20) is distinct, so every request ranks afresh unless a
 * run makes more requests than there are URLs. The last URLs of each kind are first asked one at a time, for latency
 * without queueing; the load then rotates over the others.
 */
export const searchScenario: Scenario = {
  key: 'q',
  name: 'GET /v1/search?q=… (uncached)',
  expectStatus: 200,
  target: null,
  postgresTarget: null,
  async prepare({ origin, seed }) {
    const byPath = new Map<string, number>()
    searchQueries(new Random(seed + 5), queryCount).forEach((q, i) => {
      const path = `/v1/search?q=${encodeURIComponent(q)}&limit=${10 + (i % 11)}`
      if (!byPath.has(path)) byPath.set(path, i % 3)
    })
    const paths = [...byPath.keys()]
    const latencies = kinds.map((): number[] => [])
    const sequential = kinds.flatMap((_, kind) => paths.filter((path) => byPath.get(path) === kind).slice(-sequentialPerKind))
    let empty = 0
    for (const path of sequential) {
      const fetched = await get(origin + path)
      expectStatus(`GET ${path}`, fetched, 200)
      if ((JSON.parse(fetched.body) as { data: unknown[] }).data.length === 0) empty++
      latencies[byPath.get(path)!]!.push(fetched.ms)
    }
    const measured = new Set(sequential)
    const load = paths.filter((path) => !measured.has(path))
    return {
      name: this.name,
      notes: [
        `one at a time, ${sequential.length} searches never asked before: ${latencyText('all', latencies.flat())}; ${kinds
          .map((kind, i) => latencyText(kind, latencies[i]!))
          .join('; ')}; ${empty} matched nothing`,
        `under load: rotates over ${load.length} distinct URLs (median and p95 in the table include queueing behind the other connections)`,
      ],
      requests: [rotatingGet(load)],
    }
  },
}
