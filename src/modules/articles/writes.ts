import { sql } from 'drizzle-orm'
import type { Db } from '../../db/connect.js'
import { authors, categories } from '../../db/schema.js'
import { tagKey } from '../tags/service.js'
import { ApiError, bodyError, conflict, notFound, slugTaken, type FieldError } from '../../errors.js'
import type { Clock } from '../../lib/clock.js'
import { requireIfMatch, type Representation } from '../../lib/etag.js'
import { sanitizeBody, textOf, wordCount } from '../../lib/html.js'
import { slugFrom, uniqueSlug } from '../../lib/slug.js'
import type { Caller } from '../keys/service.js'
import type { ArticleRow, ArticlesRepository, NewArticle } from './repository.js'
import type { ArticleCreateT, ArticlePatchT } from './schemas.js'
import { effectiveStatus } from './views.js'

export interface WriterDeps {
  db: Db
  repo: ArticlesRepository
  clock: Clock
  /** Renders the article as `GET /v1/articles/{id}` does for an editor: its ETag is what If-Match must carry. */
  render: (row: ArticleRow) => Representation
  /** The id of the tag with this name, created when there is none (articles name tags by name). */
  tagIdFor: (name: string) => number
  /** Called inside every write transaction, with the article as it was and as it is. */
  onChange: (change: ArticleChange) => void
}

/** One article written: `before` is null for a create, `after` null for a delete. */
export interface ArticleChange { id: number, before: ArticleRow | null, after: ArticleRow | null }

const nfc = (value: string | null | undefined) => (typeof value === 'string' ? value.normalize('NFC') : value)

export type ArticleWriter = ReturnType<typeof createArticleWriter>

/** The write side: drafts, edits, the workflow, deletes. Every write is one transaction; checks come first. */
export function createArticleWriter({ db, repo, clock, render, tagIdFor, onChange }: WriterDeps) {
  const authorExists = db.select({ id: authors.id }).from(authors).where(sql`${authors.id} = ${sql.placeholder('id')}`).prepare()
  const categoryExists = db.select({ id: categories.id }).from(categories).where(sql`${categories.id} = ${sql.placeholder('id')}`).prepare()

  /** References that must exist, all reported at once (422). */
  function checkReferences(input: ArticlePatchT): void {
    const errors: FieldError[] = []
    if (input.categoryId != null && !categoryExists.get({ id: input.categoryId })) errors.push(bodyError('/categoryId', 'no such category'))
    const seen = new Set<string>()
    input.bylines?.forEach((b, i) => {
      if (!authorExists.get({ id: b.authorId })) errors.push(bodyError(`/bylines/${i}/authorId`, 'no such author'))
      if (seen.has(`${b.authorId}:${b.role}`)) errors.push(bodyError(`/bylines/${i}`, 'duplicates an earlier byline'))
      seen.add(`${b.authorId}:${b.role}`)
    })
    const names = new Set<string>()
    input.tags?.forEach((name, i) => {
      if (names.has(tagKey(name))) errors.push(bodyError(`/tags/${i}`, 'duplicates an earlier tag'))
      names.add(tagKey(name))
    })
    if (errors.length > 0) throw new ApiError(422, 'unprocessable', 'Some references are invalid', errors)
  }

  /** Column values from the writable fields present in the body; the body is sanitised, counted, NFC. */
  function columns(input: ArticlePatchT): Partial<NewArticle> {
    const { tags: _tags, bylines: _bylines, slug: _slug, body, ...rest } = input
    const values: Partial<NewArticle> = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, nfc(v as string | null)]))
    if (body !== undefined) {
      values.body = sanitizeBody(body)
      values.wordCount = wordCount(values.body)
    }
    return values
  }

  function applyRelations(articleId: number, input: ArticlePatchT): void {
    if (input.bylines) repo.replaceBylines(articleId, input.bylines)
    if (input.tags) repo.replaceTags(articleId, input.tags.map(tagIdFor))
  }

  const found = (row: ArticleRow | undefined): ArticleRow => {
    if (row === undefined) throw notFound('article')
    return row
  }

  /** Loads the article and checks If-Match against its current ETag, inside the caller's transaction. */
  const guarded = (id: number, ifMatch: string | undefined): ArticleRow => {
    const row = found(repo.get(id))
    requireIfMatch(ifMatch, render(row).etag)
    return row
  }

  /** Applies `values`, bumping version and updatedAt; the version guard makes check-and-write atomic. */
  function save(row: ArticleRow, values: Partial<NewArticle>): ArticleRow {
    const next = found(repo.update(row.id, row.version, { ...values, updatedAt: clock() }))
    onChange({ id: row.id, before: row, after: next })
    return next
  }

  function transition(row: ArticleRow, action: 'publish' | 'unpublish' | 'archive', at: string | undefined): Partial<NewArticle> {
    const now = clock()
    const status = effectiveStatus(row, now)
    if (action === 'unpublish') {
      if (status === 'draft') throw conflict('The article is already a draft')
      // A schedule cancelled before it went live never made the article public.
      return { status: 'draft', publishedAt: null, firstPublishedAt: row.firstPublishedAt !== null && row.firstPublishedAt > now ? null : row.firstPublishedAt }
    }
    if (action === 'archive') {
      if (status === 'archived') throw conflict('The article is already archived')
      return { status: 'archived' }
    }
    if (status === 'published') throw conflict('The article is already published')
    const missing: FieldError[] = []
    if (row.title.trim() === '') missing.push(bodyError('/title', 'is empty'))
    if (textOf(row.body).trim() === '') missing.push(bodyError('/body', 'is empty'))
    if (!repo.hasWriter(row.id)) missing.push(bodyError('/bylines', 'needs at least one writer byline'))
    if (missing.length > 0) throw new ApiError(422, 'unprocessable', 'The article is not complete enough to publish', missing)
    const when = at === undefined ? now : Date.parse(at)
    // Only a time that has passed made the article public; a schedule being moved never did.
    const wasPublic = row.firstPublishedAt !== null && row.firstPublishedAt <= now
    return { status: when > now ? 'scheduled' : 'published', publishedAt: when, firstPublishedAt: wasPublic ? row.firstPublishedAt : when }
  }

  const taken = (slug: string) => repo.slugInUse(slug)

  return {
    /** `POST` always creates a draft. */
    create: (_caller: Caller, input: ArticleCreateT): { id: number, rep: Representation } => db.transaction(() => {
      checkReferences(input)
      if (input.slug !== undefined && taken(input.slug)) throw slugTaken(input.slug)
      const now = clock()
      const slug = input.slug ?? uniqueSlug(slugFrom(input.title) || 'artikel', taken)
      const row = repo.insert({ ...columns(input), title: input.title.normalize('NFC'), slug, status: 'draft', createdAt: now, updatedAt: now })
      applyRelations(row.id, input)
      onChange({ id: row.id, before: null, after: row })
      return { id: row.id, rep: render(row) }
    }),

    update: (_caller: Caller, id: number, ifMatch: string | undefined, patch: ArticlePatchT): Representation => db.transaction(() => {
      const row = guarded(id, ifMatch)
      checkReferences(patch)
      const values = columns(patch)
      if (patch.slug !== undefined && patch.slug !== row.slug) {
        const owner = repo.getBySlug(patch.slug)?.id ?? repo.idForOldSlug(patch.slug)
        if (owner !== undefined && owner !== row.id) throw slugTaken(patch.slug)
        const wasPublic = row.firstPublishedAt !== null && row.firstPublishedAt <= clock()
        if (wasPublic) repo.moveSlug(row.id, row.slug, patch.slug)
        else repo.forgetOldSlug(patch.slug)
        values.slug = patch.slug
      }
      const next = save(row, values)
      applyRelations(row.id, patch)
      return render(found(repo.get(next.id)))
    }),

    /** Deleting an article removes its parts and every link to it; the articles that linked to it get a new version. */
    remove: (_caller: Caller, id: number, ifMatch: string | undefined): void => db.transaction(() => {
      const row = guarded(id, ifMatch)
      const linking = repo.linkingTo(row.id)
      if (!repo.remove(row.id, row.version)) throw notFound('article')
      for (const parent of linking) save(found(repo.get(parent)), {})
      onChange({ id: row.id, before: row, after: null })
    }),

    /** publish (now, backdated or scheduled), unpublish (to draft), archive — each needs If-Match. */
    act: (_caller: Caller, id: number, ifMatch: string | undefined, action: 'publish' | 'unpublish' | 'archive', at?: string): Representation =>
      db.transaction(() => {
        const row = guarded(id, ifMatch)
        return render(save(row, transition(row, action, at)))
      }),

    /**
     * For writes to an article's parts (captions, related links): checks If-Match on the article, runs `change`,
     * then bumps the article's version so its ETag moves. All in one transaction.
     */
    changePart: <T>(id: number, ifMatch: string | undefined, change: (row: ArticleRow) => T): T => db.transaction(() => {
      const row = guarded(id, ifMatch)
      const result = change(row)
      save(row, {})
      return result
    }),

    /** Bumps the article's version after a change to one of its parts that carries no article If-Match. */
    touch: (id: number): void => {
      const row = found(repo.get(id))
      save(row, {})
    },
  }
}

