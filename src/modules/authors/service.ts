import { allows } from '../../domain/access.js'
import { conflict } from '../../errors.js'
import { iso } from '../../lib/clock.js'
import type { Store } from '../../store/index.js'
import { createSluggedService } from '../crud/service.js'
import type { Author, AuthorCreateT, AuthorPatchT } from './schemas.js'

export function createAuthorsService(store: Store) {
  return createSluggedService<'author', AuthorCreateT, AuthorPatchT, Author>({
    resource: 'author',
    store,
    view: (row, caller) => ({
      id: row.id,
      slug: row.slug,
      name: row.name,
      bio: row.bio,
      avatarUrl: row.avatarUrl,
      ...(allows(caller.scope, 'write') ? { email: row.email } : {}),
      createdAt: iso(row.createdAt),
      updatedAt: iso(row.updatedAt),
      version: row.version,
    }),
    slugSource: (input) => input.name,
    toRow: (input) => ({ name: input.name, bio: input.bio ?? null, avatarUrl: input.avatarUrl ?? null, email: input.email ?? null }),
    checkRemovable: async (row) => {
      if (await store.references.authorHasBylines(row.id)) throw conflict('The author still has bylines on articles; remove them first')
    },
    // Bylines embed the author's slug, name and avatar.
    embeddedChange: (values) => values.name !== undefined || values.slug !== undefined || values.avatarUrl !== undefined,
  })
}
