import { cleanTagName, tagKey } from '../../domain/tag-names.js'
import { ApiError, bodyError } from '../../errors.js'
import { iso } from '../../lib/clock.js'
import type { Store } from '../../store/index.js'
import { createSluggedService } from '../crud/service.js'
import type { Tag, TagCreateT, TagPatchT } from './schemas.js'

export function createTagsService(store: Store) {
  return createSluggedService<'tag', TagCreateT, TagPatchT, Tag>({
    resource: 'tag',
    store,
    view: (row) => ({
      id: row.id,
      slug: row.slug,
      name: row.name,
      createdAt: iso(row.createdAt),
      updatedAt: iso(row.updatedAt),
      version: row.version,
    }),
    slugSource: (input) => input.name,
    toRow: (input) => ({ name: cleanTagName(input.name), nameKey: tagKey(input.name) }),
    toPatch: ({ name, ...rest }) => ({ ...rest, ...(name === undefined ? {} : { name: cleanTagName(name), nameKey: tagKey(name) }) }),
    // Articles name tags by name, so names are unique regardless of case and Unicode form.
    check: async (input, existing) => {
      if (input.name === undefined) return
      const other = await store.references.tagIdForKey(tagKey(input.name))
      if (other !== undefined && other !== existing?.id) {
        throw new ApiError('conflict', `A tag named "${input.name}" already exists`, [bodyError('/name', 'already exists')])
      }
    },
    embeddedChange: (values) => values.name !== undefined || values.slug !== undefined,
  })
}
