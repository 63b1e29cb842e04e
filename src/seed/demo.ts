import type { Db } from '../db/connect.js'
import { authors } from '../db/schema.js'
import { systemClock } from '../lib/clock.js'
import { createAuthorsService } from '../modules/authors/service.js'
import { createCategoriesService } from '../modules/categories/service.js'
import type { Caller } from '../modules/keys/service.js'
import { createTagsService } from '../modules/tags/service.js'
import { demoAuthors, demoCategories, demoTags } from './demo-content.js'

const desk: Caller = { scope: 'admin', keyId: null }
const noop = () => {}

/**
 * Loads the demo newsroom through the same services the API uses, in one transaction:
 * either all of it lands or none of it.
 */
export function seedDemo(db: Db): void {
  const categories = createCategoriesService(db, systemClock, noop)
  const authorService = createAuthorsService(db, systemClock, noop)
  const tags = createTagsService(db, systemClock, noop)
  db.transaction(() => {
    for (const category of demoCategories) categories.create(desk, category)
    for (const author of demoAuthors) authorService.create(desk, author)
    for (const name of demoTags) tags.create(desk, { name })
  })
}

/** Seeds only a database that has no content yet (the first start). Returns whether it seeded. */
export function seedIfEmpty(db: Db): boolean {
  if (db.select({ id: authors.id }).from(authors).limit(1).get()) return false
  seedDemo(db)
  return true
}
