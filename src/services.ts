import type { Db } from './db/connect.js'
import type { Clock } from './lib/clock.js'
import { createArticlesRepository } from './modules/articles/repository.js'
import { createArticleReader } from './modules/articles/service.js'
import { createArticleWriter } from './modules/articles/writes.js'
import { createAuthorsService } from './modules/authors/service.js'
import { createCaptionsRepository } from './modules/captions/repository.js'
import { createCaptionsService } from './modules/captions/service.js'
import { createCategoriesService } from './modules/categories/service.js'
import { createKeysRepository } from './modules/keys/repository.js'
import { createKeysService, type Caller } from './modules/keys/service.js'
import { createRelatedRepository } from './modules/related/repository.js'
import { createRelatedService } from './modules/related/service.js'
import { createTagsService } from './modules/tags/service.js'

/** The caller on whose behalf the system itself writes (tags created from article tag names, demo content). */
export const editorial: Caller = { scope: 'write', keyId: null }

export type Services = ReturnType<typeof createServices>

/**
 * Every service, wired once. Any content write clears the article reader's cache, since articles embed
 * authors, categories, tags, captions and other articles.
 */
export function createServices({ db, clock, urlTemplate }: { db: Db, clock: Clock, urlTemplate: string }) {
  const articlesRepo = createArticlesRepository(db)
  const captionsRepo = createCaptionsRepository(db)
  const relatedRepo = createRelatedRepository(db)
  const reader = createArticleReader({ repo: articlesRepo, captions: captionsRepo, related: relatedRepo, clock, urlTemplate })
  const changed = () => reader.everythingChanged()
  const tags = createTagsService(db, clock, changed)
  const writer = createArticleWriter({
    db, repo: articlesRepo, clock, render: reader.renderForEditor, onChange: reader.articleChanged,
    tagIdFor: (name) => tags.idForName(name) ?? tags.create(editorial, { name }).id,
  })
  return {
    keys: createKeysService(createKeysRepository(db), clock),
    authors: createAuthorsService(db, clock, changed),
    categories: createCategoriesService(db, clock, changed),
    tags,
    reader,
    writer,
    captions: createCaptionsService({ db, repo: captionsRepo, clock, reader, writer }),
    related: createRelatedService({ repo: relatedRepo, articles: articlesRepo, reader, writer }),
  }
}
