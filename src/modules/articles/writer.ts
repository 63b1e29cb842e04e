import type { Audience } from '../../domain/access.js'
import { tagKey } from '../../domain/tag-names.js'
import { effectiveStatus } from '../../domain/visibility.js'
import { bodyError, conflict, notFound, slugTaken, unprocessable, type FieldError } from '../../errors.js'
import type { Clock } from '../../lib/clock.js'
import { represent, requireIfMatch, type Representation } from '../../lib/etag.js'
import { maxBodyDepth, maxBodyLength, nestsDeeperThan, sanitizeBody, textOf, wordCount } from '../../lib/html.js'
import { slugFrom } from '../../lib/slug.js'
import type { ArticleRow, Byline, Relations, TaxonomyRef } from '../../store/articles.js'
import type { Store } from '../../store/index.js'
import type { ArticleValues, ChangeReason, Created, IdempotencyRecord, Operation, Results, WriteSet } from '../../store/write-set.js'
import { commit } from '../commit.js'
import type { ArticleCreateT, ArticlePatchT } from './schemas.js'
import { articleView } from './views.js'

type Action = 'publish' | 'unpublish' | 'archive'
const reasons: Record<Action, ChangeReason> = { publish: 'published', unpublish: 'unpublished', archive: 'archived' }

/** What the references of a body resolve to: checked before anything is written, rendered after. */
interface References {
  category: TaxonomyRef | null | undefined
  bylines: Byline[] | undefined
}

const nfc = (value: string | null | undefined) => (typeof value === 'string' ? value.normalize('NFC') : value)

/** An article as loaded for a write: its row and what it embeds. */
interface Loaded {
  row: ArticleRow
  relations: Relations
}

/** A change to a loaded article: the update operation's fields, the parts' operations, the resolved references. */
type Change = Omit<Extract<Operation, { kind: 'updateArticle' }>, 'kind' | 'id' | 'expectedVersion'> & {
  parts?: Operation[]
  refs?: References
}

export type ArticleWriter = ReturnType<typeof createArticleWriter>

/**
 * The write side of articles: drafts, edits, the workflow, deletes. Each write loads its facts, decides in plain
 * code (domain errors, no I/O) and hands one write set to the store; the answer is rendered from the facts and the
 * write set's results, inside the transaction.
 */
export function createArticleWriter({ store, clock, urlTemplate }: { store: Store; clock: Clock; urlTemplate: string }) {
  /** The article as `GET /v1/articles/{id}` renders it for an editor: its ETag is what If-Match must carry. */
  const editorRep = (row: ArticleRow, relations: Relations): Representation =>
    represent(articleView(row, relations, { now: clock(), urlTemplate }))
  const etagOf = ({ row, relations }: Loaded) => editorRep(row, relations).etag
  const currentEtag = (id: number) => async () => {
    const found = await store.articles.getWithRelations(id)
    return found === undefined ? undefined : etagOf(found)
  }

  /** Loads the article and checks If-Match against its current ETag. */
  async function load(id: number, ifMatch: string | undefined): Promise<Loaded> {
    const found = await store.articles.getWithRelations(id)
    if (found === undefined) throw notFound('article')
    requireIfMatch(ifMatch, etagOf(found))
    return found
  }

  /** References that must exist, all reported at once (422); what they resolve to. */
  async function references(input: ArticlePatchT): Promise<References> {
    const errors: FieldError[] = []
    let category: References['category']
    if (input.categoryId !== undefined) {
      const row = input.categoryId === null ? null : await store.resources.category.get(input.categoryId)
      if (row === undefined) errors.push(bodyError('/categoryId', 'no such category'))
      category = row && { id: row.id, slug: row.slug, name: row.name }
    }
    const seen = new Set<string>()
    const authors = await Promise.all((input.bylines ?? []).map((b) => store.resources.author.get(b.authorId)))
    const bylines = input.bylines?.flatMap((b, i) => {
      const author = authors[i]
      if (author === undefined) errors.push(bodyError(`/bylines/${i}/authorId`, 'no such author'))
      if (seen.has(`${b.authorId}:${b.role}`)) errors.push(bodyError(`/bylines/${i}`, 'duplicates an earlier byline'))
      seen.add(`${b.authorId}:${b.role}`)
      return author === undefined
        ? []
        : [{ role: b.role, author: { id: author.id, slug: author.slug, name: author.name, avatarUrl: author.avatarUrl } }]
    })
    const names = new Set<string>()
    input.tags?.forEach((name, i) => {
      if (names.has(tagKey(name))) errors.push(bodyError(`/tags/${i}`, 'duplicates an earlier tag'))
      names.add(tagKey(name))
    })
    if (errors.length > 0) throw unprocessable('Some references are invalid', errors)
    return { category, bylines }
  }

  /** Column values from the writable fields present in the body; the body is sanitised, counted, NFC. */
  function columns(input: ArticlePatchT): ArticleValues {
    const { tags: _tags, bylines: _bylines, slug: _slug, body, ...rest } = input
    const values: ArticleValues = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, nfc(v as string | null)]))
    if (body !== undefined) {
      // Bounded before the sanitiser sees it (its work grows with nesting), and bounded as stored.
      if (nestsDeeperThan(body, maxBodyDepth))
        throw unprocessable('The body nests elements too deeply', [bodyError('/body', `nests deeper than ${maxBodyDepth} elements`)])
      values.body = sanitizeBody(body)
      if (values.body.length > maxBodyLength) {
        throw unprocessable('The sanitised body is too long', [
          bodyError('/body', `is longer than ${maxBodyLength} characters once sanitised`),
        ])
      }
      values.wordCount = wordCount(values.body)
    }
    return values
  }

  /** The relations after a write: the ones the body replaced, from the facts and the results; the rest as they were. */
  function relationsAfter(row: ArticleRow, before: Relations | null, refs: References, tags: TaxonomyRef[] | undefined): Relations {
    const relations: Relations = {
      categories: new Map(before?.categories),
      tags: new Map(before?.tags),
      bylines: new Map(before?.bylines),
      images: new Map(before?.images),
    }
    if (refs.category) relations.categories.set(refs.category.id, refs.category)
    if (tags) relations.tags.set(row.id, tags)
    if (refs.bylines) relations.bylines.set(row.id, refs.bylines)
    return relations
  }

  function transition(row: ArticleRow, relations: Relations, action: Action, at: string | undefined): ArticleValues {
    const now = clock()
    const status = effectiveStatus(row, now)
    if (action === 'unpublish') {
      if (status === 'draft') throw conflict('The article is already a draft')
      // A schedule cancelled before it went live never made the article public.
      return {
        status: 'draft',
        publishedAt: null,
        firstPublishedAt: row.firstPublishedAt !== null && row.firstPublishedAt > now ? null : row.firstPublishedAt,
      }
    }
    if (action === 'archive') {
      if (status === 'archived') throw conflict('The article is already archived')
      return { status: 'archived' }
    }
    if (status === 'published') throw conflict('The article is already published')
    const missing: FieldError[] = []
    if (row.title.trim() === '') missing.push(bodyError('/title', 'is empty'))
    if (textOf(row.body).trim() === '') missing.push(bodyError('/body', 'is empty'))
    if (!(relations.bylines.get(row.id) ?? []).some((b) => b.role === 'writer'))
      missing.push(bodyError('/bylines', 'needs at least one writer byline'))
    if (missing.length > 0) throw unprocessable('The article is not complete enough to publish', missing)
    const when = at === undefined ? now : Date.parse(at)
    // Only a time that has passed made the article public; a schedule being moved never did.
    const wasPublic = row.firstPublishedAt !== null && row.firstPublishedAt <= now
    return { status: when > now ? 'scheduled' : 'published', publishedAt: when, firstPublishedAt: wasPublic ? row.firstPublishedAt : when }
  }

  /**
   * Writes to one loaded article, guarded by the version it was loaded at: its columns, its tags and bylines, and
   * operations on its parts (`parts`). Answers the editor's representation after the write.
   */
  function change(caller: Audience, { row, relations }: Loaded, what: Change): Promise<Representation> {
    const { parts = [], refs = { category: undefined, bylines: undefined }, ...fields } = what
    const op = { kind: 'updateArticle' as const, id: row.id, expectedVersion: row.version, ...fields }
    const ws: WriteSet<Representation> = {
      actor: caller.keyId,
      ops: [op, ...parts],
      respond: (r: Results) => {
        const { row: next, tags } = r.of(op)
        return editorRep(next, relationsAfter(next, relations, refs, tags))
      },
    }
    return commit(store, ws, currentEtag(row.id))
  }

  return {
    load,
    change,

    /** `POST` always creates a draft. */
    async create(caller: Audience, input: ArticleCreateT, idempotency?: IdempotencyRecord): Promise<Created> {
      const refs = await references(input)
      if (input.slug !== undefined && (await store.articles.slugInUse(input.slug))) throw slugTaken(input.slug)
      const title = input.title.normalize('NFC')
      const op = {
        kind: 'insertArticle' as const,
        values: { ...columns(input), title },
        slug: input.slug === undefined ? { derivedFrom: slugFrom(title) || 'artikel' } : { exact: input.slug },
        tags: input.tags,
        bylines: input.bylines,
      }
      return store.write({
        actor: caller.keyId,
        ops: [op],
        idempotency,
        respond: (r) => {
          const { row, tags } = r.of(op)
          return { location: `/v1/articles/${row.id}`, rep: editorRep(row, relationsAfter(row, null, refs, tags)) }
        },
      })
    },

    async update(caller: Audience, id: number, ifMatch: string | undefined, patch: ArticlePatchT): Promise<Representation> {
      const loaded = await load(id, ifMatch)
      const refs = await references(patch)
      let slug: { to: string; keepOld: boolean } | undefined
      if (patch.slug !== undefined && patch.slug !== loaded.row.slug) {
        const owner = (await store.articles.idForSlug(patch.slug)) ?? (await store.articles.idForOldSlug(patch.slug))
        if (owner !== undefined && owner !== id) throw slugTaken(patch.slug)
        const first = loaded.row.firstPublishedAt
        slug = { to: patch.slug, keepOld: first !== null && first <= clock() }
      }
      return change(caller, loaded, { values: columns(patch), reason: 'updated', slug, tags: patch.tags, bylines: patch.bylines, refs })
    },

    /** Deleting an article removes its parts and every link to it; the articles that linked to it get a new version. */
    async remove(caller: Audience, id: number, ifMatch: string | undefined): Promise<void> {
      const { row } = await load(id, ifMatch)
      await commit(
        store,
        { actor: caller.keyId, ops: [{ kind: 'deleteArticle', id, expectedVersion: row.version }], respond: () => undefined },
        currentEtag(id),
      )
    },

    /** publish (now, backdated or scheduled), unpublish (to draft), archive — each needs If-Match. */
    async act(caller: Audience, id: number, ifMatch: string | undefined, action: Action, at?: string): Promise<Representation> {
      const loaded = await load(id, ifMatch)
      return change(caller, loaded, { values: transition(loaded.row, loaded.relations, action, at), reason: reasons[action] })
    },
  }
}
