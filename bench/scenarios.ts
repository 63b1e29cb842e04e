import type autocannon from 'autocannon'
import type { CategoryInfo, Dataset } from './dataset.js'
import { rotatingGet } from './load.js'
import { Random } from './random.js'
import type { ScenarioKey, Target } from './report.js'
import { articleBody, headline } from './text.js'

/** What a scenario needs to prepare itself against the running server. */
export interface ScenarioContext {
  origin: string
  dataset: Dataset
  writeKey: string
  seed: number
}

/** Something that runs beside the load (e.g. a trickle of writes); `stop` tells what it did and how often it failed. */
export interface Background {
  start(): { stop(): Promise<{ note: string; failures: number }> }
}

/** A scenario ready to run: the autocannon request sequence plus what the report should say about it. */
export interface Prepared {
  name: string
  notes: string[]
  requests: autocannon.Request[]
  background?: Background
}

export interface Scenario {
  key: ScenarioKey
  name: string
  expectStatus: number
  target: Target | null
  /** Runs only when named in `--only`. */
  optIn?: boolean
  /** Runs right before the scenario is measured (after the previous one), so its checks see the current server. */
  prepare(context: ScenarioContext): Promise<Prepared>
}

export interface Fetched {
  status: number
  etag: string | null
  body: string
  ms: number
}

export async function get(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  const started = performance.now()
  const response = await fetch(url, { headers })
  const body = await response.text()
  return { status: response.status, etag: response.headers.get('etag'), body, ms: performance.now() - started }
}

export function expectStatus(what: string, fetched: Pick<Fetched, 'status' | 'body'>, status: number): void {
  if (fetched.status !== status) {
    const hint = fetched.status === 404 ? '\n(is the articles module registered in src/app.ts?)' : ''
    throw new Error(`${what} answered ${fetched.status}, expected ${status}: ${fetched.body.slice(0, 300)}${hint}`)
  }
}

const slugPath = (slug: string): string => `/v1/articles/slug/${slug}`

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

export const scenarios: readonly Scenario[] = [
  {
    key: 'a',
    name: 'GET /v1/articles/slug/{slug}',
    expectStatus: 200,
    target: { kind: 'baseline', min: 0.6 },
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
    async prepare({ origin, dataset }) {
      const paths = dataset.sampleIds.map((id) => `/v1/articles/${id}?include=captions,related`)
      const check = await get(origin + (paths[0] as string))
      expectStatus(`GET ${paths[0] as string}`, check, 200)
      const body = JSON.parse(check.body) as { captions?: unknown[]; related?: unknown[] }
      if (!Array.isArray(body.captions) || !Array.isArray(body.related))
        throw new Error(`GET ${paths[0] as string} did not embed captions and related`)
      return {
        name: this.name,
        notes: [`rotates over ${paths.length} ids; each embeds ${body.captions.length} caption(s), ${body.related.length} related`],
        requests: [rotatingGet(paths)],
      }
    },
  },
  {
    key: 'c',
    name: 'GET /v1/articles (first page)',
    expectStatus: 200,
    target: { kind: 'baseline', min: 0.4 },
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
    key: 'f',
    name: 'POST /v1/articles (write key)',
    expectStatus: 201,
    target: { kind: 'absolute', min: 500 },
    async prepare({ origin, dataset, writeKey, seed }) {
      const next = draftBodies(dataset, seed)
      const headers = { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' }
      const check = await fetch(`${origin}/v1/articles`, { method: 'POST', headers, body: next() })
      expectStatus('POST /v1/articles', { status: check.status, body: await check.text() }, 201)
      return {
        name: this.name,
        notes: ['unique titles, ~1.5 KB HTML bodies, categoryId; each creates a draft (runs last: writes clear read caches)'],
        requests: [
          { method: 'POST', path: '/v1/articles', headers, body: next(), setupRequest: (request) => ({ ...request, body: next() }) },
        ],
      }
    },
  },
  {
    key: 'p',
    name: 'PATCH /v1/articles/{id} (title only)',
    expectStatus: 200,
    target: null,
    async prepare({ origin, dataset, writeKey, seed }) {
      const ids = dataset.sampleIds
      const headers = { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json', 'if-match': '*' }
      const run = `${Date.now().toString(36)}${seed}`
      let n = 0
      const next = () => {
        n++
        return { path: `/v1/articles/${ids[n % ids.length] as number}`, body: JSON.stringify({ title: `Judul diperbarui ${run}-${n}` }) }
      }
      const first = next()
      const check = await fetch(origin + first.path, { method: 'PATCH', headers, body: first.body })
      expectStatus(`PATCH ${first.path}`, { status: check.status, body: await check.text() }, 200)
      return {
        name: this.name,
        notes: [
          `rotates over ${ids.length} published articles, a new title each (If-Match: *); each drops that article's cached representations`,
        ],
        requests: [
          { method: 'PATCH', path: first.path, headers, body: first.body, setupRequest: (request) => ({ ...request, ...next() }) },
        ],
      }
    },
  },
  {
    key: 'g',
    name: 'GET /v1/articles/slug/{slug} + 10 drafts/s',
    expectStatus: 200,
    target: null,
    optIn: true,
    async prepare({ origin, dataset, writeKey, seed }) {
      const paths = dataset.sampleSlugs.map(slugPath)
      const next = draftBodies(dataset, seed + 7)
      const perSecond = 10
      const background: Background = {
        start() {
          let running = true
          let created = 0
          let failed = 0
          const loop = (async () => {
            while (running) {
              const started = performance.now()
              const response = await fetch(`${origin}/v1/articles`, {
                method: 'POST',
                headers: { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' },
                body: next(),
              })
              await response.arrayBuffer()
              if (response.status === 201) created++
              else failed++
              await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 / perSecond - (performance.now() - started))))
            }
          })()
          return {
            async stop() {
              running = false
              await loop
              const note = `${created} drafts created in the background during the measured run`
              return { note: failed > 0 ? `${note}; ${failed} background POSTs did not answer 201` : note, failures: failed }
            },
          }
        },
      }
      return {
        name: this.name,
        notes: [`(a)'s reads while a ${perSecond}/s trickle of draft creates runs beside them (opt-in: --only …,g)`],
        requests: [rotatingGet(paths)],
        background,
      }
    },
  },
]

/** Request bodies for draft creates: realistic titles and ~1.5 KB bodies, every title unique within the run. */
function draftBodies(dataset: Dataset, seed: number): () => string {
  const random = new Random(seed + 1)
  const bodies = Array.from({ length: 64 }, () => articleBody(random, 1500, () => 'https://www.kabar.example/nasional/berita').html)
  const titles = Array.from({ length: 64 }, () => headline(random))
  const categoryId = dataset.categories[0]?.id ?? 1
  const run = `${Date.now().toString(36)}${seed}`
  let n = 0
  return () => {
    n++
    return JSON.stringify({ title: `${titles[n % titles.length] as string} ${run}-${n}`, body: bodies[n % bodies.length], categoryId })
  }
}

/**
 * The bodies that once stalled the sanitiser, each sent once as a create (after the scenarios): deep nesting,
 * thousands of unclosed tags, an entity flood, and one that grows past the stored limit when sanitised. Each
 * answers 201 or 422; the time is the whole request's.
 */
export async function hostileCreates(origin: string, writeKey: string): Promise<{ shape: string; status: number; ms: number }[]> {
  const shapes: Record<string, string> = {
    'deep nesting': '<b><i>'.repeat(14_000) + 'x' + '</i></b>'.repeat(10_000),
    'unclosed tags': '<strong>kata '.repeat(14_000),
    'entity flood': `<p>${'&amp;'.repeat(39_000)}</p>`,
    'grows when sanitised': `<p>${'1 < 2 '.repeat(33_000)}</p>`,
  }
  const out = []
  for (const [shape, body] of Object.entries(shapes)) {
    const started = performance.now()
    const response = await fetch(`${origin}/v1/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Uji ${shape}`, body }),
    })
    await response.arrayBuffer()
    out.push({ shape, status: response.status, ms: performance.now() - started })
  }
  return out
}
