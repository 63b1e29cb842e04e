import type { Store } from '../../store/index.js'

/**
 * Rebuilds the search index from the articles, and their stored representations with it, in batches (each its own
 * write, so other writes interleave and index themselves as usual). Returns how many articles it indexed.
 */
export async function rebuildSearchIndex(store: Store, batchSize = 500): Promise<number> {
  let total = 0
  let afterId = 0
  for (;;) {
    const op = { kind: 'reindexArticles', afterId, limit: batchSize } as const
    const { indexed, lastId } = await store.write({ actor: null, ops: [op], respond: (results) => results.of(op) })
    total += indexed
    if (indexed < batchSize) return total
    afterId = lastId
  }
}
