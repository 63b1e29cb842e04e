import { rebuildSearchIndex } from '../modules/search/reindex.js'
import { cliApp } from './app.js'

/** `npm run search:reindex`: rebuilds the search index of the configured store from its articles (and the stored representations). */
const app = await cliApp()
const started = Date.now()
const indexed = await rebuildSearchIndex(app.store)
await app.close()
console.log(`Search index and stored representations rebuilt: ${indexed} articles in ${((Date.now() - started) / 1000).toFixed(1)} s`)
