import type { Audience } from '../../domain/access.js'
import { conflict, notFound } from '../../errors.js'
import { represent, requireIfMatch, type Representation } from '../../lib/etag.js'
import type { CaptionRow } from '../../store/articles.js'
import type { Store } from '../../store/index.js'
import type { Created, IdempotencyRecord } from '../../store/write-set.js'
import { commit } from '../commit.js'
import { maxCaptionsPerArticle, type CaptionCreateT, type CaptionPatchT } from './caption-schemas.js'
import type { ArticleReader } from './reader.js'
import { captionView } from './views.js'

const featuredTaken = () => conflict('The article already has a featured caption; make that one inline first')

export type CaptionsService = ReturnType<typeof createCaptionsService>

/**
 * Photos placed in an article, a part of it. Visibility follows the article; every change moves the article's
 * version, so its ETag moves. At most one featured caption: the service answers 409, a unique index guarantees it;
 * at most 50 per article, counted inside the transaction.
 */
export function createCaptionsService({ store, reader }: { store: Store; reader: Pick<ArticleReader, 'visibleRow' | 'sees'> }) {
  /** A missing caption and a caption of an article the caller may not see are the same 404, byte for byte. */
  const visibleCaption = async (audience: Audience, id: number): Promise<CaptionRow> => {
    const row = await store.captions.get(id)
    if (row === undefined || !(await reader.sees(audience, row.articleId))) throw notFound('caption')
    return row
  }
  const hasFeatured = async (articleId: number, except?: number) =>
    (await store.captions.listFor(articleId)).some((c) => c.role === 'featured' && c.id !== except)
  const currentEtag = (id: number) => async () => {
    const row = await store.captions.get(id)
    return row === undefined ? undefined : represent(captionView(row)).etag
  }

  return {
    list: async (audience: Audience, articleId: number): Promise<Representation> => {
      await reader.visibleRow(audience, articleId)
      return represent({ data: (await store.captions.listFor(articleId)).map(captionView) }, [`article:${articleId}`])
    },

    get: async (audience: Audience, id: number): Promise<Representation> => {
      const row = await visibleCaption(audience, id)
      return represent(captionView(row), [`article:${row.articleId}`])
    },

    async create(caller: Audience, articleId: number, input: CaptionCreateT, idempotency?: IdempotencyRecord): Promise<Created> {
      await reader.visibleRow(caller, articleId)
      if (input.role === 'featured' && (await hasFeatured(articleId))) throw featuredTaken()
      const { position, ...values } = input
      const op = { kind: 'insertCaption' as const, articleId, values, position, max: maxCaptionsPerArticle }
      return store.write({
        actor: caller.keyId,
        ops: [op],
        idempotency,
        respond: (r) => {
          const row = r.of(op)
          return { location: `/v1/captions/${row.id}`, rep: represent(captionView(row)) }
        },
      })
    },

    async update(caller: Audience, id: number, ifMatch: string | undefined, patch: CaptionPatchT): Promise<Representation> {
      const row = await visibleCaption(caller, id)
      requireIfMatch(ifMatch, represent(captionView(row)).etag)
      if (patch.role === 'featured' && (await hasFeatured(row.articleId, id))) throw featuredTaken()
      const { position, ...values } = patch
      const op = { kind: 'updateCaption' as const, id, expectedVersion: row.version, values, position }
      return commit(store, { actor: caller.keyId, ops: [op], respond: (r) => represent(captionView(r.of(op))) }, currentEtag(id))
    },

    async remove(caller: Audience, id: number, ifMatch: string | undefined): Promise<void> {
      const row = await visibleCaption(caller, id)
      requireIfMatch(ifMatch, represent(captionView(row)).etag)
      await commit(
        store,
        { actor: caller.keyId, ops: [{ kind: 'deleteCaption', id, expectedVersion: row.version }], respond: () => undefined },
        currentEtag(id),
      )
    },
  }
}
