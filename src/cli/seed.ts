import { loadConfig } from '../config.js'
import { migrateDatabase, openDatabase } from '../db/connect.js'
import { seedIfEmpty } from '../seed/demo.js'

/** `npm run seed`: loads the demo newsroom into an empty database. */
const config = loadConfig()
const db = openDatabase(config.databasePath)
migrateDatabase(db)
console.log(seedIfEmpty(db) ? `Demo content loaded into ${config.databasePath}` : 'The database already has content; nothing seeded')
db.$client.close()
