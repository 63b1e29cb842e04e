import { loadConfig } from '../config.js'
import { migrateFile } from '../store/migrate.js'

/** `npm run db:migrate`: applies pending migrations to the configured database. */
const config = loadConfig()
const applied = await migrateFile(config.databasePath)
console.log(`${applied} migration(s) applied to ${config.databasePath}`)
