import type { FastifyInstance } from 'fastify'
import { buildApp } from '../app.js'
import { loadConfig } from '../config.js'
import { systemClock } from '../lib/clock.js'
import { openStore } from '../store/index.js'

/**
 * The application as command-line tools use it: on the configured database, migrated, never listening, without
 * the background poll and jobs (a serving process runs those).
 */
export async function cliApp(): Promise<FastifyInstance> {
  const config = loadConfig(process.env, { logLevel: 'silent', changePollMs: 0, jobsIntervalMs: 0 })
  const store = await openStore(config, { clock: systemClock, lockTimeoutMs: config.writeLockTimeoutMs })
  return buildApp({ config, store })
}
