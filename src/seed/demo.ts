import type { Db } from '../db/connect.js'
import { authors } from '../db/schema.js'
import type { Clock } from '../lib/clock.js'
import { editorial, type Services } from '../services.js'
import { demoArticles, demoAuthors, demoCategories, demoTags } from './demo-content.js'

const hour = 60 * 60 * 1000

/**
 * Loads the demo newsroom through the same services the API uses, in one transaction: either all of it
 * lands or none of it. Publication times are relative to now; one article is scheduled, one is a draft.
 */
export function seedDemo(db: Db, services: Services, clock: Clock): void {
  const { categories, tags, writer, captions, related } = services
  db.transaction(() => {
    const categoryIds = new Map(demoCategories.map((c) => [c.slug, categories.create(editorial, c).id]))
    const authorIds = demoAuthors.map((a) => services.authors.create(editorial, a).id)
    for (const name of demoTags) tags.create(editorial, { name })

    const articleIds = new Map<string, number>()
    for (const a of demoArticles) {
      const { id } = writer.create(editorial, {
        title: a.title, summary: a.summary, dateline: a.dateline, source: 'Kabar', categoryId: categoryIds.get(a.category)!,
        body: a.paragraphs.map((p, i) => `<p>${i === 0 ? `<strong>${a.dateline}, Kabar</strong> – ` : ''}${p}</p>`).join('\n'),
        tags: a.tags,
        bylines: [{ authorId: authorIds[a.writer]!, role: 'writer' }, { authorId: authorIds[a.editor]!, role: 'editor' }],
      })
      articleIds.set(a.title, id)
      a.photos.forEach((photo, i) => captions.create(editorial, id, { role: photo.role ?? (i === 0 ? 'featured' : 'inline'), imageUrl: photo.imageUrl, text: photo.text, credit: photo.credit, altText: photo.altText, photographer: photo.photographer ?? null, width: 1200, height: 800 }))
    }
    for (const a of demoArticles) {
      const id = articleIds.get(a.title)!
      if (a.related.length > 0) related.replace(id, '*', a.related.map((title) => articleIds.get(title)!))
      if (a.hoursAgo !== null) writer.act(editorial, id, '*', 'publish', new Date(clock() - a.hoursAgo * hour).toISOString())
    }
  })
}

/** Seeds only a database that has no content yet (the first start). Returns whether it seeded. */
export function seedIfEmpty(db: Db, services: Services, clock: Clock): boolean {
  if (db.select({ id: authors.id }).from(authors).limit(1).get()) return false
  seedDemo(db, services, clock)
  return true
}
