import { loadConfig } from '../config.js'
import { migrateDatabase, openDatabase } from '../db/connect.js'

/** `npm run db:migrate`: applies pending migrations to the configured database. */
const config = loadConfig()
const db = openDatabase(config.databasePath)
migrateDatabase(db)
db.$client.close()
console.log(`Migrations applied to ${config.databasePath}`)
