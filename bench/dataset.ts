import { statSync } from 'node:fs'
import { tagKey } from '../src/domain/tag-names.js'
import { Random } from './random.js'
import { articleBody, categorySeeds, dateline, headline, personName, personNames, sentence, slugOf, tagNames } from './text.js'

/** The runtime shape of dist/store/sqlite/connect.js and dist/store/sqlite/migrate.js (types from src, code from the build). */
export type ConnectModule = typeof import('../src/store/sqlite/connect.js') & typeof import('../src/store/sqlite/migrate.js')

export interface DatasetOptions {
  path: string
  articles: number
  seed: number
  connect: ConnectModule
  /** How many distinct slugs / ids the read scenarios rotate over. */
  sampleSize: number
}

export interface CategoryInfo {
  id: number
  slug: string
  name: string
  articles: number
}

export interface Dataset {
  path: string
  rows: Record<string, number>
  categories: CategoryInfo[]
  /** Slugs and ids of published articles, spread over the whole table, for the rotating read scenarios. */
  sampleSlugs: string[]
  sampleIds: number[]
  /** Every article's id: all are published. */
  publishedIds: number[]
  buildMs: number
  fileBytes: number
}

const AUTHORS = 200
const TAGS = 500
const BODY_BYTES = 3000
const BATCH = 2000
const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const credits = ['Reuters', 'ANTARA', 'AP', 'AFP', 'Kabar', 'ANTARA FOTO', 'Dok. Humas', 'Istimewa']

function fileSize(path: string): number {
  let total = 0
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      total += statSync(path + suffix).size
    } catch {
      /* absent */
    }
  }
  return total
}

/**
 * Builds the benchmark newsroom straight into SQLite: migrated by the app's own migrator, then filled with
 * prepared statements in large transactions (with `synchronous = OFF` on this loading connection only; the
 * server opens the file with its own pragmas). Every article is published, in the past, with bylines, tags,
 * a featured caption and three related links.
 */
export async function buildDataset(options: DatasetOptions): Promise<Dataset> {
  const started = performance.now()
  const { articles: total } = options
  if (!Number.isInteger(total) || total < 10) throw new Error('--articles must be an integer ≥ 10')
  const random = new Random(options.seed)
  const db = options.connect.openDatabase(options.path)
  await options.connect.migrateDatabase(db)
  const client = db.$client
  client.pragma('synchronous = OFF')
  client.pragma('cache_size = -262144')

  const now = Date.now()
  const spanMs = Math.min(1095, Math.max(30, Math.round(total / 120))) * DAY
  const newest = now - 10 * MINUTE
  const oldest = newest - spanMs

  // Categories (a few with a parent), authors, tags.
  const categories: CategoryInfo[] = []
  const insertCategory = client.prepare(`insert into categories (id, slug, name, description, parent_id, created_at, updated_at, version)
    values (?, ?, ?, ?, ?, ?, ?, 1)`)
  const insertAuthor = client.prepare(`insert into authors (id, slug, name, bio, avatar_url, email, created_at, updated_at, version)
    values (?, ?, ?, ?, ?, ?, ?, ?, 1)`)
  const insertTag = client.prepare(
    'insert into tags (id, slug, name, name_key, created_at, updated_at, version) values (?, ?, ?, ?, ?, ?, 1)',
  )
  const authorNames = personNames(random, AUTHORS)
  client.transaction(() => {
    const idOf = new Map<string, number>()
    categorySeeds.forEach((seed, i) => {
      const id = i + 1
      const slug = slugOf(seed.name)
      idOf.set(seed.name, id)
      insertCategory.run(
        id,
        slug,
        seed.name,
        seed.description,
        seed.parent === undefined ? null : (idOf.get(seed.parent) ?? null),
        oldest - DAY,
        oldest - DAY,
      )
      categories.push({ id, slug, name: seed.name, articles: 0 })
    })
    authorNames.forEach((name, i) => {
      const slug = slugOf(name)
      insertAuthor.run(
        i + 1,
        slug,
        name,
        `${name} adalah jurnalis Kabar. ${sentence(random)}`,
        `https://img.kabar.example/authors/${slug}.jpg`,
        `${slug.replace(/-/g, '.')}@kabar.example`,
        oldest - DAY,
        oldest - DAY,
      )
    })
    tagNames(random, TAGS).forEach((name, i) => insertTag.run(i + 1, slugOf(name), name, tagKey(name), oldest - DAY, oldest - DAY))
  })()

  const insertArticle = client.prepare(`insert into articles (id, slug, title, subtitle, summary, body, dateline, source, language,
      category_id, status, published_at, first_published_at, meta_title, meta_description, canonical_url, word_count,
      created_at, updated_at, version)
    values (?, ?, ?, ?, ?, ?, ?, 'Kabar', 'id', ?, 'published', ?, ?, ?, ?, null, ?, ?, ?, ?)`)
  // Every slug an article has had, its current one included, is a row of the slug table (the app's invariant).
  const insertSlug = client.prepare('insert into article_slug_history (slug, article_id) values (?, ?)')
  const insertByline = client.prepare('insert into bylines (article_id, position, author_id, role) values (?, ?, ?, ?)')
  const insertArticleTag = client.prepare('insert into article_tags (article_id, tag_id, position) values (?, ?, ?)')
  const insertCaption = client.prepare(`insert into captions (article_id, role, position, image_url, text, alt_text, credit,
      photographer, width, height, created_at, updated_at, version)
    values (?, 'featured', 0, ?, ?, ?, ?, ?, 1280, 720, ?, ?, 1)`)
  const insertRelated = client.prepare('insert into related_links (article_id, related_id, position) values (?, ?, ?)')

  const weights = categorySeeds.map((c) => c.weight)
  const slugs: string[] = new Array<string>(total)
  const categoryOf = new Uint8Array(total + 1)
  const taken = new Set<string>()
  let bylineRows = 0
  let tagRows = 0

  const insertArticles = client.transaction((from: number, to: number) => {
    for (let id = from; id <= to; id++) {
      const category = categories[random.weighted(weights)] as CategoryInfo
      category.articles++
      categoryOf[id] = category.id

      let title = headline(random)
      let slug = slugOf(title)
      for (let n = 2; taken.has(slug); n++) {
        title = n < 6 ? headline(random) : `${headline(random)} (${n})`
        slug = slugOf(title)
      }
      taken.add(slug)
      slugs[id - 1] = slug

      // Published in id order over the span, with jitter; never in the future.
      const publishedAt = Math.min(newest, Math.round(oldest + (spanMs * id) / total + random.int(-30, 30) * MINUTE))
      const createdAt = publishedAt - random.int(10, 240) * MINUTE
      const edits = random.chance(0.25) ? random.int(1, 3) : 0
      const updatedAt = edits === 0 ? publishedAt : Math.min(now, publishedAt + random.int(5, 600) * MINUTE)
      const earlier = id > 1 ? (slugs[random.int(Math.max(0, id - 500), id - 2)] as string) : slug
      const body = articleBody(random, BODY_BYTES + random.int(-400, 600), () => `https://www.kabar.example/${category.slug}/${earlier}`)
      const summary = sentence(random)
      insertArticle.run(
        id,
        slug,
        title,
        random.chance(0.2) ? sentence(random) : null,
        summary,
        body.html,
        dateline(random, category.name),
        category.id,
        publishedAt,
        publishedAt,
        random.chance(0.3) ? title.slice(0, 60) : null,
        random.chance(0.5) ? summary.slice(0, 160) : null,
        body.wordCount,
        createdAt,
        updatedAt,
        1 + edits,
      )
      insertSlug.run(slug, id)

      // A writer, often an editor, sometimes a photographer: 1–3 bylines.
      const writer = random.int(1, AUTHORS)
      insertByline.run(id, 0, writer, 'writer')
      bylineRows++
      let position = 1
      if (random.chance(0.75)) {
        const editor = random.int(1, AUTHORS - 1)
        insertByline.run(id, position++, editor >= writer ? editor + 1 : editor, 'editor')
        bylineRows++
      }
      if (random.chance(0.2)) {
        insertByline.run(id, position++, random.int(1, AUTHORS), 'photographer')
        bylineRows++
      }

      const tagCount = random.int(2, 5)
      const tagIds = new Set<number>()
      while (tagIds.size < tagCount) tagIds.add(random.skewed(TAGS) + 1)
      let tagPosition = 0
      for (const tagId of tagIds) insertArticleTag.run(id, tagId, tagPosition++)
      tagRows += tagCount

      const day = new Date(publishedAt)
      insertCaption.run(
        id,
        `https://img.kabar.example/photos/${day.getUTCFullYear()}/${String(day.getUTCMonth() + 1).padStart(2, '0')}/${id}-${slug.slice(0, 40)}.jpg`,
        sentence(random),
        `Foto ${title.toLowerCase()}`,
        random.pick(credits),
        personName(random),
        createdAt,
        createdAt,
      )
    }
  })
  for (let from = 1; from <= total; from += BATCH) insertArticles(from, Math.min(total, from + BATCH - 1))

  // Related links in a second pass, so the first articles can point at later ones; mostly recent, same category.
  const relatedPerArticle = Math.min(3, total - 1)
  const insertLinks = client.transaction((from: number, to: number) => {
    for (let id = from; id <= to; id++) {
      const chosen = new Set<number>()
      for (let tries = 0; chosen.size < relatedPerArticle && tries < 40; tries++) {
        const candidate = id > 200 ? random.int(id - 200, id - 1) : random.int(1, Math.min(total, 400))
        if (candidate !== id && (categoryOf[candidate] === categoryOf[id] || tries > 20)) chosen.add(candidate)
      }
      while (chosen.size < relatedPerArticle) {
        const candidate = random.int(1, total)
        if (candidate !== id) chosen.add(candidate)
      }
      let position = 0
      for (const relatedId of chosen) insertRelated.run(id, relatedId, position++)
    }
  })
  for (let from = 1; from <= total; from += BATCH) insertLinks(from, Math.min(total, from + BATCH - 1))

  // The change log such a history leaves once compacted: each resource's last event, in the order they happened.
  const logged = (resource: string, reason: string, from: string, category: string, at: string, where = '') =>
    client.exec(`insert into changes (resource, resource_id, operation, reason, version, visible_before, visible_after,
      category_before, category_after, api_key_id, occurred_at)
      select '${resource}', id, 'upsert', '${reason}', version, 0, 1, ${category}, ${category}, null, ${at} from ${from} ${where}
      order by ${at}, id`)
  logged('category', 'created', 'categories', 'null', 'created_at')
  logged('author', 'created', 'authors', 'null', 'created_at')
  logged('tag', 'published', 'tags', 'null', 'created_at', 'where id in (select tag_id from article_tags)')
  logged('article', 'published', 'articles', 'category_id', 'published_at')
  const changeRows = (client.prepare('select count(*) as n from changes').get() as { n: number }).n

  client.pragma('wal_checkpoint(TRUNCATE)')
  client.close()

  const sampleSize = Math.min(options.sampleSize, total)
  const sampleIds = random.distinct(sampleSize, 1, total)
  return {
    path: options.path,
    rows: {
      categories: categories.length,
      authors: AUTHORS,
      tags: TAGS,
      articles: total,
      articleSlugs: total,
      bylines: bylineRows,
      articleTags: tagRows,
      captions: total,
      relatedLinks: total * relatedPerArticle,
      changes: changeRows,
    },
    categories,
    sampleSlugs: random.distinct(sampleSize, 1, total).map((id) => slugs[id - 1] as string),
    sampleIds,
    publishedIds: Array.from({ length: total }, (_, i) => i + 1),
    buildMs: performance.now() - started,
    fileBytes: fileSize(options.path),
  }
}
