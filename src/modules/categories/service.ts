import { bodyError, conflict, unprocessable } from '../../errors.js'
import { iso } from '../../lib/clock.js'
import type { Store } from '../../store/index.js'
import type { CategoryRow } from '../../store/slugged.js'
import { createSluggedService } from '../crud/service.js'
import type { Category, CategoryCreateT, CategoryPatchT } from './schemas.js'

export function createCategoriesService(store: Store) {
  const repo = store.resources.category

  /** The parent must exist and must not be the category itself or one of its descendants. */
  async function checkParent(parentId: number | null | undefined, self: CategoryRow | null): Promise<void> {
    if (parentId === undefined || parentId === null) return
    const seen = new Set<number>()
    for (let id: number | null = parentId; id !== null;) {
      if (self !== null && id === self.id)
        throw unprocessable('A category cannot be its own ancestor', [bodyError('/parentId', 'would create a cycle')])
      const row = await repo.get(id)
      if (seen.has(id) || !row) break
      seen.add(id)
      id = row.parentId
    }
    if (!(await repo.get(parentId))) throw unprocessable('The parent category does not exist', [bodyError('/parentId', 'no such category')])
  }

  return createSluggedService<'category', CategoryCreateT, CategoryPatchT, Category>({
    resource: 'category',
    store,
    view: (row) => ({
      id: row.id,
      slug: row.slug,
      name: row.name,
      description: row.description,
      parentId: row.parentId,
      createdAt: iso(row.createdAt),
      updatedAt: iso(row.updatedAt),
      version: row.version,
    }),
    slugSource: (input) => input.name,
    toRow: (input) => ({ name: input.name, description: input.description ?? null, parentId: input.parentId ?? null }),
    check: (input, existing) => checkParent(input.parentId, existing),
    checkRemovable: async (row) => {
      if (await store.references.categoryHasArticles(row.id)) throw conflict('Articles still use this category; move them first')
      if (await store.references.categoryHasChildren(row.id)) throw conflict('The category still has subcategories')
    },
    // Articles embed the category's id, slug and name.
    embeddedChange: (values) => values.name !== undefined || values.slug !== undefined,
  })
}
