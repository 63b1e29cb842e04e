import { systemCaller, type Audience } from '../../domain/access.js'
import { bodyError, conflict, notFound, unprocessable, type FieldError } from '../../errors.js'
import type { Representation } from '../../lib/etag.js'
import type { Store } from '../../store/index.js'
import type { ArticleReader } from './reader.js'
import { maxRelated, type RelatedPostT } from './related-schemas.js'
import type { ArticleWriter } from './writer.js'

export type RelatedService = ReturnType<typeof createRelatedService>

/**
 * The editor-curated "Artikel Terkait" list, a part of the article. Writes carry the parent article's If-Match and
 * move its version; they answer with the new list and, in `ETag`, the article's new ETag for the next write.
 */
export function createRelatedService({
  store,
  reader,
  writer,
}: {
  store: Store
  reader: Pick<ArticleReader, 'relatedList'>
  writer: Pick<ArticleWriter, 'load' | 'change'>
}) {
  /** Rules, all checked before anything is written: no self-link, targets exist, no duplicates, at most 20. */
  async function check(articleId: number, ids: number[], path: (i: number) => string): Promise<void> {
    const errors: FieldError[] = []
    const existing = new Set((await store.articles.getMany(ids)).map((row) => row.id))
    ids.forEach((id, i) => {
      if (id === articleId) errors.push(bodyError(path(i), 'an article cannot be related to itself'))
      else if (!existing.has(id)) errors.push(bodyError(path(i), 'no such article'))
    })
    if (errors.length > 0) throw unprocessable('Some related articles are invalid', errors)
    if (new Set(ids).size !== ids.length) throw conflict('An article is linked more than once')
    if (ids.length > maxRelated) throw unprocessable(`An article holds at most ${maxRelated} related links`)
  }

  async function write(
    caller: Audience,
    articleId: number,
    ifMatch: string | undefined,
    decide: (current: number[]) => Promise<number[]>,
  ): Promise<Representation> {
    const loaded = await writer.load(articleId, ifMatch)
    const ids = await decide(await store.related.targets(articleId))
    const { etag } = await writer.change(caller, loaded, {
      values: {},
      reason: 'updated',
      parts: [{ kind: 'replaceRelated', articleId, ids }],
    })
    return { body: (await reader.relatedList(systemCaller, articleId, 0)).body, etag }
  }

  return {
    list: (audience: Audience, articleId: number, fill?: number): Promise<Representation> => reader.relatedList(audience, articleId, fill),

    replace: (caller: Audience, articleId: number, ifMatch: string | undefined, ids: number[]) =>
      write(caller, articleId, ifMatch, async () => {
        await check(articleId, ids, (i) => `/articleIds/${i}`)
        return ids
      }),

    add: (caller: Audience, articleId: number, ifMatch: string | undefined, input: RelatedPostT) =>
      write(caller, articleId, ifMatch, async (current) => {
        if (current.includes(input.articleId)) throw conflict('That article is already linked')
        const ids = [...current]
        ids.splice(Math.min(input.position ?? ids.length, ids.length), 0, input.articleId)
        await check(articleId, ids, () => '/articleId')
        return ids
      }),

    remove: (caller: Audience, articleId: number, ifMatch: string | undefined, relatedId: number) =>
      write(caller, articleId, ifMatch, async (current) => {
        if (!current.includes(relatedId)) throw notFound('related link')
        return current.filter((id) => id !== relatedId)
      }),
  }
}
