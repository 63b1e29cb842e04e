import type { LightMyRequestResponse } from 'fastify'
import type { ArticleFixtures } from './article-fixtures.js'
import type { TestApp } from './helper.js'

/** The lead photo of the Minsk story, as an editor would place it. */
export const leadPhoto = {
  role: 'featured',
  imageUrl: 'https://img.kabar.example/2026/07/minsk.jpg',
  text: 'Presiden Belarusia Alexander Lukashenko menyambut Presiden Rusia Vladimir Putin di Minsk.',
  altText: 'Dua pemimpin berjabat tangan di depan bendera',
  credit: 'Reuters',
  photographer: 'Bayu Aji Pratama',
  width: 1200,
  height: 800,
} as const

/** An inline photo, told apart by `n` in its URL. */
export const inlinePhoto = (n: number) => ({ role: 'inline', imageUrl: `https://img.kabar.example/2026/07/inline-${n}.jpg` }) as const

export interface CaptionBody {
  id: number
  articleId: number
  role: string
  position: number
  version: number
  [field: string]: unknown
}

/**
 * The parts of an article that live on their own routes: captions and related-article links. Like
 * `articleFixtures`, every step asserts its status and throws with the body otherwise.
 */
export function partFixtures(api: TestApp, fx: ArticleFixtures) {
  const parts = {
    async caption(articleId: number, fields: Record<string, unknown> = inlinePhoto(1)): Promise<CaptionBody> {
      return (await fx.expect({ method: 'POST', url: `/v1/articles/${articleId}/captions`, as: 'write', payload: fields }, 201)).json()
    },

    /** The ETag `GET /v1/captions/{id}` gives a write key. */
    async captionEtag(id: number): Promise<string> {
      return (await fx.expect({ method: 'GET', url: `/v1/captions/${id}`, as: 'write' }, 200)).headers.etag as string
    },

    /** PATCH a caption with its current ETag; returns the raw response. */
    async patchCaption(id: number, payload: Record<string, unknown>): Promise<LightMyRequestResponse> {
      return api.call({
        method: 'PATCH',
        url: `/v1/captions/${id}`,
        as: 'write',
        headers: { 'if-match': await parts.captionEtag(id) },
        payload,
      })
    },

    /** Caption ids and positions of an article, as a write key lists them. */
    async captionOrder(articleId: number): Promise<Array<[number, number]>> {
      const list = (await fx.expect({ method: 'GET', url: `/v1/articles/${articleId}/captions`, as: 'write' }, 200)).json() as {
        data: CaptionBody[]
      }
      return list.data.map((c) => [c.id, c.position])
    },

    /** A related-links write with the parent article's current ETag; returns the raw response. */
    async related(
      method: 'PUT' | 'POST' | 'DELETE',
      articleId: number,
      payload?: Record<string, unknown>,
      relatedId?: number,
    ): Promise<LightMyRequestResponse> {
      const url = `/v1/articles/${articleId}/related${relatedId === undefined ? '' : `/${relatedId}`}`
      return api.call({ method, url, as: 'write', headers: { 'if-match': await fx.etag(articleId) }, ...(payload ? { payload } : {}) })
    },

    /** `PUT /related` that must succeed. */
    async link(articleId: number, articleIds: number[]): Promise<void> {
      const res = await parts.related('PUT', articleId, { articleIds })
      if (res.statusCode !== 200) throw new Error(`fixture: PUT related of ${articleId} answered ${res.statusCode}: ${res.body}`)
    },

    /** The related article ids in the order `GET /related` lists them for `as`. */
    async relatedIds(articleId: number, as?: 'read' | 'write'): Promise<number[]> {
      const list = (await fx.expect({ method: 'GET', url: `/v1/articles/${articleId}/related`, as }, 200)).json() as {
        data: Array<{ position: number; article: { id: number } }>
      }
      return list.data.map((item) => item.article.id)
    },
  }
  return parts
}
