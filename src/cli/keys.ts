import { parseArgs } from 'node:util'
import { scopes, systemCaller, type Scope } from '../domain/access.js'
import { cliApp } from './app.js'

/**
 * The keys command: how a fresh install gets its first admin key (the secret is printed once, stored as a hash).
 * Every failure is one line on stderr and a non-zero exit: 2 for a usage error, 1 when the action failed.
 */
const usage = `Usage: npm run keys -- <command> [options]
  create --name NAME --scope read|write|admin [--expires RFC3339]   create a key; prints its secret once
  list                                                             the active keys (never their secrets)
  revoke --id ID                                                   revoke a key at once
  --help                                                           this text`

const fail = (message: string, code = 2): never => {
  console.error(message)
  process.exit(code)
}

let parsed
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      scope: { type: 'string' },
      expires: { type: 'string' },
      id: { type: 'string' },
      help: { type: 'boolean' },
    },
  })
} catch (error) {
  fail(`${(error as Error).message} (see --help)`)
}
const { positionals, values } = parsed!
const command = positionals[0]
if (values.help) {
  console.log(usage)
  process.exit(0)
}
if (command !== 'create' && command !== 'revoke' && command !== 'list')
  fail(command === undefined ? usage : `Unknown command "${command}" (see --help)`)
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
  } else if (command === 'list') {
    for (const key of await keys.list(1000, 0)) {
      const expires = key.expiresAt === null ? 'never expires' : `expires ${new Date(key.expiresAt).toISOString()}`
      console.log(`#${key.id}  ${key.scope.padEnd(5)}  ${key.prefix}…  ${key.name}  (${expires})`)
    }
  } else {
    await keys.revoke(systemCaller, Number(values.id))
    console.log(`Revoked key #${values.id}`)
  }
} catch (error) {
  console.error(`${(error as Error).message} (key #${values.id ?? '?'})`.replace(' (key #?)', ''))
  process.exitCode = 1
} finally {
  await app.close()
}
