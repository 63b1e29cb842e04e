import { eq } from 'drizzle-orm'
import type { Db } from '../../db/connect.js'
import { articles, categories } from '../../db/schema.js'
import { bodyError, conflict, unprocessable } from '../../errors.js'
import { iso, type Clock } from '../../lib/clock.js'
import { createSluggedRepository } from '../crud/repository.js'
import { createSluggedService } from '../crud/service.js'
import type { Category, CategoryCreateT, CategoryPatchT } from './schemas.js'

type CategoryRow = typeof categories.$inferSelect

export function createCategoriesService(db: Db, clock: Clock, onChange: () => void) {
  const repo = createSluggedRepository<CategoryRow>(db, categories)

  /** The parent must exist and must not be the category itself or one of its descendants. */
  function checkParent(parentId: number | null | undefined, self: CategoryRow | null): void {
    if (parentId === undefined || parentId === null) return
    const seen = new Set<number>()
    for (let id: number | null = parentId; id !== null; id = repo.get(id)?.parentId ?? null) {
      if (self !== null && id === self.id) throw unprocessable('A category cannot be its own ancestor', [bodyError('/parentId', 'would create a cycle')])
      if (seen.has(id) || !repo.get(id)) break
      seen.add(id)
    }
    if (!repo.get(parentId)) throw unprocessable('The parent category does not exist', [bodyError('/parentId', 'no such category')])
  }

  return createSluggedService<CategoryRow, CategoryCreateT, CategoryPatchT, Category>({
    noun: 'category',
    repo,
    db,
    clock,
    onChange,
    view: (row) => ({
      id: row.id, slug: row.slug, name: row.name, description: row.description, parentId: row.parentId,
      createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt), version: row.version,
    }),
    slugSource: (input) => input.name,
    toRow: (input) => ({ name: input.name, description: input.description ?? null, parentId: input.parentId ?? null }),
    check: (input, existing) => checkParent(input.parentId, existing),
    checkRemovable: (row) => {
      if (db.select({ id: articles.id }).from(articles).where(eq(articles.categoryId, row.id)).limit(1).get()) {
        throw conflict('Articles still use this category; move them first')
      }
      if (db.select({ id: categories.id }).from(categories).where(eq(categories.parentId, row.id)).limit(1).get()) {
        throw conflict('The category still has subcategories')
      }
    },
  })
}
