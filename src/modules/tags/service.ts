import { sql } from 'drizzle-orm'
import type { Db } from '../../db/connect.js'
import { tags } from '../../db/schema.js'
import { ApiError, bodyError } from '../../errors.js'
import { iso, type Clock } from '../../lib/clock.js'
import { createSluggedRepository } from '../crud/repository.js'
import { createSluggedService } from '../crud/service.js'
import type { Tag, TagCreateT, TagPatchT } from './schemas.js'

type TagRow = typeof tags.$inferSelect

export function createTagsService(db: Db, clock: Clock, onChange: () => void) {
  const byName = db.select({ id: tags.id }).from(tags).where(sql`${tags.name} = ${sql.placeholder('name')} collate nocase`).prepare()
  return createSluggedService<TagRow, TagCreateT, TagPatchT, Tag>({
    noun: 'tag',
    repo: createSluggedRepository<TagRow>(db, tags),
    db,
    clock,
    onChange,
    view: (row) => ({ id: row.id, slug: row.slug, name: row.name, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt), version: row.version }),
    slugSource: (input) => input.name,
    toRow: (input) => ({ name: input.name.trim() }),
    toPatch: ({ name, ...rest }) => ({ ...rest, ...(name === undefined ? {} : { name: name.trim() }) }),
    // Articles name tags by name, so names are unique regardless of case.
    check: (input, existing) => {
      if (input.name === undefined) return
      const other = byName.get({ name: input.name.trim() })
      if (other && other.id !== existing?.id) throw new ApiError(409, 'conflict', `A tag named "${input.name}" already exists`, [bodyError('/name', 'already exists')])
    },
  })
}
