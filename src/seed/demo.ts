import type { Services } from '../app.js'
import { systemCaller } from '../domain/access.js'
import type { Clock } from '../lib/clock.js'
import type { Store } from '../store/index.js'
import { demoArticles, demoAuthors, demoCategories, demoTags } from './demo-content.js'

const hour = 60 * 60 * 1000
const id = async (created: Promise<{ location: string }>) => Number((await created).location.split('/').at(-1))

/**
 * Loads the demo newsroom through the same services the API uses. Publication times are relative to now;
 * one article is scheduled, one is a draft.
 */
async function seedDemo(services: Services, clock: Clock): Promise<void> {
  const { categories, tags, writer, captions, related } = services
  const as = systemCaller
  const categoryIds = new Map<string, number>()
  for (const c of demoCategories) categoryIds.set(c.slug, await id(categories.create(as, c)))
  const authorIds: number[] = []
  for (const a of demoAuthors) authorIds.push(await id(services.authors.create(as, a)))
  for (const name of demoTags) await tags.create(as, { name })

  const articleIds = new Map<string, number>()
  for (const a of demoArticles) {
    const articleId = await id(
      writer.create(as, {
        title: a.title,
        summary: a.summary,
        dateline: a.dateline,
        source: 'Kabar',
        categoryId: categoryIds.get(a.category)!,
        body: a.paragraphs.map((p, i) => `<p>${i === 0 ? `<strong>${a.dateline}, Kabar</strong> – ` : ''}${p}</p>`).join('\n'),
        tags: a.tags,
        bylines: [
          { authorId: authorIds[a.writer]!, role: 'writer' },
          { authorId: authorIds[a.editor]!, role: 'editor' },
        ],
      }),
    )
    articleIds.set(a.title, articleId)
    for (const [i, photo] of a.photos.entries()) {
      await captions.create(as, articleId, {
        role: photo.role ?? (i === 0 ? 'featured' : 'inline'),
        imageUrl: photo.imageUrl,
        text: photo.text,
        credit: photo.credit,
        altText: photo.altText,
        photographer: photo.photographer ?? null,
        width: 1200,
        height: 800,
      })
    }
  }
  for (const a of demoArticles) {
    const articleId = articleIds.get(a.title)!
    if (a.related.length > 0)
      await related.replace(
        as,
        articleId,
        '*',
        a.related.map((title) => articleIds.get(title)!),
      )
    if (a.hoursAgo !== null) await writer.act(as, articleId, '*', 'publish', new Date(clock() - a.hoursAgo * hour).toISOString())
  }
}

/**
 * Seeds only a database that has no content yet (the first start), holding the write lock throughout: processes
 * started together seed once, and the demo newsroom lands whole or not at all. Returns whether it seeded.
 */
export function seedIfEmpty(store: Store, services: Services, clock: Clock): Promise<boolean> {
  return store.exclusively(async () => {
    if (await store.hasContent()) return false
    await seedDemo(services, clock)
    return true
  }, 60_000)
}
