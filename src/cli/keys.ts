import { parseArgs } from 'node:util'
import { loadConfig } from '../config.js'
import { migrateDatabase, openDatabase } from '../db/connect.js'
import { systemClock } from '../lib/clock.js'
import { createKeysRepository } from '../modules/keys/repository.js'
import { createKeysService, scopes, type Scope } from '../modules/keys/service.js'

/**
 * `npm run keys -- create --name "Desk" --scope write [--expires 2027-01-01T00:00:00Z]`
 * `npm run keys -- revoke --id 3`
 * How a fresh install gets its first admin key: the secret is printed once.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, scope: { type: 'string' }, expires: { type: 'string' }, id: { type: 'string' } },
})
const fail = (message: string): never => {
  console.error(message)
  process.exit(2)
}

const db = openDatabase(loadConfig().databasePath)
migrateDatabase(db)
const keys = createKeysService(createKeysRepository(db), systemClock)
const command = positionals[0]
if (command === 'create') {
  const scope = values.scope as Scope | undefined
  if (!values.name) fail('--name is required')
  if (!scope || !scopes.includes(scope)) fail(`--scope must be one of ${scopes.join(', ')}`)
  if (values.expires !== undefined && Number.isNaN(Date.parse(values.expires))) fail('--expires must be an RFC 3339 timestamp')
  const { key, secret } = keys.create({ name: values.name!, scope: scope!, ...(values.expires ? { expiresAt: new Date(values.expires).toISOString() } : {}) })
  console.log(`Created ${key.scope} key #${key.id} "${key.name}". Store this secret now; it is not shown again:\n${secret}`)
} else if (command === 'revoke') {
  if (!values.id || !/^[1-9]\d*$/.test(values.id)) fail('--id must be a key id')
  keys.revoke(Number(values.id))
  console.log(`Revoked key #${values.id}`)
} else {
  fail('Usage: npm run keys -- create --name NAME --scope read|write|admin [--expires ISO] | revoke --id ID')
}
db.$client.close()
