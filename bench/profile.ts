import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'

/** The parts of V8's `.cpuprofile` (written by `node --cpu-prof`) this summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[]
  samples: number[]
  timeDeltas: number[]
  /** Microseconds on the monotonic clock (the one `process.hrtime` reads, on Linux). */
  startTime: number
}

/** A span of the monotonic clock, in microseconds, e.g. one scenario's measured run. */
export interface Window {
  label: string
  startUs: number
  endUs: number
}

export interface ProfileLine {
  name: string
  ms: number
  share: number
}

export interface ProfileSummary {
  label: string
  /** CPU time sampled in the window (idle excluded). */
  busyMs: number
  idleMs: number
  /** Self time grouped by where the code lives: a package, a file of dist/, or a V8/Node bucket. */
  selfByArea: ProfileLine[]
  /** Self time of single functions. */
  selfByFunction: ProfileLine[]
  /** Time spent in a function or anything it called (each function counted once per sample). */
  inclusive: ProfileLine[]
}

/** Microseconds now, on the clock V8's profiler stamps its samples with. */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n)

function area(url: string, root: string): string {
  if (url === '') return '(native / V8)'
  if (url.startsWith('node:')) return 'node internals'
  const path = url.startsWith('file://') ? new URL(url).pathname : url
  const modules = path.lastIndexOf('/node_modules/')
  if (modules >= 0) {
    const rest = path.slice(modules + '/node_modules/'.length).split('/')
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? path)
  }
  return relative(root, path)
}

/** The file, shortened: `drizzle-orm/better-sqlite3/session.js`, `dist/lib/etag.js`, `node:internal/…`. */
function sourceFile(url: string, root: string): string {
  if (url === '' || url.startsWith('node:')) return area(url, root)
  const path = url.startsWith('file://') ? new URL(url).pathname : url
  const modules = path.lastIndexOf('/node_modules/')
  return modules >= 0 ? path.slice(modules + '/node_modules/'.length) : relative(root, path)
}

function top(map: Map<string, number>, busyMs: number, count: number): ProfileLine[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => ({ name, ms, share: busyMs > 0 ? ms / busyMs : 0 }))
}

const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms)

/**
 * Summarises the server's `.cpuprofile` for each window (samples stamped inside it); a profile whose clock does not
 * line up with the windows is summarised whole.
 */
export function summariseProfiles(dir: string, root: string, windows: Window[], count = 12): ProfileSummary[] {
  const out: ProfileSummary[] = []
  // No file when the process did not exit by itself (V8 writes the profile on exit, not on SIGKILL).
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : []
  for (const file of files) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile
    const byId = new Map(profile.nodes.map((node) => [node.id, node]))
    const parent = new Map<number, number>()
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
    const name = (id: number): string => {
      const frame = byId.get(id)!.callFrame
      return `${frame.functionName || '(anonymous)'} ${sourceFile(frame.url, root)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`
    }
    const stamps: number[] = []
    let t = profile.startTime
    for (const delta of profile.timeDeltas) stamps.push((t += delta))
    const inside = (w: Window) => stamps.some((s) => s >= w.startUs && s <= w.endUs)
    const spans = windows.some(inside) ? windows : [{ label: `whole server run (${file})`, startUs: -Infinity, endUs: Infinity }]

    for (const span of spans) {
      const selfArea = new Map<string, number>()
      const selfFunction = new Map<string, number>()
      const inclusive = new Map<string, number>()
      let busyMs = 0
      let idleMs = 0
      profile.samples.forEach((id, i) => {
        const at = stamps[i] as number
        if (at < span.startUs || at > span.endUs) return
        const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000
        const frame = byId.get(id)?.callFrame
        if (frame === undefined) return
        if (frame.functionName === '(idle)') {
          idleMs += ms
          return
        }
        busyMs += ms
        add(selfArea, area(frame.url, root), ms)
        add(selfFunction, name(id), ms)
        const seen = new Set<string>()
        for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
          const n = name(node)
          if (!seen.has(n)) {
            seen.add(n)
            add(inclusive, n, ms)
          }
        }
      })
      for (const root of ['(root) (native / V8)', '(program) (native / V8)']) inclusive.delete(root)
      out.push({
        label: span.label,
        busyMs,
        idleMs,
        selfByArea: top(selfArea, busyMs, count),
        selfByFunction: top(selfFunction, busyMs, count),
        inclusive: top(inclusive, busyMs, count * 2),
      })
    }
  }
  return out
}

export function formatProfile(summary: ProfileSummary): string {
  const lines = (title: string, rows: ProfileLine[]) => [
    `  ${title}`,
    ...rows.map((r) => `    ${r.ms.toFixed(0).padStart(7)} ms  ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.name}`),
  ]
  return [
    `CPU profile of the server during ${summary.label}: ${summary.busyMs.toFixed(0)} ms busy, ${summary.idleMs.toFixed(0)} ms idle (shares are of busy time)`,
    ...lines('self time by area', summary.selfByArea),
    ...lines('self time by function', summary.selfByFunction),
    ...lines('inclusive time (function and its callees)', summary.inclusive),
  ].join('\n')
}
