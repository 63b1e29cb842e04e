import { writeFileSync } from 'node:fs'
import { buildApp } from '../app.js'
import { loadConfig } from '../config.js'
import { systemClock } from '../lib/clock.js'
import { openStore } from '../store/index.js'

/** `npm run openapi`: writes the document the app serves to `openapi/openapi.json`. */
const openapiFile = new URL('../../openapi/openapi.json', import.meta.url)

const config = loadConfig({}, { logLevel: 'silent', changePollMs: 0, jobsIntervalMs: 0 })
const app = await buildApp({ config, store: await openStore({ databasePath: ':memory:' }, { clock: systemClock, lockTimeoutMs: 0 }) })
await app.ready()
writeFileSync(openapiFile, `${JSON.stringify(app.swagger(), null, 2)}\n`)
await app.close()
console.log(`Wrote ${openapiFile.pathname}`)
