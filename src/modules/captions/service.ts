import type { Db } from '../../db/connect.js'
import { ApiError, conflict, notFound } from '../../errors.js'
import type { Clock } from '../../lib/clock.js'
import { represent, requireIfMatch, type Representation } from '../../lib/etag.js'
import type { ArticleReader } from '../articles/service.js'
import type { ArticleWriter } from '../articles/writes.js'
import type { Caller } from '../keys/service.js'
import type { CaptionRow, CaptionsRepository } from './repository.js'
import { maxCaptionsPerArticle, type CaptionCreateT, type CaptionPatchT } from './schemas.js'
import { captionView } from './views.js'

export interface CaptionsDeps {
  db: Db
  repo: CaptionsRepository
  clock: Clock
  reader: Pick<ArticleReader, 'visibleRow'>
  writer: Pick<ArticleWriter, 'touch'>
}

const featuredTaken = () => conflict('The article already has a featured caption; make that one inline first')

/** `ids` with `id` placed at `position` (clamped to the end); id 0 stands for a caption not yet inserted. */
const placed = (ids: number[], id: number, position: number | undefined) => {
  const rest = ids.filter((other) => other !== id)
  rest.splice(Math.min(position ?? rest.length, rest.length), 0, id)
  return rest
}

export type CaptionsService = ReturnType<typeof createCaptionsService>

/**
 * Photos placed in an article. Visibility follows the article; every change bumps the article's version,
 * so its ETag moves. At most one featured caption: the service answers 409, the unique index guarantees it.
 */
export function createCaptionsService({ db, repo, clock, reader, writer }: CaptionsDeps) {
  const found = (row: CaptionRow | undefined): CaptionRow => {
    if (row === undefined) throw notFound('caption')
    return row
  }
  const visibleCaption = (caller: Caller, id: number) => {
    const row = found(repo.get(id))
    reader.visibleRow(caller, row.articleId)
    return row
  }
  const rendered = (id: number) => represent(captionView(found(repo.get(id))))

  return {
    list: (caller: Caller, articleId: number): Representation => {
      reader.visibleRow(caller, articleId)
      return represent({ data: repo.listFor(articleId).map(captionView) })
    },

    get: (caller: Caller, id: number): Representation => represent(captionView(visibleCaption(caller, id))),

    create: (caller: Caller, articleId: number, input: CaptionCreateT): { id: number, rep: Representation } => db.transaction(() => {
      reader.visibleRow(caller, articleId)
      const existing = repo.listFor(articleId)
      if (existing.length >= maxCaptionsPerArticle) throw new ApiError(422, 'unprocessable', `An article holds at most ${maxCaptionsPerArticle} captions`)
      if (input.role === 'featured' && existing.some((c) => c.role === 'featured')) throw featuredTaken()
      const now = clock()
      const { position, ...fields } = input
      const order = placed(existing.map((c) => c.id), 0, position)
      const row = repo.insert({ text: null, altText: null, credit: null, photographer: null, width: null, height: null, ...fields, articleId, position: order.indexOf(0), createdAt: now, updatedAt: now })
      repo.renumber(order, now, 0)
      writer.touch(articleId)
      return { id: row.id, rep: rendered(row.id) }
    }),

    update: (caller: Caller, id: number, ifMatch: string | undefined, patch: CaptionPatchT): Representation => db.transaction(() => {
      const row = visibleCaption(caller, id)
      requireIfMatch(ifMatch, represent(captionView(row)).etag)
      const siblings = repo.listFor(row.articleId)
      if (patch.role === 'featured' && siblings.some((c) => c.role === 'featured' && c.id !== id)) throw featuredTaken()
      const { position, ...fields } = patch
      const now = clock()
      const order = position === undefined ? undefined : placed(siblings.map((c) => c.id), id, position)
      found(repo.update(id, row.version, { ...fields, ...(order ? { position: order.indexOf(id) } : {}), updatedAt: now }))
      if (order) repo.renumber(order, now, id)
      writer.touch(row.articleId)
      return rendered(id)
    }),

    remove: (caller: Caller, id: number, ifMatch: string | undefined): void => db.transaction(() => {
      const row = visibleCaption(caller, id)
      requireIfMatch(ifMatch, represent(captionView(row)).etag)
      if (!repo.remove(id, row.version)) throw notFound('caption')
      repo.renumber(repo.listFor(row.articleId).map((c) => c.id), clock())
      writer.touch(row.articleId)
    }),
  }
}
