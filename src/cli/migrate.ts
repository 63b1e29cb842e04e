import { loadConfig } from '../config.js'
import { systemClock } from '../lib/clock.js'
import { openStore } from '../store/index.js'

/** `npm run db:migrate`: applies pending migrations to the configured database (opening a store migrates it). */
const config = loadConfig()
const store = await openStore(config, { clock: systemClock, lockTimeoutMs: config.writeLockTimeoutMs })
await store.close()
console.log(`Migrations applied to ${store.dialect === 'postgres' ? 'the PostgreSQL database' : config.databasePath}`)
