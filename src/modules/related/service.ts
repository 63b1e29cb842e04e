import { ApiError, bodyError, conflict, notFound, type FieldError } from '../../errors.js'
import type { Representation } from '../../lib/etag.js'
import type { ArticlesRepository } from '../articles/repository.js'
import type { ArticleReader } from '../articles/service.js'
import type { ArticleWriter } from '../articles/writes.js'
import type { Caller } from '../keys/service.js'
import type { RelatedRepository } from './repository.js'
import { maxRelated, type RelatedPostT } from './schemas.js'

export interface RelatedDeps {
  repo: RelatedRepository
  articles: Pick<ArticlesRepository, 'getMany'>
  reader: Pick<ArticleReader, 'relatedList' | 'get'>
  writer: Pick<ArticleWriter, 'changePart'>
}

const editor: Caller = { scope: 'write', keyId: null }

export type RelatedService = ReturnType<typeof createRelatedService>

/**
 * The editor-curated "Artikel Terkait" list. Writes carry the parent article's If-Match and move its version;
 * they answer with the new list and, in `ETag`, the article's new ETag for the next write.
 */
export function createRelatedService({ repo, articles, reader, writer }: RelatedDeps) {
  /** Rules, all checked before anything is written: no self-link, targets exist, no duplicates, at most 20. */
  function check(articleId: number, ids: number[], path: (i: number) => string): void {
    const errors: FieldError[] = []
    const existing = new Set(articles.getMany(ids).map((row) => row.id))
    ids.forEach((id, i) => {
      if (id === articleId) errors.push(bodyError(path(i), 'an article cannot be related to itself'))
      else if (!existing.has(id)) errors.push(bodyError(path(i), 'no such article'))
    })
    if (errors.length > 0) throw new ApiError(422, 'unprocessable', 'Some related articles are invalid', errors)
    if (new Set(ids).size !== ids.length) throw conflict('An article is linked more than once')
    if (ids.length > maxRelated) throw new ApiError(422, 'unprocessable', `An article holds at most ${maxRelated} related links`)
  }

  function write(articleId: number, ifMatch: string | undefined, change: () => number[]): Representation {
    writer.changePart(articleId, ifMatch, () => repo.replace(articleId, change()))
    return { json: reader.relatedList(editor, articleId).json, etag: reader.get(editor, articleId).etag }
  }

  return {
    list: (caller: Caller, articleId: number): Representation => reader.relatedList(caller, articleId),

    replace: (articleId: number, ifMatch: string | undefined, ids: number[]) => write(articleId, ifMatch, () => {
      check(articleId, ids, (i) => `/articleIds/${i}`)
      return ids
    }),

    add: (articleId: number, ifMatch: string | undefined, input: RelatedPostT) => write(articleId, ifMatch, () => {
      const ids = repo.targets(articleId)
      if (ids.includes(input.articleId)) throw conflict('That article is already linked')
      ids.splice(Math.min(input.position ?? ids.length, ids.length), 0, input.articleId)
      check(articleId, ids, () => '/articleId')
      return ids
    }),

    remove: (articleId: number, ifMatch: string | undefined, relatedId: number) => write(articleId, ifMatch, () => {
      const ids = repo.targets(articleId)
      if (!ids.includes(relatedId)) throw notFound('related link')
      return ids.filter((id) => id !== relatedId)
    }),
  }
}
