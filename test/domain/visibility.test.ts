import fc from 'fast-check'
import t from 'tap'
import { and, asc } from 'drizzle-orm'
import { scopes, type Audience } from '../../src/domain/access.js'
import { visibleTo, visibleWhere, type ArticleStatus } from '../../src/domain/visibility.js'
import { openDatabase } from '../../src/store/sqlite/connect.js'
import { migrateDatabase } from '../../src/store/sqlite/migrate.js'
import { articles, categories } from '../../src/store/sqlite/schema.js'

// The one visibility rule has a JavaScript form (for rows in hand) and a SQL form (for queries). Over generated
// articles, times and audiences, both must pick exactly the same articles.

const statuses: ArticleStatus[] = ['draft', 'scheduled', 'published', 'archived']
const T = Date.parse('2026-07-23T10:00:00.000Z')
const time = fc.integer({ min: T - 5000, max: T + 5000 })

const article = fc.record({
  status: fc.constantFrom(...statuses),
  publishedAt: fc.option(time, { nil: null }),
  categoryId: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
})
const audience: fc.Arbitrary<Audience> = fc.record({
  scope: fc.constantFrom('public' as const, ...scopes),
  keyId: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
  categories: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 3 }), { maxLength: 3 }), { nil: null }),
})

t.test('the JavaScript and SQL forms of the visibility rule agree', async (t) => {
  const db = openDatabase(':memory:')
  await migrateDatabase(db)
  t.teardown(() => db.$client.close())
  for (const id of [1, 2, 3])
    db.insert(categories)
      .values({ id, slug: `c-${id}`, name: `C ${id}`, createdAt: T, updatedAt: T })
      .run()
  let checked = 0
  fc.assert(
    fc.property(fc.array(article, { minLength: 1, maxLength: 30 }), audience, time, (rows, who, now) => {
      db.delete(articles).run()
      const inserted = rows.map((row, i) =>
        db
          .insert(articles)
          .values({ slug: `a-${i}`, title: `A ${i}`, ...row, createdAt: T, updatedAt: T })
          .returning()
          .get(),
      )
      const bySql = db
        .select({ id: articles.id })
        .from(articles)
        .where(and(visibleWhere(who, now, articles)))
        .orderBy(asc(articles.id))
        .all()
        .map((r) => r.id)
      const byJs = inserted.filter((row) => visibleTo(who, row, now)).map((row) => row.id)
      checked++
      return JSON.stringify(bySql) === JSON.stringify(byJs)
    }),
    { seed: 20261201, numRuns: 300 },
  )
  t.equal(checked, 300, 'every generated case was checked')
})

t.test('the rule itself: editors see everything, everyone else what is public now', async (t) => {
  const now = T
  const visible = (scope: Audience['scope'], status: ArticleStatus, publishedAt: number | null) =>
    visibleTo({ scope, keyId: null, categories: null }, { status, publishedAt, categoryId: null }, now)
  t.ok(visible('write', 'draft', null))
  t.ok(visible('admin', 'archived', now - 1))
  t.ok(visible('public', 'published', now))
  t.ok(visible('read', 'scheduled', now - 1), 'a scheduled article whose time has come')
  t.notOk(visible('read', 'scheduled', now + 1), 'a scheduled article before its time')
  t.notOk(visible('public', 'archived', now - 1))
  t.notOk(visible('public', 'draft', null))
  t.notOk(visible('public', 'published', null))
})

t.test('a scoped key sees only the public articles of its categories; editors are never scoped', async (t) => {
  const scoped = { scope: 'read' as const, keyId: 4, categories: [2, 3] }
  const published = { status: 'published' as const, publishedAt: T - 1 }
  t.ok(visibleTo(scoped, { ...published, categoryId: 2 }, T))
  t.notOk(visibleTo(scoped, { ...published, categoryId: 1 }, T), 'another category')
  t.notOk(visibleTo(scoped, { ...published, categoryId: null }, T), 'no category')
  t.notOk(visibleTo(scoped, { status: 'draft', publishedAt: null, categoryId: 2 }, T), 'a draft of its category')
  t.ok(visibleTo({ scope: 'write', keyId: 5, categories: [2] }, { status: 'draft', publishedAt: null, categoryId: 1 }, T))
})
