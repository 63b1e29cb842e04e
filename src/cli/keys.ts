import { parseArgs } from 'node:util'
import { scopes, systemCaller, type Scope } from '../domain/access.js'
import { cliApp } from './app.js'

/**
 * `npm run keys -- create --name "Desk" --scope write [--expires 2027-01-01T00:00:00Z]`
 * `npm run keys -- revoke --id 3`
 * How a fresh install gets its first admin key: the secret is printed once.
 */
const usage = 'Usage: npm run keys -- create --name NAME --scope read|write|admin [--expires ISO] | revoke --id ID'
const fail = (message: string): never => {
  console.error(message)
  process.exit(2)
}

let parsed: ReturnType<
  typeof parseArgs<{ allowPositionals: true; options: Record<'name' | 'scope' | 'expires' | 'id', { type: 'string' }> }>
>
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, scope: { type: 'string' }, expires: { type: 'string' }, id: { type: 'string' } },
  })
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`)
}
const { positionals, values } = parsed!
const command = positionals[0]
if (command !== 'create' && command !== 'revoke') fail(usage)
const scope = values.scope as Scope | undefined
if (command === 'create') {
  if (!values.name) fail('--name is required')
  if (!scope || !scopes.includes(scope)) fail(`--scope must be one of ${scopes.join(', ')}`)
  if (values.expires !== undefined && Number.isNaN(Date.parse(values.expires))) fail('--expires must be an RFC 3339 timestamp')
}
if (command === 'revoke' && (!values.id || !/^[1-9]\d*$/.test(values.id))) fail('--id must be a key id')

const app = await cliApp()
const keys = app.services.keys
try {
  if (command === 'create') {
    const { key, secret } = await keys.create(systemCaller, {
      name: values.name!,
      scope: scope!,
      ...(values.expires ? { expiresAt: new Date(values.expires).toISOString() } : {}),
    })
    console.log(`Created ${key.scope} key #${key.id} "${key.name}". Store this secret now; it is not shown again:\n${secret}`)
  } else {
    await keys.revoke(systemCaller, Number(values.id))
    console.log(`Revoked key #${values.id}`)
  }
} catch (error) {
  console.error((error as Error).message)
  process.exitCode = 1
} finally {
  await app.close()
}
