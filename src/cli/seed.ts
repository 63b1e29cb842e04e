import { systemClock } from '../lib/clock.js'
import { seedIfEmpty } from '../seed/demo.js'
import { cliApp } from './app.js'

/** `npm run seed`: loads the demo newsroom into an empty database. */
const app = await cliApp()
const seeded = await seedIfEmpty(app.store, app.services, systemClock)
await app.close()
console.log(seeded ? 'Demo content loaded' : 'The database already has content; nothing seeded')
