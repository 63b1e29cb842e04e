import autocannon from 'autocannon'

export interface LoadSpec {
  /** Origin, e.g. `http://127.0.0.1:3000`. */
  origin: string
  connections: number
  /** Seconds. */
  duration: number
  requests: autocannon.Request[]
  /** The one status every response must have (200, 201, 304). */
  expectStatus: number
}

export interface LoadResult {
  durationS: number
  requests: number
  /** Mean of autocannon's per-second request counts. */
  rpsMean: number
  /** Median of autocannon's per-second request counts. */
  rpsMedian: number
  latencyMeanMs: number
  latencyP50Ms: number
  latencyP95Ms: number
  latencyP99Ms: number
  latencyMaxMs: number
  /** Connection errors and timeouts. */
  errors: number
  timeouts: number
  /** Responses whose status was neither 2xx nor 304. */
  non2xx304: number
  /** Responses whose status was not the scenario's expected one (includes non2xx304). */
  unexpectedStatus: number
  statuses: Record<string, number>
  bytesPerResponse: number
}

/** Latencies in ms, kept exactly (autocannon's histogram rounds to whole milliseconds). */
class Latencies {
  private values = new Float64Array(1 << 16)
  private size = 0

  add(ms: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2)
      grown.set(this.values)
      this.values = grown
    }
    this.values[this.size++] = ms
  }

  summary(): { mean: number; p50: number; p95: number; p99: number; max: number } {
    if (this.size === 0) return { mean: 0, p50: 0, p95: 0, p99: 0, max: 0 }
    const sorted = this.values.slice(0, this.size).sort()
    const at = (q: number) => sorted[Math.min(this.size - 1, Math.ceil(q * this.size) - 1)] as number
    let sum = 0
    for (const v of sorted) sum += v
    return { mean: sum / this.size, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[this.size - 1] as number }
  }
}

/** One fixed-concurrency, fixed-duration autocannon run; every response's status and latency is recorded. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies = new Latencies()
  const statuses: Record<string, number> = {}
  let bytes = 0
  let responses = 0
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.origin,
        connections: spec.connections,
        duration: spec.duration,
        pipelining: 1,
        timeout: 10,
        requests: spec.requests,
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)))
        const latency = latencies.summary()
        let unexpected = 0
        let non2xx304 = 0
        for (const [status, count] of Object.entries(statuses)) {
          const code = Number(status)
          if (code !== spec.expectStatus) unexpected += count
          if (!(code >= 200 && code < 300) && code !== 304) non2xx304 += count
        }
        resolve({
          durationS: result.duration,
          requests: responses,
          rpsMean: result.requests.mean,
          rpsMedian: result.requests.p50,
          latencyMeanMs: latency.mean,
          latencyP50Ms: latency.p50,
          latencyP95Ms: latency.p95,
          latencyP99Ms: latency.p99,
          latencyMaxMs: latency.max,
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx304,
          unexpectedStatus: unexpected,
          statuses,
          bytesPerResponse: responses > 0 ? Math.round(bytes / responses) : 0,
        })
      },
    )
    instance.on('response', (_client, statusCode, resBytes, responseTime) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1
      latencies.add(responseTime)
      bytes += resBytes
      responses++
    })
  })
}

/** A GET request whose path rotates over `paths`, one per request, across all connections. */
export function rotatingGet(paths: readonly string[], headers: Record<string, string> = {}): autocannon.Request {
  if (paths.length === 0) throw new Error('rotatingGet needs at least one path')
  let next = 0
  return {
    method: 'GET',
    path: paths[0],
    headers,
    setupRequest: (request) => {
      const path = paths[next++ % paths.length]
      return { ...request, path }
    },
  }
}
