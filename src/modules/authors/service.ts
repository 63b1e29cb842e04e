import { eq } from 'drizzle-orm'
import type { Db } from '../../db/connect.js'
import { authors, bylines } from '../../db/schema.js'
import { conflict } from '../../errors.js'
import { iso, type Clock } from '../../lib/clock.js'
import { allows } from '../keys/service.js'
import { createSluggedRepository } from '../crud/repository.js'
import { createSluggedService } from '../crud/service.js'
import type { Author, AuthorCreateT, AuthorPatchT } from './schemas.js'

type AuthorRow = typeof authors.$inferSelect

export function createAuthorsService(db: Db, clock: Clock, onChange: () => void) {
  return createSluggedService<AuthorRow, AuthorCreateT, AuthorPatchT, Author>({
    noun: 'author',
    repo: createSluggedRepository<AuthorRow>(db, authors),
    db,
    clock,
    onChange,
    view: (row, caller) => ({
      id: row.id, slug: row.slug, name: row.name, bio: row.bio, avatarUrl: row.avatarUrl,
      ...(allows(caller.scope, 'write') ? { email: row.email } : {}),
      createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt), version: row.version,
    }),
    slugSource: (input) => input.name,
    toRow: (input) => ({ name: input.name, bio: input.bio ?? null, avatarUrl: input.avatarUrl ?? null, email: input.email ?? null }),
    checkRemovable: (row) => {
      if (db.select({ id: bylines.articleId }).from(bylines).where(eq(bylines.authorId, row.id)).limit(1).get()) {
        throw conflict('The author still has bylines on articles; remove them first')
      }
    },
  })
}
