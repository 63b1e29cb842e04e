import { writeFileSync } from 'node:fs'
import { buildApp } from '../app.js'
import { loadConfig } from '../config.js'
import { openDatabase } from '../db/connect.js'

/** `npm run openapi`: writes the document the app serves to `openapi/openapi.json`. */
export const openapiFile = new URL('../../openapi/openapi.json', import.meta.url)

const app = await buildApp({ config: loadConfig({}, { logLevel: 'silent' }), db: openDatabase(':memory:') })
await app.ready()
writeFileSync(openapiFile, `${JSON.stringify(app.swagger(), null, 2)}\n`)
await app.close()
console.log(`Wrote ${openapiFile.pathname}`)
