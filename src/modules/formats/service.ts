import { anonymous, type Audience } from '../../domain/access.js'
import { changesAt, visibleTo } from '../../domain/visibility.js'
import { invalid, notFound } from '../../errors.js'
import type { Clock } from '../../lib/clock.js'
import { DependentCache } from '../../lib/dependent-cache.js'
import { document, kept, type KeptRepresentation, type Representation } from '../../lib/etag.js'
import { then, type Maybe } from '../../lib/maybe.js'
import { canonicalQuery } from '../../lib/pagination.js'
import type { Store } from '../../store/index.js'
import type { ChangeRow } from '../../store/write-set.js'
import { facesPublicLists, type ArticleReader } from '../articles/reader.js'
import type { Article } from '../articles/schemas.js'
import { articleView, dependenciesOf } from '../articles/views.js'
import { feedWriters, type FeedChannel, type FeedContent } from './feeds.js'
import { newsArticle } from './jsonld.js'
import { ninjs } from './ninjs.js'
import type { Publication } from './publication.js'
import { maxNewsUrls, maxSitemapUrls, monthSitemap, newsSitemap, newsWindowMs, sitemapIndex, type IndexEntry } from './sitemaps.js'

export const feedFormats = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
} as const
export type FeedFormat = keyof typeof feedFormats
export const articleFormats = { ninjs: 'application/json; charset=utf-8', jsonld: 'application/ld+json; charset=utf-8' } as const
export type ArticleFormat = keyof typeof articleFormats
const xml = 'application/xml; charset=utf-8'

export interface FeedQuery {
  category?: string
  tag?: string
  author?: string
  limit?: number
  content?: FeedContent
}

/** A monthly sitemap's name: `2026-12`, and `2026-12-2` for its second part when a month has more URLs than fit. */
export interface SitemapMonth {
  year: number
  month: number
  part: number
}

const two = (n: number) => String(n).padStart(2, '0')
const monthPath = ({ year, month, part }: SitemapMonth) => `/v1/sitemaps/articles/${year}-${two(month)}${part === 1 ? '' : `-${part}`}.xml`

export type FormatsService = ReturnType<typeof createFormatsService>

/** Whom the formats are rendered for: anonymous callers, or the public within the categories of a scoped key. */
const audienceOf = (caller: Audience): Audience =>
  caller.categories === null ? anonymous : { ...anonymous, categories: caller.categories }

/**
 * The standard formats (feeds, ninjs, JSON-LD, sitemaps): what an anonymous caller may see — a scoped key only
 * within its categories — rendered from the same views as the JSON API, cached with their dependencies and dropped
 * by the change log exactly like the JSON representations (`apply`), so an unpublished article is gone from every
 * format on the next request.
 */
export function createFormatsService({
  store,
  clock,
  urlTemplate,
  publication,
  reader,
}: {
  store: Store
  clock: Clock
  urlTemplate: string
  publication: Publication
  reader: ArticleReader
}) {
  const repo = store.articles
  const cache = new DependentCache<KeptRepresentation | null>(16 << 20)

  /** From the cache, or rendered by `render` and cached under `name` (and the audience's categories) with what it returns. */
  function cached(
    audience: Audience,
    name: string,
    render: (now: number) => Promise<{ rep: Representation | null; deps: readonly string[]; validUntil: number }>,
    what: string,
  ): Maybe<KeptRepresentation> {
    const now = clock()
    const key = audience.categories === null ? name : `${name}|in:${audience.categories.join(',')}`
    const hit = cache.get(key, now)
    if (hit === null) throw notFound(what)
    if (hit !== undefined) return hit
    const since = cache.generation
    return render(now).then(({ rep, deps, validUntil }) => {
      const entry = rep === null ? null : kept(rep)
      cache.set(key, entry, { deps, validUntil, size: entry?.body.length ?? 0, since })
      if (entry === null) throw notFound(what)
      return entry
    })
  }

  /** The article as the audience sees it now, with what its view depends on; null when it does not see it. */
  async function publicArticle(audience: Audience, id: number, now: number) {
    const found = await repo.getWithRelations(id)
    if (found === undefined) return { view: null, deps: [`article:${id}`], validUntil: Infinity }
    const { row, relations } = found
    if (!visibleTo(audience, row, now)) return { view: null, deps: [`article:${id}`], validUntil: changesAt(row, now) }
    return {
      view: { article: articleView(row, relations, { now, urlTemplate }), firstPublishedAt: row.firstPublishedAt },
      deps: dependenciesOf(row, relations),
      validUntil: Infinity,
    }
  }

  function articleDocument(audience: Audience, format: ArticleFormat, id: number): Maybe<KeptRepresentation> {
    return cached(
      audience,
      `${format}|${id}`,
      async (now) => {
        const { view, deps, validUntil } = await publicArticle(audience, id, now)
        if (view === null) return { rep: null, deps, validUntil }
        const body = format === 'ninjs' ? ninjs(publication, view.article, view) : newsArticle(publication, view.article)
        return { rep: document(JSON.stringify(body), articleFormats[format], deps), deps, validUntil }
      },
      'article',
    )
  }

  /** The channel a feed query names (the site, or one category, tag or author), and the list filter it means. */
  async function channelOf(audience: Audience, q: FeedQuery, path: string) {
    const named = (['category', 'tag', 'author'] as const).filter((name) => q[name] !== undefined)
    if (named.length > 1) {
      throw invalid('A feed is of the site or of one category, tag or author', [
        { in: 'query', path: `/${named[1]}`, message: `cannot be combined with ${named[0]}` },
      ])
    }
    const base = { path, title: publication.name, description: `Berita terbaru dari ${publication.name}` }
    const name = named[0]
    if (name === undefined) return { channel: base, filter: {}, deps: [] }
    const slug = q[name]!
    const row = await store.resources[name].getBySlug(slug, audience)
    if (row === undefined) throw notFound(name)
    const label = { category: 'Kategori', tag: 'Topik', author: 'Penulis' }[name]
    const channel: FeedChannel = {
      ...base,
      title: `${publication.name} — ${row.name}`,
      description: `${label} ${row.name}: berita terbaru dari ${publication.name}`,
    }
    const filter = { category: { categoryId: row.id }, tag: { tagId: row.id }, author: { authorId: row.id } }[name]
    return { channel, filter, deps: [`${name}:${row.id}`] }
  }

  /** The latest articles of a channel the audience sees, as the JSON API's views with their bodies. */
  async function latest(audience: Audience, filter: object, limit: number, now: number): Promise<{ articles: Article[]; deps: string[] }> {
    const rows = (await repo.list({ audience, now, sort: '-publishedAt', limit, ...filter })).slice(0, limit)
    const ids = rows.map((row) => row.id)
    const [relations, bodies] = await Promise.all([
      repo.relations(ids, [...new Set(rows.flatMap((row) => (row.categoryId === null ? [] : [row.categoryId])))]),
      repo.bodies(ids),
    ])
    return {
      articles: rows.map((row) => articleView({ ...row, body: bodies.get(row.id) ?? '' }, relations, { now, urlTemplate })),
      deps: rows.flatMap((row) => dependenciesOf(row, relations)),
    }
  }

  return {
    feed(caller: Audience, format: FeedFormat, q: FeedQuery): Maybe<KeptRepresentation> {
      const audience = audienceOf(caller)
      const query = { category: q.category, tag: q.tag, author: q.author, limit: q.limit ?? 50, content: q.content ?? 'full' }
      const search = canonicalQuery(query)
      const path = `/v1/feeds/${format}${search === '' ? '' : `?${search}`}`
      return cached(
        audience,
        `feed|${path}`,
        async (now) => {
          const { channel, filter, deps: channelDeps } = await channelOf(audience, q, path)
          const { articles, deps } = await latest(audience, filter, query.limit, now)
          const body = feedWriters[format]({ publication, channel, articles, content: query.content, now })
          const keys = [...new Set(['list:public', ...channelDeps, ...deps])]
          return { rep: document(body, feedFormats[format], keys), deps: keys, validUntil: await reader.publicHorizon(now) }
        },
        'feed',
      )
    },

    ninjs: (caller: Audience, id: number) => articleDocument(audienceOf(caller), 'ninjs', id),
    jsonld: (caller: Audience, id: number) => articleDocument(audienceOf(caller), 'jsonld', id),

    /** The document of the article at a slug, or where an old slug of an article the audience sees now points. */
    bySlug(caller: Audience, format: ArticleFormat, slug: string): Maybe<{ rep: KeptRepresentation } | { redirect: string }> {
      const audience = audienceOf(caller)
      return then(reader.idAtSlug(audience, slug), (found) =>
        'id' in found ? then(articleDocument(audience, format, found.id), (rep) => ({ rep })) : found,
      )
    },

    /** Google News: the public articles of the last two days, newest first, at most 1,000. */
    news(caller: Audience): Maybe<KeptRepresentation> {
      const audience = audienceOf(caller)
      return cached(
        audience,
        'sitemap|news',
        async (now) => {
          const entries = await repo.publicEntries({
            audience,
            now,
            from: now - newsWindowMs,
            to: now + 1,
            limit: maxNewsUrls,
            offset: 0,
            newestFirst: true,
          })
          // The window slides: the oldest entry leaves it two days after its publication.
          const leaves = Math.min(...entries.map((e) => e.publishedAt + newsWindowMs))
          const keys = ['list:public', ...entries.map((e) => `article:${e.id}`)]
          return {
            rep: document(newsSitemap(publication, urlTemplate, entries), xml, keys),
            deps: keys,
            validUntil: Math.min(leaves, await reader.publicHorizon(now)),
          }
        },
        'sitemap',
      )
    },

    /** The sitemap index: the News sitemap, then every month (and part of a month) with public articles. */
    index(caller: Audience): Maybe<KeptRepresentation> {
      const audience = audienceOf(caller)
      return cached(
        audience,
        'sitemap|index',
        async (now) => {
          const sitemaps: IndexEntry[] = [{ path: '/v1/sitemaps/news.xml', lastModified: null }]
          const first = await repo.firstPublicAt(audience, now)
          if (first !== undefined) {
            const { time } = publication
            const months: { year: number; month: number }[] = []
            for (let m = time.monthOf(first), last = time.monthOf(now); ;) {
              months.push(m)
              if (m.year === last.year && m.month === last.month) break
              m = m.month === 12 ? { year: m.year + 1, month: 1 } : { year: m.year, month: m.month + 1 }
            }
            const stats = await Promise.all(
              months.map(({ year, month }) => {
                const [from, to] = time.monthRange(year, month)
                return repo.publicStats({ audience, now, from, to })
              }),
            )
            months.forEach(({ year, month }, i) => {
              const { count, lastModified } = stats[i]!
              for (let part = 1; (part - 1) * maxSitemapUrls < count; part++)
                sitemaps.push({ path: monthPath({ year, month, part }), lastModified })
            })
          }
          return {
            rep: document(sitemapIndex(publication, sitemaps), xml, ['list:public']),
            deps: ['list:public'],
            validUntil: await reader.publicHorizon(now),
          }
        },
        'sitemap',
      )
    },

    /** The public articles published in a month (in the newsroom's time zone), in publication order. */
    month(caller: Audience, name: SitemapMonth): Maybe<KeptRepresentation> {
      const audience = audienceOf(caller)
      return cached(
        audience,
        `sitemap|${monthPath(name)}`,
        async (now) => {
          const [from, to] = publication.time.monthRange(name.year, name.month)
          const entries = await repo.publicEntries({
            audience,
            now,
            from,
            to,
            limit: maxSitemapUrls,
            offset: (name.part - 1) * maxSitemapUrls,
            newestFirst: false,
          })
          const keys = ['list:public']
          const validUntil = await reader.publicHorizon(now)
          // A sitemap lists at least one URL: a month without public articles has none.
          if (entries.length === 0) return { rep: null, deps: keys, validUntil }
          return { rep: document(monthSitemap(publication, urlTemplate, entries), xml, keys), deps: keys, validUntil }
        },
        'sitemap',
      )
    },

    /** Committed changes: drops what depends on them, as the JSON representations are dropped. */
    apply(changes: readonly ChangeRow[]): void {
      for (const change of changes) {
        cache.drop(`${change.resource}:${change.resourceId}`)
        if (facesPublicLists(change)) cache.drop('list:public')
      }
    },
  }
}
