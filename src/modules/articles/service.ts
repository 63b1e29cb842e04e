import { ApiError, notFound } from '../../errors.js'
import type { Clock } from '../../lib/clock.js'
import { decodeCursor } from '../../lib/cursor.js'
import { represent, type Representation } from '../../lib/etag.js'
import { pageOf, pageRepresentation, type ListRepresentation } from '../../lib/pagination.js'
import { RepresentationCache } from '../../lib/representation-cache.js'
import { captionView } from '../captions/views.js'
import type { CaptionsRepository } from '../captions/repository.js'
import { allows, type Caller } from '../keys/service.js'
import type { RelatedRepository } from '../related/repository.js'
import type { ArticleListRow, ArticleRow, ArticlesRepository, ListFilter } from './repository.js'
import type { ArticleListQueryT, ArticleSummary, RelatedItem } from './schemas.js'
import type { ArticleChange } from './writes.js'
import { articleView, changesAt, summaryView } from './views.js'

export type Include = '' | 'captions' | 'related' | 'captions,related'
type Viewer = 'public' | 'editor'

export interface ReaderDeps {
  repo: ArticlesRepository
  captions: CaptionsRepository
  related: RelatedRepository
  clock: Clock
  urlTemplate: string
}

export const viewerOf = (caller: Caller): Viewer => (allows(caller.scope, 'write') ? 'editor' : 'public')

/** Public callers (anonymous and `read` keys) see published articles whose time has come; editors see all. */
export const visibleTo = (viewer: Viewer, row: Pick<ArticleRow, 'status' | 'publishedAt'>, now: number): boolean =>
  viewer === 'editor' || ((row.status === 'published' || row.status === 'scheduled') && row.publishedAt !== null && row.publishedAt <= now)

/** `include=related,captions` and `captions,related` are the same request. */
export const normaliseInclude = (include: string | undefined): Include =>
  (include === undefined ? '' : [...new Set(include.split(','))].sort().join(',')) as Include

interface Rendered { rep: Representation | null }

const includes: Include[] = ['', 'captions', 'related', 'captions,related']
const viewers: Viewer[] = ['public', 'editor']
/** Rendered JSON kept in memory, in bytes (approximate); lists per viewer; summaries and slugs in entries. */
const renderedBudget = 24 * 1024 * 1024
const listBudget = 8 * 1024 * 1024
const entryBudget = 5_000

/** Whether anonymous callers can see the article now or later: only then can a change to it reach them. */
const publicFacing = (row: Pick<ArticleRow, 'status'> | null) => row !== null && (row.status === 'published' || row.status === 'scheduled')

export type ArticleReader = ReturnType<typeof createArticleReader>

/**
 * The read side: single articles (with embeds) and lists, rendered once and cached. A change to an article drops
 * exactly the representations that contain it (its own, the related embeds of articles linking to it, and the
 * lists of the callers who can see it); a change to an author, category or tag drops everything. Hidden articles
 * answer 404 exactly like missing ones.
 */
export function createArticleReader({ repo, captions, related, clock, urlTemplate }: ReaderDeps) {
  const rendered = new RepresentationCache<Rendered>(renderedBudget)
  const summaries = new RepresentationCache<ArticleSummary>(entryBudget)
  const lists: Record<Viewer, RepresentationCache<ListRepresentation>> = { public: new RepresentationCache(listBudget), editor: new RepresentationCache(listBudget) }
  const slugIds = new Map<string, number>()
  /** When the next scheduled article goes live: every cached list may change then. Recomputed after a change. */
  let horizon: number | undefined

  function listsValidUntil(now: number): number {
    if (horizon === undefined || horizon <= now) horizon = repo.nextScheduledAfter(now) ?? Infinity
    return horizon
  }

  function dropArticle(id: number): void {
    summaries.delete(String(id))
    for (const viewer of viewers) for (const include of includes) rendered.delete(`${id}|${include}|${viewer}`)
  }

  /** Summaries of rows, relations batch-loaded for those not cached: a fixed number of queries. */
  function summariesOf(rows: ArticleListRow[], now: number): ArticleSummary[] {
    const missing = rows.filter((row) => summaries.get(String(row.id), now) === undefined)
    if (missing.length > 0) {
      const rel = repo.relations(missing.map((r) => r.id), [...new Set(missing.flatMap((r) => (r.categoryId === null ? [] : [r.categoryId])))])
      for (const row of missing) summaries.set(String(row.id), summaryView(row, rel, { now, urlTemplate }), changesAt(row, now))
    }
    return rows.map((row) => summaries.get(String(row.id), now)!)
  }

  /** Related articles the viewer may see, in editor order, renumbered so hidden ones leave no gap. */
  function relatedOf(articleId: number, viewer: Viewer, now: number): { items: RelatedItem[], validUntil: number } {
    const ids = related.targets(articleId)
    const rows = new Map(repo.getMany(ids).map((row) => [row.id, row]))
    const ordered = ids.map((id) => rows.get(id)!).filter((row) => row !== undefined)
    const visible = ordered.filter((row) => visibleTo(viewer, row, now))
    const validUntil = Math.min(Infinity, ...ordered.map((row) => changesAt(row, now)))
    return { items: summariesOf(visible, now).map((article, position) => ({ position, article })), validUntil }
  }

  function render(row: ArticleRow, viewer: Viewer, include: Include, now: number): { rep: Representation, validUntil: number } {
    const rel = repo.relations([row.id], row.categoryId === null ? [] : [row.categoryId])
    const embeds: Parameters<typeof articleView>[3] = {}
    let validUntil = changesAt(row, now)
    if (include.includes('captions')) embeds.captions = captions.listFor(row.id).map(captionView)
    if (include.includes('related')) {
      const { items, validUntil: until } = relatedOf(row.id, viewer, now)
      embeds.related = items
      validUntil = Math.min(validUntil, until)
    }
    return { rep: represent(articleView(row, rel, { now, urlTemplate }, embeds)), validUntil }
  }

  function get(caller: Caller, id: number, include: Include = ''): Representation {
    const now = clock()
    const viewer = viewerOf(caller)
    const key = `${id}|${include}|${viewer}`
    const hit = rendered.get(key, now)
    if (hit !== undefined) {
      if (hit.rep === null) throw notFound('article')
      return hit.rep
    }
    const row = repo.get(id)
    if (row === undefined) throw notFound('article')
    if (!visibleTo(viewer, row, now)) {
      rendered.set(key, { rep: null }, changesAt(row, now))
      throw notFound('article')
    }
    const { rep, validUntil } = render(row, viewer, include, now)
    return rendered.set(key, { rep }, validUntil, rep.json.length).rep!
  }

  return {
    get,

    /** `GET /v1/articles/{id}/related`: the parent must be visible; hidden targets are skipped. */
    relatedList(caller: Caller, articleId: number): Representation {
      const row = repo.get(articleId)
      const viewer = viewerOf(caller)
      const now = clock()
      if (row === undefined || !visibleTo(viewer, row, now)) throw notFound('article')
      return represent({ data: relatedOf(articleId, viewer, now).items })
    },

    /** The article row if this caller may see it; otherwise the same 404 as a missing one. */
    visibleRow(caller: Caller, id: number): ArticleRow {
      const row = repo.get(id)
      if (row === undefined || !visibleTo(viewerOf(caller), row, clock())) throw notFound('article')
      return row
    },

    /** The editor's view of a row as `GET /v1/articles/{id}` renders it, never cached (used inside writes). */
    renderForEditor: (row: ArticleRow): Representation => render(row, 'editor', '', clock()).rep,

    /** The article at a slug, or where an old slug of a published article now points (`redirect`). */
    getBySlug(caller: Caller, slug: string, include: Include = ''): { rep: Representation } | { redirect: string } {
      let id = slugIds.get(slug)
      if (id === undefined) {
        id = repo.getBySlug(slug)?.id
        if (id !== undefined) slugIds.set(slug, id)
      }
      if (id !== undefined) return { rep: get(caller, id, include) }
      const movedTo = repo.idForOldSlug(slug)
      const target = movedTo === undefined ? undefined : repo.get(movedTo)
      if (target === undefined || !visibleTo(viewerOf(caller), target, clock())) throw notFound('article')
      return { redirect: target.slug }
    },

    /** A page of summaries, rendered, with its `Link`; cached per viewer and URL until a change or the horizon. */
    list(caller: Caller, q: ArticleListQueryT, url: string): ListRepresentation {
      const now = clock()
      const viewer = viewerOf(caller)
      if (q.status !== undefined && viewer === 'public') {
        throw new ApiError(400, 'validation_failed', 'Filtering by status needs a write key', [{ in: 'query', path: '/status', message: 'is not available to this caller' }])
      }
      const hit = lists[viewer].get(url, now)
      if (hit !== undefined) return hit
      const limit = q.limit ?? 20
      const sort = q.sort ?? '-publishedAt'
      const slugFilter = (slug: string | undefined, lookup: (s: string) => number | undefined) => (slug === undefined ? undefined : lookup(slug) ?? -1)
      const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor)
      const filter: ListFilter = {
        now,
        sort,
        limit,
        after,
        ...(viewer === 'public' ? { visibleAt: now } : {}),
        status: q.status,
        categoryId: slugFilter(q.category, repo.categoryIdBySlug),
        tagId: slugFilter(q.tag, repo.tagIdBySlug),
        authorId: slugFilter(q.author, repo.authorIdBySlug),
        publishedAfter: q.publishedAfter === undefined ? undefined : Date.parse(q.publishedAfter),
        publishedBefore: q.publishedBefore === undefined ? undefined : Date.parse(q.publishedBefore),
        updatedSince: q.updatedSince === undefined ? undefined : Date.parse(q.updatedSince),
      }
      const sortKey = (row: ArticleListRow) => (sort.endsWith('updatedAt') ? row.updatedAt : row.publishedAt)
      const page = pageOf(repo.list(filter), limit, (row) => [sortKey(row), row.id])
      const list = pageRepresentation({ data: summariesOf(page.data, now), nextCursor: page.nextCursor }, limit, url)
      return lists[viewer].set(url, list, listsValidUntil(now), list.rep.json.length)
    },

    /**
     * Called inside the write transaction of any change to an article (or its captions and links), before and after.
     * Public representations are dropped only when the article faces the public before or after the change.
     */
    articleChanged({ id, before, after }: ArticleChange): void {
      dropArticle(id)
      for (const parent of repo.linkingTo(id)) dropArticle(parent)
      slugIds.clear()
      lists.editor.clear()
      if (publicFacing(before) || publicFacing(after)) {
        lists.public.clear()
        horizon = undefined
      }
    },

    /** An author, category or tag changed: any article may embed it. */
    everythingChanged(): void {
      rendered.clear()
      summaries.clear()
      slugIds.clear()
      lists.public.clear()
      lists.editor.clear()
      horizon = undefined
    },
  }
}
