import type { Db } from '../../db/connect.js'
import { notFound, slugTaken } from '../../errors.js'
import type { Clock } from '../../lib/clock.js'
import { decodeCursor } from '../../lib/cursor.js'
import { represent, requireIfMatch, type Representation } from '../../lib/etag.js'
import { pageOf, type Page } from '../../lib/pagination.js'
import { slugFrom, uniqueSlug } from '../../lib/slug.js'
import type { Caller } from '../keys/service.js'
import type { SluggedRepository, SluggedRow } from './repository.js'

export interface SluggedResource<R extends SluggedRow, C, U, V> {
  noun: string
  repo: SluggedRepository<R>
  db: Db
  clock: Clock
  /** The allow-listed representation of a row for this caller. */
  view: (row: R, caller: Caller) => V
  /** The text a missing slug is derived from. */
  slugSource: (input: C) => string
  /** Row values from a validated create body (without id, slug, timestamps, version). */
  toRow: (input: C) => Omit<R, 'id' | 'slug' | 'version' | 'createdAt' | 'updatedAt'>
  /** Row values from a validated patch, when they need the same normalising as `toRow`; else the patch as is. */
  toPatch?: (patch: U) => Partial<R>
  /** Rules that need the database (references, uniqueness); throw domain errors. */
  check?: (input: C | U, existing: R | null) => void
  /** Refuses a delete that would break references (409). */
  checkRemovable?: (row: R) => void
  /** Called inside the write transaction, after any change. */
  onChange?: () => void
}

/** The uniform verbs (list, get, getBySlug, create, update, remove) over one slugged resource. */
export function createSluggedService<R extends SluggedRow, C extends { slug?: string }, U extends { slug?: string }, V>(r: SluggedResource<R, C, U, V>) {
  const { repo, db, clock } = r
  const taken = (slug: string) => repo.getBySlug(slug) !== undefined
  const found = (row: R | undefined): R => { if (!row) throw notFound(r.noun); return row }
  const changed = () => r.onChange?.()

  return {
    list(caller: Caller, limit: number, cursor?: string): Page<V> {
      const afterId = cursor === undefined ? 0 : decodeCursor(cursor)[1]
      const page = pageOf(repo.list(limit + 1, afterId), limit, (row) => [null, row.id])
      return { data: page.data.map((row) => r.view(row, caller)), nextCursor: page.nextCursor }
    },

    get: (caller: Caller, id: number): Representation => represent(r.view(found(repo.get(id)), caller)),

    getBySlug: (caller: Caller, slug: string): Representation => represent(r.view(found(repo.getBySlug(slug)), caller)),

    create: (caller: Caller, input: C): { id: number, rep: Representation } => db.transaction(() => {
      r.check?.(input, null)
      if (input.slug !== undefined && taken(input.slug)) throw slugTaken(input.slug)
      const slug = input.slug ?? uniqueSlug(slugFrom(r.slugSource(input)) || r.noun, taken)
      const now = clock()
      const row = repo.insert({ ...r.toRow(input), slug, createdAt: now, updatedAt: now } as Omit<R, 'id' | 'version'>)
      changed()
      return { id: row.id, rep: represent(r.view(row, caller)) }
    }),

    /** Check and write happen in one synchronous transaction: two writes with the same ETag cannot both pass. */
    update: (caller: Caller, id: number, ifMatch: string | undefined, patch: U): Representation => db.transaction(() => {
      const row = found(repo.get(id))
      requireIfMatch(ifMatch, represent(r.view(row, caller)).etag)
      r.check?.(patch, row)
      if (patch.slug !== undefined && patch.slug !== row.slug && taken(patch.slug)) throw slugTaken(patch.slug)
      const values = r.toPatch ? r.toPatch(patch) : (patch as unknown as Partial<R>)
      const next = found(repo.update(id, row.version, { ...values, updatedAt: clock() }))
      changed()
      return represent(r.view(next, caller))
    }),

    remove: (caller: Caller, id: number, ifMatch: string | undefined): void => db.transaction(() => {
      const row = found(repo.get(id))
      requireIfMatch(ifMatch, represent(r.view(row, caller)).etag)
      r.checkRemovable?.(row)
      if (!repo.remove(id, row.version)) throw notFound(r.noun)
      changed()
    }),
  }
}
