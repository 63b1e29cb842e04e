import { execFile, spawn } from 'node:child_process'
import { promisify } from 'node:util'

/**
 * The environment for a child `node` process started by a test: the caller's plus `env`, with tap's coverage
 * switched off in the child. A child compiled by tsx reports coverage for the same source files under other
 * source maps, and merging the two corrupts the suite's coverage report (covered lines show as missed).
 */
export const childEnv = (env: Record<string, string>): NodeJS.ProcessEnv => ({ ...process.env, _TAPJS_PROCESSINFO_COVERAGE_: '0', ...env })

const run = promisify(execFile)

/** Runs a TypeScript entry point (`src/...`) to completion; rejects with `code`, `stdout`, `stderr` on failure. */
export const runTs = (script: string, args: string[], env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', script, ...args], { env: childEnv(env) })

/** Starts a TypeScript entry point as a long-running process with piped output. */
export const spawnTs = (script: string, env: Record<string, string>) =>
  spawn(process.execPath, ['--import', 'tsx', script], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
