import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

/** A port the OS says is free right now (bound, read, released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))))
    })
  })
}

/** A child process whose output is kept (the last lines) for diagnostics rather than interleaved with the report. */
export class Child {
  readonly process: ChildProcess
  readonly exited: Promise<number | null>
  private readonly lines: string[] = []
  /** Lines printed since start, including those no longer kept. */
  linesSeen = 0
  private exitCode: number | null | undefined

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    cwd: string,
    /** Another OS user to run as (PostgreSQL refuses to run as root). */
    user?: { uid: number; gid: number },
  ) {
    this.process = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], ...user })
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue
        this.lines.push(line)
        this.linesSeen++
      }
      if (this.lines.length > 200) this.lines.splice(0, this.lines.length - 200)
    }
    this.process.stdout?.on('data', keep)
    this.process.stderr?.on('data', keep)
    this.exited = new Promise((resolve) => {
      this.process.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? null : 0)
        resolve(this.exitCode)
      })
      this.process.once('error', (error) => {
        this.lines.push(String(error))
        this.exitCode = null
        resolve(null)
      })
    })
  }

  get pid(): number {
    if (this.process.pid === undefined) throw new Error(`${this.name} did not start: ${this.output()}`)
    return this.process.pid
  }

  get running(): boolean {
    return this.exitCode === undefined
  }

  /** Everything the child printed (its last 200 lines). */
  output(): string {
    return this.lines.join('\n')
  }

  /** The kept lines printed after the first `skip` lines the child ever printed. */
  logLines(skip = 0): string[] {
    const dropped = this.linesSeen - this.lines.length
    return this.lines.slice(Math.max(0, skip - dropped))
  }

  /** `signal` (SIGTERM: graceful shutdown), then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.running) return
    this.process.kill(signal)
    const timer = sleep(graceMs).then(() => 'timeout' as const)
    if ((await Promise.race([this.exited.then(() => 'exited' as const), timer])) === 'timeout') {
      this.process.kill('SIGKILL')
      await this.exited
    }
  }
}

/** Polls `url` until it answers 200, the child dies, or `timeoutMs` passes. */
export async function waitForHttp(url: string, child: Child, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (!child.running) throw new Error(`${child.name} exited before it was ready:\n${child.output()}`)
    try {
      const response = await fetch(url)
      await response.arrayBuffer()
      if (response.status === 200) return
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${child.name} not ready at ${url} after ${timeoutMs} ms:\n${child.output()}`)
    await sleep(50)
  }
}

/** A `Vm*` line of /proc/<pid>/status in bytes (Linux), or null where /proc is not available. */
export function procMemory(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) * 1024 : null
  } catch {
    return null
  }
}

let clockTicks: number | undefined

export interface CpuTime {
  user: number
  system: number
}

/** The fields of /proc/<pid>/stat after the command name (state is [0], ppid [1], utime [11]…), or null. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  } catch {
    return null
  }
}

function ticks(): number {
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    clockTicks = 100
  }
  return clockTicks
}

/** CPU seconds in user and kernel mode the process has used so far (Linux /proc), or null. */
export function cpuSeconds(pid: number): CpuTime | null {
  const fields = statFields(pid)
  if (fields === null) return null
  return { user: Number(fields[11]) / ticks(), system: Number(fields[12]) / ticks() }
}

/**
 * CPU seconds of a process and its children (Linux /proc), or null: its own time, the time of children it has
 * reaped, and that of its live children. PostgreSQL forks a process per connection, so this is the whole server's.
 */
export function treeCpuSeconds(pid: number): CpuTime | null {
  const own = statFields(pid)
  if (own === null) return null
  let user = Number(own[11]) + Number(own[13])
  let system = Number(own[12]) + Number(own[14])
  for (const child of childPids(pid)) {
    const fields = statFields(child)
    if (fields === null) continue
    user += Number(fields[11]) + Number(fields[13])
    system += Number(fields[12]) + Number(fields[14])
  }
  return { user: user / ticks(), system: system / ticks() }
}

/** The live children of a process (Linux /proc). */
export function childPids(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((child) => Number(statFields(child)?.[1]) === pid)
}

/** CPU seconds all CPUs spent busy (not idle, not iowait) since boot (Linux /proc/stat), or null. */
export function machineBusySeconds(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields
    return (user + nice + system + irq + softirq + steal) / ticks()
  } catch {
    return null
  }
}

/** Polls VmRSS of a process (or of each of its children) while a scenario runs and keeps the peak. */
export class RssSampler {
  private peak = 0
  private readonly timer: NodeJS.Timeout

  constructor(
    private readonly pid: number,
    private readonly ofChildren = false,
    intervalMs = 200,
  ) {
    this.sample()
    this.timer = setInterval(() => this.sample(), intervalMs)
  }

  private sample(): void {
    for (const pid of this.ofChildren ? childPids(this.pid) : [this.pid]) {
      const rss = procMemory(pid, 'VmRSS')
      if (rss !== null && rss > this.peak) this.peak = rss
    }
  }

  /** Stops sampling; the peak in bytes, or null if nothing could be read. */
  stop(): number | null {
    clearInterval(this.timer)
    this.sample()
    return this.peak > 0 ? this.peak : null
  }
}
