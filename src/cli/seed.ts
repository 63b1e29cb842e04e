import { loadConfig } from '../config.js'
import { migrateDatabase, openDatabase } from '../db/connect.js'
import { systemClock } from '../lib/clock.js'
import { seedIfEmpty } from '../seed/demo.js'
import { createServices } from '../services.js'

/** `npm run seed`: loads the demo newsroom into an empty database. */
const config = loadConfig()
const db = openDatabase(config.databasePath)
migrateDatabase(db)
const services = createServices({ db, clock: systemClock, urlTemplate: config.publicUrlTemplate })
console.log(seedIfEmpty(db, services, systemClock) ? `Demo content loaded into ${config.databasePath}` : 'The database already has content; nothing seeded')
db.$client.close()
