import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runTs } from './child-process.js'
import { repoRoot, tempDir } from './fixtures/server-process.js'

// The README's keys walkthrough, run literally, top to bottom: afterwards the editor's write key still works.

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')
const section = readme.slice(readme.indexOf('## API keys'), readme.indexOf('## Using the API'))
const firstBlock = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
/** Shell words of `npm run keys -- …` lines: plain words and double-quoted strings. */
const commands = firstBlock
  .split('\n')
  .filter((line) => line.startsWith('npm run keys -- '))
  .map((line) => [...line.slice('npm run keys -- '.length).matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!))

t.test('the keys walkthrough works as written, and leaves a usable write key', async (t) => {
  t.ok(commands.length >= 3, `${commands.length} commands in the README's keys block`)
  const env = { DATABASE_PATH: join(tempDir(t, 'readme'), 'kabar.db') }
  const outputs: string[] = []
  for (const args of commands) {
    const { stdout } = await runTs('src/cli/keys.ts', args, env)
    outputs.push(stdout)
  }
  t.match(outputs[0], /^Created admin key #1 "Operations"/)
  t.match(outputs[1], /^Created write key #2 "Desk Nasional"/)
  const listed = outputs[commands.findIndex((args) => args[0] === 'list')]
  t.match(listed, /#2\s+write\s+kbr_\S+…\s+Desk Nasional\s+\(expires 2027-12-31T00:00:00.000Z\)/, 'the write key is listed, active')
  t.match(outputs.at(-1), /Usage: npm run keys/, '--help prints the usage')

  const unknown = await runTs('src/cli/keys.ts', ['revoke', '--id', '99'], env).catch((error: { code: number; stderr: string }) => error)
  t.match(unknown, { code: 1, stderr: /^No such API key \(key #99\)\n$/ }, 'an unknown id: one line, exit 1')
  const flag = await runTs('src/cli/keys.ts', ['create', '--colour', 'red'], env).catch((error: { code: number; stderr: string }) => error)
  t.match(flag, { code: 2 }, 'a bad flag: exit 2')
  t.equal((flag as { stderr: string }).stderr.trim().split('\n').length, 1, 'in one line')
})
