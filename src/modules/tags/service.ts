import { eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/connect.js'
import { tags } from '../../db/schema.js'
import { ApiError, bodyError } from '../../errors.js'
import { iso, type Clock } from '../../lib/clock.js'
import { createSluggedRepository } from '../crud/repository.js'
import { createSluggedService } from '../crud/service.js'
import type { Tag, TagCreateT, TagPatchT } from './schemas.js'

type TagRow = typeof tags.$inferSelect

/** Two names are the same tag when they differ only in case, Unicode form or surrounding space. */
export const tagKey = (name: string): string => name.normalize('NFKC').trim().toLocaleLowerCase('id')
const clean = (name: string): string => name.normalize('NFC').trim()

export type TagsService = ReturnType<typeof createTagsService>

export function createTagsService(db: Db, clock: Clock, onChange: () => void) {
  const byKey = db.select({ id: tags.id }).from(tags).where(eq(tags.nameKey, sql.placeholder('key'))).prepare()
  const idForName = (name: string): number | undefined => byKey.get({ key: tagKey(name) })?.id
  const service = createSluggedService<TagRow, TagCreateT, TagPatchT, Tag>({
    noun: 'tag',
    repo: createSluggedRepository<TagRow>(db, tags),
    db,
    clock,
    onChange,
    view: (row) => ({ id: row.id, slug: row.slug, name: row.name, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt), version: row.version }),
    slugSource: (input) => input.name,
    toRow: (input) => ({ name: clean(input.name), nameKey: tagKey(input.name) }),
    toPatch: ({ name, ...rest }) => ({ ...rest, ...(name === undefined ? {} : { name: clean(name), nameKey: tagKey(name) }) }),
    // Articles name tags by name, so names are unique regardless of case and Unicode form.
    check: (input, existing) => {
      if (input.name === undefined) return
      const other = idForName(input.name)
      if (other !== undefined && other !== existing?.id) throw new ApiError(409, 'conflict', `A tag named "${input.name}" already exists`, [bodyError('/name', 'already exists')])
    },
  })
  return { ...service, idForName }
}
