import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { build, type TestApp } from './helper.js'

/** The clock every test app starts at (see test/helper.ts). */
export const T0 = Date.parse('2026-07-23T10:00:00.000Z')
export const iso = (ms: number): string => new Date(ms).toISOString()
export const minutes = (n: number): number => n * 60_000
export const hours = (n: number): number => n * 3_600_000

export interface Ref {
  id: number
  slug: string
  name: string
}
export interface AuthorRef extends Ref {
  avatarUrl: string | null
}
export type Action = 'publish' | 'unpublish' | 'archive'

/** Summary and article fields the tests read back; the full shape is the contract's `Article`. */
export interface ArticleBody {
  id: number
  slug: string
  title: string
  status: string
  publishedAt: string | null
  updatedAt: string
  version: number
  tags: Ref[]
  bylines: Array<{ role: string; author: AuthorRef }>
  category: Ref | null
  body?: string
  [field: string]: unknown
}

export interface ListBody {
  data: ArticleBody[]
  page: { limit: number; nextCursor: string | null }
}

/**
 * `build` with load shedding off. These tests drive hundreds of injected requests back to back, which keeps
 * the event loop busy the way a stall would, and @fastify/under-pressure would answer 503 part-way through.
 */
export const buildApp = (t: Parameters<typeof build>[0]): Promise<TestApp> => build(t, { maxEventLoopDelayMs: 0 })

export const defaultTitle = 'Lukashenko Sambut Putin di Minsk'
export const defaultBody = '<p>MINSK, Kabar – Presiden Belarusia menyambut tamunya.</p>'

/**
 * The whole body `GET /v1/articles/{id}` should return for a draft made by `draft()` at T0 with no category,
 * tags or bylines, with `changes` applied. Tests spell out every field they change.
 */
export function expectedArticle(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 1,
    slug: 'lukashenko-sambut-putin-di-minsk',
    title: defaultTitle,
    subtitle: null,
    summary: null,
    dateline: null,
    source: null,
    language: 'id',
    categoryId: null,
    metaTitle: null,
    metaDescription: null,
    canonicalUrl: null,
    status: 'draft',
    publishedAt: null,
    category: null,
    tags: [],
    bylines: [],
    image: null,
    wordCount: 6,
    readingTimeMinutes: 1,
    url: 'https://www.kabar.example/berita/lukashenko-sambut-putin-di-minsk',
    createdAt: iso(T0),
    updatedAt: iso(T0),
    version: 1,
    body: defaultBody,
    ...changes,
  }
}

/** The summary lists show: the article without `body`. */
export function summaryOf(article: Record<string, unknown>): Record<string, unknown> {
  const { body: _body, captions: _captions, related: _related, ...summary } = article
  return summary
}

type Call = InjectOptions & { as?: 'read' | 'write' | 'admin' }

/**
 * Builds newsroom content through HTTP: authors, categories, complete drafts, the workflow actions.
 * Every step asserts its own status and throws with the response body otherwise, so a fixture never
 * fails silently into a misleading assertion later.
 */
export function articleFixtures(api: TestApp) {
  async function expect(options: Call, status: number): Promise<LightMyRequestResponse> {
    const res = await api.call(options)
    if (res.statusCode !== status) {
      throw new Error(`fixture: ${options.method} ${String(options.url)} answered ${res.statusCode}, expected ${status}: ${res.body}`)
    }
    return res
  }

  let defaultWriter: AuthorRef | undefined

  const fx = {
    expect,

    async author(name: string, extra: Record<string, unknown> = {}): Promise<AuthorRef> {
      const body = (await expect({ method: 'POST', url: '/v1/authors', as: 'write', payload: { name, ...extra } }, 201)).json()
      return { id: body.id, slug: body.slug, name: body.name, avatarUrl: body.avatarUrl ?? null }
    },

    async category(name: string, extra: Record<string, unknown> = {}): Promise<Ref> {
      const body = (await expect({ method: 'POST', url: '/v1/categories', as: 'write', payload: { name, ...extra } }, 201)).json()
      return { id: body.id, slug: body.slug, name: body.name }
    },

    /** The author credited as writer when a draft names no bylines (created on first use). */
    async writer(): Promise<AuthorRef> {
      defaultWriter ??= await fx.author('Anton Suhartono')
      return defaultWriter
    },

    /** A draft complete enough to publish: a body and a writer byline, unless `fields` say otherwise. */
    async draft(fields: Record<string, unknown> = {}): Promise<ArticleBody> {
      const bylines = 'bylines' in fields ? fields.bylines : [{ authorId: (await fx.writer()).id, role: 'writer' }]
      const payload = { title: defaultTitle, body: defaultBody, ...fields, bylines }
      return (await expect({ method: 'POST', url: '/v1/articles', as: 'write', payload }, 201)).json()
    },

    /** The ETag `GET /v1/articles/{id}` gives a write key: what If-Match must carry. */
    async etag(id: number): Promise<string> {
      return (await expect({ method: 'GET', url: `/v1/articles/${id}`, as: 'write' }, 200)).headers.etag as string
    },

    /** A workflow action with the current ETag; returns the raw response (the caller asserts the status). */
    async act(id: number, action: Action, payload: Record<string, unknown> = {}): Promise<LightMyRequestResponse> {
      return api.call({
        method: 'POST',
        url: `/v1/articles/${id}/${action}`,
        as: 'write',
        headers: { 'if-match': await fx.etag(id) },
        payload,
      })
    },

    async publish(id: number, at?: number): Promise<ArticleBody> {
      const res = await fx.act(id, 'publish', at === undefined ? {} : { at: iso(at) })
      if (res.statusCode !== 200) throw new Error(`fixture: publish ${id} answered ${res.statusCode}: ${res.body}`)
      return res.json()
    },

    /** A complete draft, published (at `at` if given: past backdates, future schedules). */
    async published(fields: Record<string, unknown> = {}, at?: number): Promise<ArticleBody> {
      return fx.publish((await fx.draft(fields)).id, at)
    },

    /** PATCH with the current ETag; returns the raw response. */
    async patch(id: number, payload: Record<string, unknown>): Promise<LightMyRequestResponse> {
      return api.call({ method: 'PATCH', url: `/v1/articles/${id}`, as: 'write', headers: { 'if-match': await fx.etag(id) }, payload })
    },

    /** PATCH on an author, category, tag or caption with its current ETag; asserts 200. */
    async rename(path: 'authors' | 'categories' | 'tags' | 'captions', id: number, payload: Record<string, unknown>): Promise<void> {
      const etag = (await expect({ method: 'GET', url: `/v1/${path}/${id}`, as: 'write' }, 200)).headers.etag as string
      await expect({ method: 'PATCH', url: `/v1/${path}/${id}`, as: 'write', headers: { 'if-match': etag }, payload }, 200)
    },

    /** The ids of one list page. */
    async ids(url: string, as?: Call['as']): Promise<number[]> {
      const list = (await expect({ method: 'GET', url, as }, 200)).json() as ListBody
      return list.data.map((article) => article.id)
    },
  }
  return fx
}

export type ArticleFixtures = ReturnType<typeof articleFixtures>
