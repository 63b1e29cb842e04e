import type { Audience } from '../../domain/access.js'
import { changesAt, seesUnpublished, visibleTo, type VisibilityFacts } from '../../domain/visibility.js'
import { invalid, notFound } from '../../errors.js'
import type { Clock } from '../../lib/clock.js'
import { decodeCursor } from '../../lib/cursor.js'
import { DependentCache } from '../../lib/dependent-cache.js'
import { kept, represent, type KeptRepresentation, type Representation, type Sendable } from '../../lib/etag.js'
import { canonicalQuery, pageOf, pageRepresentation, type ListRepresentation } from '../../lib/pagination.js'
import type { Store } from '../../store/index.js'
import type { ArticleFilter, ArticleListRow, ArticleRow, ListFilter, Relations } from '../../store/articles.js'
import type { ChangeRow } from '../../store/write-set.js'
import { then, type Maybe } from '../../lib/maybe.js'
import type { ArticleListQueryT, ArticleSummary, RelatedItem } from './schemas.js'
import { suggestRelated } from './related-fill.js'
import { splitKeys } from '../../store/representations.js'
import { articleView, captionView, dependenciesOf, summaryView } from './views.js'

export type Include = '' | 'captions' | 'related' | 'captions,related'
/** `public:1,4`: the public within the categories a scoped key is limited to. */
type Viewer = 'public' | 'editor' | `public:${string}`

/**
 * Representations differ by what the audience may see: editors, the public, and the public within each set of
 * categories that scoped keys are limited to — never served from, or stored into, the unscoped public entries.
 */
const viewerOf = (audience: Audience): Viewer =>
  seesUnpublished(audience) ? 'editor' : audience.categories === null ? 'public' : `public:${audience.categories.join(',')}`

/** The change-log dependency of a list page: what editors see, or what faces the public (scoped keys see part of it). */
const listDependency = (viewer: Viewer) => (viewer === 'editor' ? 'list:editor' : 'list:public')

/** `include=related,captions` and `captions,related` are the same request. */
export const normaliseInclude = (include: string | undefined): Include =>
  (include === undefined ? '' : [...new Set(include.split(','))].sort().join(',')) as Include

interface Rendered {
  rep: KeptRepresentation | null
}
interface Summary {
  summary: ArticleSummary
  deps: string[]
}

/**
 * Budgets in approximate bytes: rendered articles, summaries, list pages, slug lookups. A public article the cache
 * misses is one read of its stored representation, so the rendered articles' budget is small: it holds what is read
 * often, and keeps the resident set of a server at 100,000 articles under 200 MB.
 */
const budgets = { rendered: 8 << 20, summaries: 8 << 20, lists: 16 << 20, slugs: 1 << 20 }

/** The validated list parameters in a fixed order, defaults applied: what a list page is cached under. */
interface ListQuery {
  limit: number
  sort: NonNullable<ArticleListQueryT['sort']>
  category: string | undefined
  tag: string | undefined
  author: string | undefined
  status: ArticleListQueryT['status']
  publishedAfter: string | undefined
  publishedBefore: string | undefined
  updatedSince: string | undefined
  [name: string]: string | number | undefined
}

export type ArticleReader = ReturnType<typeof createArticleReader>

/** The filters lists and search share. */
export type FilterQuery = Pick<
  ArticleListQueryT,
  'category' | 'tag' | 'author' | 'status' | 'publishedAfter' | 'publishedBefore' | 'updatedSince'
>

/** Only editors may filter by status: it would tell others that hidden articles exist. */
function checkStatusFilter(audience: Audience, status: FilterQuery['status']): void {
  if (status !== undefined && !seesUnpublished(audience))
    throw invalid('Filtering by status needs a write key', [{ in: 'query', path: '/status', message: 'is not available to this caller' }])
}

/** Whether a change can alter what the public lists show: an article that faced the public before or after it. */
export const facesPublicLists = (change: ChangeRow): boolean =>
  change.resource === 'article' && (change.visibleBefore || change.visibleAfter || change.reason === 'published')

/**
 * The read side: single articles (with embeds) and lists, rendered once and cached with what they depend on.
 * `apply` takes committed change-log rows (this process's at once, other processes' from the log) and drops exactly
 * the entries that depend on them. Hidden articles answer 404 exactly like missing ones.
 */
/** Automatic related suggestions: how many items an article shows when the request does not say, and how old they may be. */
export interface RelatedFillConfig {
  defaultFill: number
  maxAgeMs: number
}

export function createArticleReader({
  store,
  clock,
  urlTemplate,
  variant,
  relatedFill = { defaultFill: 0, maxAgeMs: 365 * 86_400_000 },
}: {
  store: Store
  clock: Clock
  urlTemplate: string
  /** The variant of the stored representations the store writes (src/modules/articles/views.ts `publicRenderer`). */
  variant: string
  relatedFill?: RelatedFillConfig
}) {
  const repo = store.articles
  const rendered = new DependentCache<Rendered>(budgets.rendered)
  const summaries = new DependentCache<Summary>(budgets.summaries)
  const lists = new DependentCache<ListRepresentation>(budgets.lists)
  const slugs = new DependentCache<number>(budgets.slugs)
  /** When the next scheduled article goes live: every cached list may change then. Recomputed after a change. */
  let horizon: number | undefined

  async function listsValidUntil(now: number): Promise<number> {
    if (horizon === undefined || horizon <= now) horizon = (await repo.nextScheduledAfter(now)) ?? Infinity
    return horizon
  }

  /** Summaries of rows, relations batch-loaded for those not cached: a fixed number of queries. */
  async function summariesOf(rows: ArticleListRow[], now: number): Promise<Summary[]> {
    const out = new Map<number, Summary>()
    const missing: ArticleListRow[] = []
    for (const row of rows) {
      const hit = summaries.get(String(row.id), now)
      if (hit === undefined) missing.push(row)
      else out.set(row.id, hit)
    }
    if (missing.length > 0) {
      const since = summaries.generation
      const rel = await repo.relations(
        missing.map((r) => r.id),
        [...new Set(missing.flatMap((r) => (r.categoryId === null ? [] : [r.categoryId])))],
      )
      for (const row of missing) {
        const entry = { summary: summaryView(row, rel, { now, urlTemplate }), deps: dependenciesOf(row, rel) }
        out.set(row.id, entry)
        // A summary is about a kilobyte of JSON beside its title and summary text.
        const size = 1024 + row.title.length + (row.summary?.length ?? 0)
        summaries.set(String(row.id), entry, { deps: entry.deps, validUntil: changesAt(row, now), size, since })
      }
    }
    return rows.map((row) => out.get(row.id)!)
  }

  /**
   * Related articles the audience may see: the editor's links in editor order, renumbered so hidden ones leave no
   * gap, then — when `fill` asks for more items than that — automatic suggestions up to `fill` in total. Suggestions
   * depend on every public article (`list:public`): any change that faces the public drops them.
   */
  async function relatedOf(
    row: ArticleRow,
    rel: Relations,
    audience: Audience,
    now: number,
    fill: number,
  ): Promise<{ items: RelatedItem[]; validUntil: number; deps: string[] }> {
    const ids = await store.related.targets(row.id)
    const rows = new Map((await repo.getMany(ids)).map((r) => [r.id, r]))
    const ordered = ids.map((id) => rows.get(id)).filter((r) => r !== undefined)
    const visible = ordered.filter((r) => visibleTo(audience, r, now))
    let validUntil = Math.min(Infinity, ...ordered.map((r) => changesAt(r, now)))
    const deps = ids.map((id) => `article:${id}`)
    let suggested: { row: ArticleListRow; reason: NonNullable<RelatedItem['reason']> }[] = []
    if (fill > visible.length) {
      const tags = rel.tags.get(row.id) ?? []
      const { suggestions, validUntil: until } = await suggestRelated(store.related, {
        source: { title: row.title, categoryId: row.categoryId, tagIds: tags.map((tag) => tag.id) },
        audience,
        now,
        maxAgeMs: relatedFill.maxAgeMs,
        count: fill - visible.length,
        exclude: [row.id, ...ids],
      })
      const found = new Map((await repo.getMany(suggestions.map((s) => s.id))).map((r) => [r.id, r]))
      const slugOf = new Map(tags.map((tag) => [tag.id, tag.slug]))
      suggested = suggestions.flatMap(({ id, reason }) => {
        const r = found.get(id)
        return r === undefined
          ? []
          : [{ row: r, reason: { sharedTags: reason.sharedTags.map((t) => slugOf.get(t)!), sameCategory: reason.sameCategory } }]
      })
      validUntil = Math.min(validUntil, until, await listsValidUntil(now))
      deps.push('list:public')
    }
    const items = await summariesOf([...visible, ...suggested.map((s) => s.row)], now)
    return {
      items: items.map(({ summary }, position) =>
        position < visible.length
          ? { position, source: 'editor' as const, article: summary }
          : { position, source: 'auto' as const, reason: suggested[position - visible.length]!.reason, article: summary },
      ),
      validUntil,
      deps: [...deps, ...items.flatMap((s) => s.deps)],
    }
  }

  async function render(row: ArticleRow, rel: Relations, audience: Audience, include: Include, fill: number, now: number) {
    const embeds: Parameters<typeof articleView>[3] = {}
    let validUntil = changesAt(row, now)
    const deps = dependenciesOf(row, rel)
    if (include.includes('captions')) embeds.captions = (await store.captions.listFor(row.id)).map(captionView)
    if (include.includes('related')) {
      const related = await relatedOf(row, rel, audience, now, fill)
      embeds.related = related.items
      validUntil = Math.min(validUntil, related.validUntil)
      deps.push(...related.deps)
    }
    return { rep: represent(articleView(row, rel, { now, urlTemplate }, embeds), [...new Set(deps)]), validUntil, deps }
  }

  /** The article's row, if it exists and this audience may see it now. */
  async function seenRow(audience: Audience, id: number): Promise<ArticleRow | undefined> {
    const row = await repo.get(id)
    return row !== undefined && visibleTo(audience, row, clock()) ? row : undefined
  }

  /** The related fill a request gets: what it asks for, else the configured default; 0 without related items. */
  const fillOf = (include: Include, fill: number | undefined): number =>
    include.includes('related') ? (fill ?? relatedFill.defaultFill) : 0

  /** From the cache at once when it holds the article; else read, rendered and cached. */
  function get(audience: Audience, id: number, include: Include = '', requestedFill?: number): Maybe<Sendable> {
    const now = clock()
    const fill = fillOf(include, requestedFill)
    const key = `${id}|${include}|${fill}|${viewerOf(audience)}`
    const hit = rendered.get(key, now)
    if (hit === undefined) return load(audience, id, include, fill, key, now)
    if (hit.rep === null) throw notFound('article')
    return hit.rep
  }

  /**
   * A miss: the public's plain article is its stored representation (one primary-key read of a ready body, when it
   * is there and of this variant); anything else — editors, embeds, drafts — is read with its relations and rendered.
   */
  async function load(audience: Audience, id: number, include: Include, fill: number, key: string, now: number): Promise<Sendable> {
    const since = rendered.generation
    /** The audience may not see it now: remembered as a 404 until the clock or a change of the article says more. */
    const hidden = (facts: VisibilityFacts) => {
      rendered.set(key, { rep: null }, { deps: [`article:${id}`], validUntil: changesAt(facts, now), since })
      return notFound('article')
    }
    if (include === '' && !seesUnpublished(audience)) {
      const stored = await repo.storedRepresentation(id)
      if (stored?.variant === variant) {
        if (!visibleTo(audience, stored, now)) throw hidden(stored)
        const rep = { body: stored.body, etag: stored.etag, keys: splitKeys(stored.keys) }
        // Read once, it passes by the cache: a long tail wider than the budget would only evict the read-often.
        if (!rendered.admits(key, rep.body.length)) return rep
        // What the cache keeps is allocated here, apart from what passes by: V8 allocates the objects of a site whose
        // objects survive straight in the old generation, where a passing body they hold would be promoted with them
        // (the long tail ran at two thirds of its speed so). Whatever it embeds changes only through an event of the
        // article itself (the fan-out), hence one dependency.
        const entry = { rep: kept(rep) }
        const options = { deps: [`article:${id}`], validUntil: changesAt(stored, now), size: entry.rep.body.length, since }
        return rendered.set(key, entry, options).rep!
      }
    }
    const found = await repo.getWithRelations(id)
    if (found === undefined) throw notFound('article')
    if (!visibleTo(audience, found.row, now)) throw hidden(found.row)
    const { rep, validUntil, deps } = await render(found.row, found.relations, audience, include, fill, now)
    const entry = { rep: kept(rep) }
    return rendered.set(key, entry, { deps, validUntil, size: entry.rep.body.length, since }).rep!
  }

  /** The filter of a list or search query; a slug that names nothing matches nothing (id -1). */
  async function filterOf(audience: Audience, q: FilterQuery, now: number): Promise<ArticleFilter> {
    checkStatusFilter(audience, q.status)
    const slugFilter = async (slug: string | undefined, lookup: (s: string) => Promise<number | undefined>) =>
      slug === undefined ? undefined : ((await lookup(slug)) ?? -1)
    const instant = (at: string | undefined) => (at === undefined ? undefined : Date.parse(at))
    return {
      audience,
      now,
      status: q.status,
      categoryId: await slugFilter(q.category, repo.categoryIdBySlug),
      tagId: await slugFilter(q.tag, repo.tagIdBySlug),
      authorId: await slugFilter(q.author, repo.authorIdBySlug),
      publishedAfter: instant(q.publishedAfter),
      publishedBefore: instant(q.publishedBefore),
      updatedSince: instant(q.updatedSince),
    }
  }

  return {
    get,
    filterOf,

    /** Summaries of rows, in their order. */
    summaries: async (rows: ArticleListRow[], now: number): Promise<ArticleSummary[]> =>
      (await summariesOf(rows, now)).map((s) => s.summary),

    /** `GET /v1/articles/{id}/related`: the parent must be visible; hidden targets are skipped. */
    async relatedList(audience: Audience, articleId: number, requestedFill?: number): Promise<Representation> {
      const now = clock()
      const found = await repo.getWithRelations(articleId)
      if (found === undefined || !visibleTo(audience, found.row, now)) throw notFound('article')
      const related = await relatedOf(found.row, found.relations, audience, now, fillOf('related', requestedFill))
      return represent({ data: related.items }, [...new Set([`article:${articleId}`, ...related.deps])])
    },

    /** Whether the article exists and this audience may see it now. */
    sees: async (audience: Audience, id: number): Promise<boolean> => (await seenRow(audience, id)) !== undefined,

    /** The article row if this audience may see it; otherwise the same 404 as a missing one. */
    async visibleRow(audience: Audience, id: number): Promise<ArticleRow> {
      const row = await seenRow(audience, id)
      if (row === undefined) throw notFound('article')
      return row
    },

    /** The article at a slug, or where an old slug of a published article now points (`redirect`). */
    getBySlug(audience: Audience, slug: string, include: Include = '', fill?: number): Maybe<{ rep: Sendable } | { redirect: string }> {
      return then(idAtSlug(audience, slug), (found) =>
        'id' in found ? then(get(audience, found.id, include, fill), (rep) => ({ rep })) : found,
      )
    },

    /** The article a slug names (whether the audience may see it is the caller's to check), or its move. */
    idAtSlug,

    /** Until when cached public lists stay right by the clock alone: the next scheduled article going live. */
    publicHorizon: listsValidUntil,

    /**
     * A page of summaries, rendered, with its next page's path; cached per viewer and canonical query (the validated
     * parameters in a fixed order, defaults applied) until a change or the horizon.
     */
    list(audience: Audience, q: ArticleListQueryT): Maybe<ListRepresentation> {
      const now = clock()
      const viewer = viewerOf(audience)
      checkStatusFilter(audience, q.status)
      const limit = q.limit ?? 20
      const sort = q.sort ?? '-publishedAt'
      const instant = (at: string | undefined) => (at === undefined ? undefined : new Date(Date.parse(at)).toISOString())
      const query: ListQuery = {
        limit,
        sort,
        category: q.category,
        tag: q.tag,
        author: q.author,
        status: q.status,
        publishedAfter: instant(q.publishedAfter),
        publishedBefore: instant(q.publishedBefore),
        updatedSince: instant(q.updatedSince),
      }
      const key = `${viewer}|${canonicalQuery({ ...query, cursor: q.cursor })}`
      return lists.get(key, now) ?? listPage(audience, q, query, key, now)
    },

    apply,
  }

  /** The article at a slug (from the cache when it knows the slug), or where an old slug of a visible one points. */
  function idAtSlug(audience: Audience, slug: string): Maybe<{ id: number } | { redirect: string }> {
    const id = slugs.get(slug, clock())
    return id !== undefined ? { id } : lookUpSlug(audience, slug)
  }

  async function lookUpSlug(audience: Audience, slug: string): Promise<{ id: number } | { redirect: string }> {
    const since = slugs.generation
    const id = await repo.idForSlug(slug)
    if (id !== undefined) {
      slugs.set(slug, id, { deps: [`article:${id}`], size: 8, since })
      return { id }
    }
    const movedTo = await repo.idForOldSlug(slug)
    const target = movedTo === undefined ? undefined : await repo.get(movedTo)
    if (target === undefined || !visibleTo(audience, target, clock())) throw notFound('article')
    return { redirect: target.slug }
  }

  async function listPage(
    audience: Audience,
    q: ArticleListQueryT,
    query: ListQuery,
    key: string,
    now: number,
  ): Promise<ListRepresentation> {
    const { sort, limit } = query
    const viewer = viewerOf(audience)
    const since = lists.generation
    const filter: ListFilter = {
      ...(await filterOf(audience, q, now)),
      sort,
      limit,
      after: q.cursor === undefined ? undefined : decodeCursor(q.cursor),
    }
    const sortKey = (row: ArticleListRow) => (sort.endsWith('updatedAt') ? row.updatedAt : row.publishedAt)
    const page = pageOf(await repo.list(filter), limit, (row) => [sortKey(row), row.id])
    const data = (await summariesOf(page.data, now)).map((s) => s.summary)
    const dependency = listDependency(viewer)
    const { rep, next } = pageRepresentation({ data, nextCursor: page.nextCursor, keys: [dependency] }, limit, '/v1/articles', query)
    const validUntil = await listsValidUntil(now)
    const list = { rep: kept(rep), next }
    return lists.set(key, list, { deps: [dependency], validUntil, size: list.rep.body.length, since })
  }

  /**
   * Committed changes, in log order: drops what depends on each changed resource. An article change also drops
   * the editors' lists, and the public lists when the article faced the public before or after (or was scheduled).
   */
  function apply(changes: readonly ChangeRow[]): void {
    for (const change of changes) {
      const dep = `${change.resource}:${change.resourceId}`
      rendered.drop(dep)
      summaries.drop(dep)
      slugs.drop(dep)
      if (change.resource !== 'article') continue
      lists.drop('list:editor')
      if (facesPublicLists(change)) {
        lists.drop('list:public')
        // Automatically filled related items (src/modules/articles/related-fill.ts) may change with any public article.
        rendered.drop('list:public')
      }
      horizon = undefined
    }
  }
}
