import { createHash } from 'node:crypto'
import fc from 'fast-check'
import t, { type Test } from 'tap'
import { articleFixtures } from '../article-fixtures.js'
import { articleSteps, newsroom, type ArticleStep } from '../article-history.js'
import { build, onSqlite, type TestApp } from '../helper.js'

// Convergence: over random histories of creates, edits, publications, schedules, unpublications, archives,
// deletions, category moves and tag changes, consumers of the change feed that stop at random points and resume
// from their last cursor end up holding exactly what they can read through the API (same resources, same
// versions), and the checksum at their position is the one they compute from their copy.

type Step = ArticleStep | { kind: 'poll'; consumer: number; limit: number }

const step: fc.Arbitrary<Step> = fc.oneof(...articleSteps(), {
  weight: 3,
  arbitrary: fc.record({ kind: fc.constant('poll' as const), consumer: fc.nat({ max: 2 }), limit: fc.integer({ min: 1, max: 4 }) }),
})

interface Event {
  resource: string
  id: number
  version: number
  transition: string
}

/** A partner's copy: the feed applied event by event from its last cursor. */
class Consumer {
  cursor = '0'
  readonly held = new Map<string, number>()
  constructor(
    readonly name: string,
    readonly headers: Record<string, string>,
  ) {}

  async poll(api: TestApp, limit: number): Promise<void> {
    const res = await api.call({ method: 'GET', url: `/v1/changes?after=${this.cursor}&limit=${limit}`, headers: this.headers })
    if (res.statusCode !== 200) throw new Error(`feed answered ${res.statusCode}: ${res.body}`)
    const page = res.json() as { data: Event[]; page: { nextCursor: string } }
    for (const e of page.data)
      if (e.transition === 'disappear') this.held.delete(`${e.resource}:${e.id}`)
      else this.held.set(`${e.resource}:${e.id}`, e.version)
    this.cursor = page.page.nextCursor
  }

  async catchUp(api: TestApp): Promise<void> {
    for (;;) {
      const before = this.cursor
      await this.poll(api, 1000)
      if (this.cursor === before) return
    }
  }

  sha256(): string {
    const lines = [...this.held]
      .map(([key, version]) => ({ resource: key.split(':')[0]!, id: Number(key.split(':')[1]), version }))
      .sort((a, b) => (a.resource === b.resource ? a.id - b.id : a.resource < b.resource ? -1 : 1))
      .map((r) => `${r.resource}:${r.id}:${r.version}\n`)
    return createHash('sha256').update(lines.join('')).digest('hex')
  }
}

/** Everything the caller can read through the API, with versions: what its copy must equal. */
async function readable(api: TestApp, headers: Record<string, string>): Promise<Map<string, number>> {
  const held = new Map<string, number>()
  for (const [resource, path] of [
    ['article', 'articles'],
    ['author', 'authors'],
    ['category', 'categories'],
    ['tag', 'tags'],
  ] as const) {
    let cursor: string | null = null
    do {
      const res = await api.call({ method: 'GET', url: `/v1/${path}?limit=100${cursor ? `&cursor=${cursor}` : ''}`, headers })
      const page = res.json() as { data: { id: number; version?: number }[]; page: { nextCursor: string | null } }
      for (const item of page.data) {
        const version =
          item.version ??
          ((await api.call({ method: 'GET', url: `/v1/${path}/${item.id}`, headers })).json() as { version: number }).version
        held.set(`${resource}:${item.id}`, version)
      }
      cursor = page.page.nextCursor
    } while (cursor !== null)
  }
  return held
}

async function replay(t: Test, steps: Step[]): Promise<void> {
  const api = await build(t)
  const fx = articleFixtures(api)
  const room = await newsroom(api, fx)
  const scopedKey = await fx.expect(
    {
      method: 'POST',
      url: '/v1/keys',
      as: 'admin',
      payload: { name: 'Mitra', scope: 'read', categories: [room.categories[1]!.id, room.categories[2]!.id] },
    },
    201,
  )
  const consumers = [
    new Consumer('anonymous consumer', {}),
    new Consumer('scoped partner', { authorization: `Bearer ${(scopedKey.json() as { secret: string }).secret}` }),
    new Consumer('editor', api.as.write),
  ]
  for (const [n, s] of steps.entries()) {
    if (s.kind === 'poll') await consumers[s.consumer]!.poll(api, s.limit)
    else await room.apply(s, n)
  }
  // Scheduled times that passed are recorded (the tag lists count them from their time, the feed from the record).
  api.clock.now += 60 * 60_000
  await api.app.runJobs()
  for (const consumer of consumers) {
    await consumer.catchUp(api)
    t.same(
      Object.fromEntries([...consumer.held].sort()),
      Object.fromEntries([...(await readable(api, consumer.headers))].sort()),
      `the ${consumer.name}'s copy is what it can read`,
    )
    const sum = (await api.call({ method: 'GET', url: `/v1/changes/checksum?upTo=${consumer.cursor}`, headers: consumer.headers })).json()
    t.same(sum, { upTo: consumer.cursor, count: consumer.held.size, sha256: consumer.sha256() }, `the ${consumer.name}'s checksum`)
  }
}

t.test('consumers that stop and resume anywhere converge on exactly what they can see', async (t) => {
  const runs = onSqlite ? 25 : 6
  let ran = 0
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 40 }), async (steps) => {
      await t.test(`a history of ${steps.length} steps`, (t) => replay(t, steps))
      ran++
    }),
    { seed: 20261202, numRuns: runs, endOnFailure: true },
  )
  t.equal(ran, runs, 'every generated history was replayed')
})
