import t from 'tap'
import { ConfigError, loadConfig, webhookAllowHosts } from '../src/config.js'
import { runTs } from './child-process.js'

const thrown = (fn: () => unknown): Error | undefined => {
  try {
    fn()
  } catch (error) {
    return error as Error
  }
  return undefined
}

t.test('defaults apply when nothing is set; empty counts as unset', async (t) => {
  const config = loadConfig({ PORT: '', HOST: '' })
  t.match(config, {
    port: 3000,
    host: '127.0.0.1',
    databasePath: './data/kabar.db',
    logLevel: 'info',
    publicUrlTemplate: 'https://www.kabar.example/{category}/{slug}',
    cacheMaxAge: 60,
    bodyLimit: 1048576,
    rateLimitPublic: 600,
    rateLimitKeyed: 6000,
    rateLimitWindowMs: 60000,
    corsOrigins: '*',
    seedDemo: true,
  })
  t.ok(Object.isFrozen(config), 'frozen')
})

t.test('values are parsed to their types', async (t) => {
  const config = loadConfig({
    PORT: '8080',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    CACHE_MAX_AGE: '0',
    PUBLIC_URL_TEMPLATE: 'http://localhost:4000/{slug}',
    CORS_ORIGINS: 'https://kabar.example',
  })
  t.match(config, {
    port: 8080,
    logLevel: 'warn',
    seedDemo: false,
    cacheMaxAge: 0,
    publicUrlTemplate: 'http://localhost:4000/{slug}',
    corsOrigins: 'https://kabar.example',
  })
  t.equal(loadConfig({ SEED_DEMO: '1' }).seedDemo, true)
  t.equal(loadConfig({ PUBLIC_URL_TEMPLATE: 'https://kabar.example/baca/{id}' }).publicUrlTemplate, 'https://kabar.example/baca/{id}')
  t.equal(loadConfig({}, { port: 1234 }).port, 1234, 'overrides win')
})

t.test('a bad value throws ConfigError naming the variable and the value', async (t) => {
  const bad: Record<string, string[]> = {
    PORT: ['abc', '-1', '65536', '3000.5', '0x10'],
    LOG_LEVEL: ['verbose', 'INFO'],
    PUBLIC_URL_TEMPLATE: [
      'ftp://kabar.example/{slug}',
      'kabar.example/{slug}',
      'https://kabar example/{slug}',
      'https://kabar.example/',
      'https://kabar.example/{category}',
    ],
    CACHE_MAX_AGE: ['-5', '86401'],
    BODY_LIMIT: ['10', 'lots'],
    RATE_LIMIT_PUBLIC: ['0'],
    RATE_LIMIT_WINDOW_MS: ['999'],
    SEED_DEMO: ['yes'],
    REQUEST_TIMEOUT_MS: ['1e4'],
    WEBHOOK_ALLOW_HOSTS: ['http://127.0.0.1', '127.0.0.1:8080', 'receiver.internal,-bad-', '10.0.0.0/8', 'a b'],
  }
  for (const [name, values] of Object.entries(bad)) {
    for (const value of values) {
      const error = thrown(() => loadConfig({ [name]: value }))
      t.type(error, ConfigError, `${name}=${value}`)
      t.equal(error?.message.startsWith(`Invalid ${name}=${JSON.stringify(value)}: `), true, String(error?.message))
    }
  }
})

t.test('the server refuses to start with a bad PORT: one line naming it, exit code non-zero', async (t) => {
  const started = runTs('src/server.ts', [], { PORT: 'abc', DATABASE_PATH: ':memory:' })
  const failure = await started.then(
    () => null,
    (error: unknown) => error as { code: number; stdout: string; stderr: string },
  )
  t.ok(failure, 'the process failed')
  t.not(failure?.code, 0)
  t.equal(failure?.stdout, '')
  t.match(failure?.stderr, /^Invalid PORT="abc": .+\n$/)
  t.equal(failure?.stderr.trim().split('\n').length, 1, 'one line')
})

t.test('WEBHOOK_ALLOW_HOSTS: hostnames and addresses, comma-separated, compared in lower case', async (t) => {
  t.same([...webhookAllowHosts('')], [])
  t.same([...webhookAllowHosts(' 127.0.0.1, Receiver.Internal ,::1,')], ['127.0.0.1', 'receiver.internal', '::1'])
  t.equal(loadConfig({ WEBHOOK_ALLOW_HOSTS: 'localhost' }).webhookAllowHosts, 'localhost')
})
