import type { Audience } from '../../domain/access.js'
import { notFound, slugTaken } from '../../errors.js'
import { decodeCursor } from '../../lib/cursor.js'
import { represent, requireIfMatch, type Representation } from '../../lib/etag.js'
import { pageOf, type Page } from '../../lib/pagination.js'
import { slugFrom } from '../../lib/slug.js'
import type { Store } from '../../store/index.js'
import type { Slugged, SluggedRepository, SluggedRows } from '../../store/slugged.js'
import type { Created, IdempotencyRecord } from '../../store/write-set.js'
import { commit } from '../commit.js'

type Row<K extends Slugged> = SluggedRows[K]
/** Where each resource lives in the API, for the `Location` of a create. */
const repoPath: Record<Slugged, string> = { author: 'authors', category: 'categories', tag: 'tags' }
type Fields<K extends Slugged> = Omit<Row<K>, 'id' | 'slug' | 'version' | 'createdAt' | 'updatedAt'>

export interface SluggedResource<K extends Slugged, C, U, V> {
  resource: K
  store: Store
  /** The allow-listed representation of a row for this caller. */
  view: (row: Row<K>, caller: Audience) => V
  /** The text a missing slug is derived from. */
  slugSource: (input: C) => string
  /** Row values from a validated create body (without id, slug, timestamps, version). */
  toRow: (input: C) => Fields<K>
  /** Row values from a validated patch, when they need the same normalising as `toRow`; else the patch as is. */
  toPatch?: (patch: U) => Partial<Row<K>>
  /** Rules that need facts (references, uniqueness); throw domain errors. */
  check?: (input: C | U, existing: Row<K> | null) => Promise<void>
  /** Refuses a delete that would break references (409). */
  checkRemovable?: (row: Row<K>) => Promise<void>
  /** Whether a change alters the articles that embed the resource (they get a new version). */
  embeddedChange: (values: Partial<Row<K>>) => boolean
}

/** The uniform verbs (list, get, getBySlug, create, update, remove) over one slugged resource. */
export function createSluggedService<K extends Slugged, C extends { slug?: string }, U extends { slug?: string }, V>(
  r: SluggedResource<K, C, U, V>,
) {
  const { store, resource } = r
  const repo = store.resources[resource] as unknown as SluggedRepository<K>
  const taken = async (slug: string) => (await repo.getBySlug(slug)) !== undefined
  const found = async (read: Promise<Row<K> | undefined>): Promise<Row<K>> => {
    const row = await read
    if (!row) throw notFound(resource)
    return row
  }
  const rendered = (row: Row<K>, caller: Audience) => represent(r.view(row, caller), [`${resource}:${row.id}`])
  const currentEtag = (id: number, caller: Audience) => async () => {
    const row = await repo.get(id)
    return row === undefined ? undefined : represent(r.view(row, caller)).etag
  }

  return {
    async list(caller: Audience, limit: number, cursor?: string): Promise<Page<V>> {
      const afterId = cursor === undefined ? 0 : decodeCursor(cursor)[1]
      const page = pageOf(await repo.list(limit + 1, afterId, caller), limit, (row) => [null, row.id])
      return { data: page.data.map((row) => r.view(row, caller)), nextCursor: page.nextCursor, keys: [`list:${resource}`] }
    },

    get: async (caller: Audience, id: number): Promise<Representation> => rendered(await found(repo.get(id, caller)), caller),

    getBySlug: async (caller: Audience, slug: string): Promise<Representation> =>
      rendered(await found(repo.getBySlug(slug, caller)), caller),

    async create(caller: Audience, input: C, idempotency?: IdempotencyRecord): Promise<Created> {
      await r.check?.(input, null)
      if (input.slug !== undefined && (await taken(input.slug))) throw slugTaken(input.slug)
      const op = {
        kind: 'insertResource' as const,
        resource,
        values: r.toRow(input) as Record<string, unknown>,
        slug: input.slug === undefined ? { derivedFrom: slugFrom(r.slugSource(input)) || resource } : { exact: input.slug },
      }
      return store.write({
        actor: caller.keyId,
        ops: [op],
        idempotency,
        respond: (results) => {
          const row = results.of(op) as Row<K>
          return { location: `/v1/${repoPath[resource]}/${row.id}`, rep: represent(r.view(row, caller)) }
        },
      })
    },

    /** The version guard makes check and write atomic: two writes with the same ETag cannot both pass. */
    async update(caller: Audience, id: number, ifMatch: string | undefined, patch: U): Promise<Representation> {
      const row = await found(repo.get(id))
      requireIfMatch(ifMatch, represent(r.view(row, caller)).etag)
      await r.check?.(patch, row)
      if (patch.slug !== undefined && patch.slug !== row.slug && (await taken(patch.slug))) throw slugTaken(patch.slug)
      const values = r.toPatch ? r.toPatch(patch) : (patch as unknown as Partial<Row<K>>)
      const op = {
        kind: 'updateResource' as const,
        resource,
        id,
        expectedVersion: row.version,
        values: values as Record<string, unknown>,
        fanOut: r.embeddedChange(values),
      }
      return commit(
        store,
        { actor: caller.keyId, ops: [op], respond: (results) => represent(r.view(results.of(op) as Row<K>, caller)) },
        currentEtag(id, caller),
      )
    },

    async remove(caller: Audience, id: number, ifMatch: string | undefined): Promise<void> {
      const row = await found(repo.get(id))
      requireIfMatch(ifMatch, represent(r.view(row, caller)).etag)
      await r.checkRemovable?.(row)
      await commit(
        store,
        { actor: caller.keyId, ops: [{ kind: 'deleteResource', resource, id, expectedVersion: row.version }], respond: () => undefined },
        currentEtag(id, caller),
      )
    },
  }
}
