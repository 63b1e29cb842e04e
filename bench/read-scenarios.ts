import type { CategoryInfo, Dataset } from './dataset.js'
import { rotatingGet } from './load.js'
import { Random } from './random.js'
import type { StoreTarget } from './report.js'
import { expectStatus, get, type Scenario } from './scenario.js'

export const slugPath = (slug: string): string => `/v1/articles/slug/${slug}`

/**
 * GETs every sampled slug once, sequentially (all must be 200): checks the dataset is visible through the API and
 * gives the mean body size of (a)'s responses (the baseline sends that many bytes) and the cold per-request time.
 */
export async function sampleArticles(origin: string, slugs: readonly string[]): Promise<{ meanBytes: number; meanColdMs: number }> {
  let bytes = 0
  let ms = 0
  for (const slug of slugs) {
    const fetched = await get(origin + slugPath(slug))
    expectStatus(`GET ${slugPath(slug)}`, fetched, 200)
    bytes += Buffer.byteLength(fetched.body)
    ms += fetched.ms
  }
  return { meanBytes: Math.round(bytes / slugs.length), meanColdMs: ms / slugs.length }
}

/**
 * GETs every path once, `concurrency` at a time (each must answer 200): the first renders, which a cached-read
 * scenario must not measure however slowly the machine renders. The mean time per GET.
 */
async function fetchEach(origin: string, paths: readonly string[], concurrency = 4): Promise<number> {
  let next = 0
  let ms = 0
  const worker = async () => {
    for (let path = paths[next++]; path !== undefined; path = paths[next++]) {
      const fetched = await get(origin + path)
      expectStatus(`GET ${path}`, fetched, 200)
      ms += fetched.ms
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return ms / paths.length
}

interface ArticlePage {
  data: unknown[]
  page: { limit: number; nextCursor: string | null }
}

/** Follows `page.nextCursor` from a category's first page, up to page `maxPage`; the deepest *full* page. */
async function deepPage(origin: string, category: CategoryInfo, maxPage: number): Promise<{ path: string; page: number; size: number }> {
  const first = `/v1/articles?category=${encodeURIComponent(category.slug)}`
  let path = first
  let deepest = { path, page: 1, size: 0 }
  for (let page = 1; page <= maxPage; page++) {
    const fetched = await get(origin + path)
    expectStatus(`GET ${path}`, fetched, 200)
    const body = JSON.parse(fetched.body) as ArticlePage
    if (page > 1 && body.data.length < body.page.limit) break
    deepest = { path, page, size: body.data.length }
    if (body.page.nextCursor === null) break
    path = `${first}&cursor=${encodeURIComponent(body.page.nextCursor)}`
  }
  return deepest
}

/** Cached reads never reach the database: on PostgreSQL they should run as fast as on SQLite. */
const cachedRead: StoreTarget = { kind: 'sqlite', min: 0.9 }

/** The rendered-article cache's budget (`budgets.rendered` in src/modules/articles/reader.ts), for (h)'s note. */
const renderedCacheBytes = 8 << 20

/** The long tail's ids, (h)'s and (i)'s: at most 10,000 published articles in a shuffled order. */
export const longTailIds = (dataset: Dataset, seed: number): number[] =>
  new Random(seed + 3).shuffled(dataset.publishedIds).slice(0, 10_000)

/** (a)–(e), (k): cached reads; (h): the miss path. */
export const readScenarios: readonly Scenario[] = [
  {
    key: 'a',
    name: 'GET /v1/articles/slug/{slug}',
    expectStatus: 200,
    target: { kind: 'baseline', min: 0.6 },
    postgresTarget: cachedRead,
    async prepare({ dataset }) {
      const paths = dataset.sampleSlugs.map(slugPath)
      return { name: this.name, notes: [`rotates over ${paths.length} slugs spread over the whole table`], requests: [rotatingGet(paths)] }
    },
  },
  {
    key: 'b',
    name: 'GET /v1/articles/{id}?include=captions,related',
    expectStatus: 200,
    target: { kind: 'baseline', min: 0.4 },
    postgresTarget: cachedRead,
    async prepare({ origin, dataset }) {
      const paths = dataset.sampleIds.map((id) => `/v1/articles/${id}?include=captions,related`)
      const check = await get(origin + (paths[0] as string))
      expectStatus(`GET ${paths[0] as string}`, check, 200)
      const body = JSON.parse(check.body) as { captions?: unknown[]; related?: unknown[] }
      if (!Array.isArray(body.captions) || !Array.isArray(body.related))
        throw new Error(`GET ${paths[0] as string} did not embed captions and related`)
      const firstMs = await fetchEach(origin, paths)
      return {
        name: this.name,
        notes: [
          `rotates over ${paths.length} ids; each embeds ${body.captions.length} caption(s), ${body.related.length} related; each fetched once before the warm-up (${firstMs.toFixed(2)} ms mean, 4 at a time), so the run measures cached reads`,
        ],
        requests: [rotatingGet(paths)],
      }
    },
  },
  {
    key: 'k',
    name: 'GET /v1/articles/{id}?include=captions,related&relatedFill=4',
    expectStatus: 200,
    // Suggestions are computed once and cached with the article: served at (b)'s rate.
    target: { kind: 'scenario', of: 'b', min: 0.9 },
    postgresTarget: cachedRead,
    async prepare({ origin, dataset }) {
      const paths = dataset.sampleIds.map((id) => `/v1/articles/${id}?include=captions,related&relatedFill=4`)
      const check = await get(origin + (paths[0] as string))
      expectStatus(`GET ${paths[0] as string}`, check, 200)
      const related = (JSON.parse(check.body) as { related?: { source: string }[] }).related ?? []
      const auto = related.filter((item) => item.source === 'auto').length
      const firstMs = await fetchEach(origin, paths)
      return {
        name: this.name,
        notes: [
          `as (b), topped up to 4 related (${related.length - auto} editor, ${auto} suggested on ${paths[0] as string}); each fetched once before the warm-up (${firstMs.toFixed(2)} ms mean, 4 at a time: the suggestions' cost), so the run measures cached reads`,
        ],
        requests: [rotatingGet(paths)],
      }
    },
  },
  {
    key: 'c',
    name: 'GET /v1/articles (first page)',
    expectStatus: 200,
    target: { kind: 'baseline', min: 0.4 },
    postgresTarget: cachedRead,
    async prepare({ origin }) {
      const check = await get(`${origin}/v1/articles`)
      expectStatus('GET /v1/articles', check, 200)
      const size = (JSON.parse(check.body) as ArticlePage).data.length
      return {
        name: this.name,
        notes: [`${size} summaries, ${Buffer.byteLength(check.body)} B`],
        requests: [{ method: 'GET', path: '/v1/articles' }],
      }
    },
  },
  {
    key: 'd',
    name: 'GET /v1/articles?category=… (deep page)',
    expectStatus: 200,
    target: { kind: 'scenario', of: 'c', min: 0.9 },
    postgresTarget: cachedRead,
    async prepare({ origin, dataset }) {
      const biggest = [...dataset.categories].sort((x, y) => y.articles - x.articles)[0] as CategoryInfo
      const deep = await deepPage(origin, biggest, 50)
      return {
        name: `GET /v1/articles?category=${biggest.slug} page ${deep.page}`,
        notes: [
          `page ${deep.page} of "${biggest.slug}" (${biggest.articles} articles, the largest category), ${deep.size} items, reached by following page.nextCursor`,
        ],
        requests: [{ method: 'GET', path: deep.path }],
      }
    },
  },
  {
    key: 'e',
    name: 'GET /v1/articles/slug/{slug} If-None-Match → 304',
    expectStatus: 304,
    target: { kind: 'baseline', min: 0.8 },
    postgresTarget: cachedRead,
    async prepare({ origin, dataset }) {
      const path = slugPath(dataset.sampleSlugs[0] as string)
      const first = await get(origin + path)
      expectStatus(`GET ${path}`, first, 200)
      if (first.etag === null) throw new Error(`GET ${path} sent no ETag`)
      expectStatus(`GET ${path} with If-None-Match`, await get(origin + path, { 'if-none-match': first.etag }), 304)
      return {
        name: this.name,
        notes: [`${path} with If-None-Match: ${first.etag}`],
        requests: [{ method: 'GET', path, headers: { 'if-none-match': first.etag } }],
      }
    },
  },
  {
    key: 'r',
    name: 'GET /v1/feeds/rss (50 articles, full content)',
    expectStatus: 200,
    // Reported beside (c): it sends about six times the bytes, so its rate is compared by CPU per byte, not held to (c)'s.
    target: null,
    postgresTarget: cachedRead,
    async prepare({ origin }) {
      const check = await get(`${origin}/v1/feeds/rss`)
      expectStatus('GET /v1/feeds/rss', check, 200)
      const items = check.body.split('<item>').length - 1
      if (items !== 50) throw new Error(`GET /v1/feeds/rss carried ${items} items, expected 50`)
      return {
        name: this.name,
        notes: [`${items} items with their bodies, ${Buffer.byteLength(check.body)} B; beside (c), the JSON list of the same run`],
        requests: [{ method: 'GET', path: '/v1/feeds/rss' }],
      }
    },
  },
  {
    key: 'n',
    name: 'GET /v1/sitemaps/news.xml',
    expectStatus: 200,
    target: null,
    postgresTarget: cachedRead,
    async prepare({ origin }) {
      const check = await get(`${origin}/v1/sitemaps/news.xml`)
      expectStatus('GET /v1/sitemaps/news.xml', check, 200)
      const urls = check.body.split('<url>').length - 1
      return {
        name: this.name,
        notes: [`${urls} URLs (the articles of the last 48 hours), ${Buffer.byteLength(check.body)} B; beside (c)`],
        requests: [{ method: 'GET', path: '/v1/sitemaps/news.xml' }],
      }
    },
  },
  {
    key: 's',
    name: 'GET /v1/changes (pages of 1,000 events)',
    expectStatus: 200,
    // Partners walk the feed rarely and in bulk: what matters is that a page of 1,000 events takes milliseconds.
    target: { kind: 'absolute', min: 50 },
    postgresTarget: { kind: 'absolute', min: 50 },
    async prepare({ origin }) {
      // The cursors of the first pages, walked as a partner's initial sync would; each request reads one of them.
      const paths: string[] = []
      let after = '0'
      for (let pages = 0; pages < 10; pages++) {
        const path = `/v1/changes?after=${after}&limit=1000`
        const fetched = await get(origin + path)
        expectStatus(`GET ${path}`, fetched, 200)
        const page = JSON.parse(fetched.body) as { data: unknown[]; page: { nextCursor: string } }
        if (page.data.length < 1000) break
        paths.push(path)
        after = page.page.nextCursor
      }
      if (paths.length === 0) throw new Error('the change feed has no full page of 1,000 events: is the dataset logged?')
      return {
        name: this.name,
        notes: [`anonymous pages of 1,000 events each, rotating over the first ${paths.length} pages; requests/s × 1,000 = events/s`],
        requests: [rotatingGet(paths)],
      }
    },
  },
  {
    key: 'h',
    name: 'GET /v1/articles/{id} (cache misses)',
    expectStatus: 200,
    // A miss should cost no more than the plain query server's request, measured in the same run.
    target: { kind: 'scenario', of: 'i', min: 1 },
    postgresTarget: null,
    async prepare({ origin, dataset, seed, meanBytes }) {
      const ids = longTailIds(dataset, seed)
      const cycle = ids.length * meanBytes
      const fits = cycle < renderedCacheBytes * 1.2
      // The cache full of other articles, each read twice, as readers' favourites fill it: the long tail walks past.
      const tail = new Set(ids)
      const wanted = Math.ceil((renderedCacheBytes * 1.2) / meanBytes)
      const favourites = dataset.publishedIds.filter((id) => !tail.has(id)).slice(0, wanted)
      await fetchEach(
        origin,
        favourites.flatMap((id) => [`/v1/articles/${id}`, `/v1/articles/${id}`]),
        10,
      )
      return {
        name: this.name,
        notes: [
          `cycles over ${ids.length} of the ${dataset.publishedIds.length} published ids in a shuffled order: ~${(cycle / 1048576).toFixed(0)} MB of articles through a ${renderedCacheBytes >> 20} MB cache filled beforehand with ${favourites.length} other articles read twice each; once full it stores an article only when it is asked again soon, so each request reads its stored representation from the database` +
            (fits ? ' (WARNING: they may fit in the cache and hit: raise --articles)' : '') +
            (favourites.length < wanted
              ? ` (WARNING: only ${favourites.length} other articles to fill the cache with: some of the cycle may hit)`
              : ''),
        ],
        requests: [rotatingGet(ids.map((id) => `/v1/articles/${id}`))],
      }
    },
  },
]
