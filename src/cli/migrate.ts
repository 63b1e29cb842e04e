import { loadConfig } from '../config.js'
import { openDatabase } from '../store/connect.js'
import { migrateDatabase } from '../store/migrate.js'

/** `npm run db:migrate`: applies pending migrations to the configured database. */
const config = loadConfig()
const db = openDatabase(config.databasePath)
const applied = await migrateDatabase(db)
db.$client.close()
console.log(`${applied} migration(s) applied to ${config.databasePath}`)
