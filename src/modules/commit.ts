import { ApiError, notFound } from '../errors.js'
import type { Store } from '../store/index.js'
import { VersionConflict, type WriteSet } from '../store/write-set.js'

/**
 * Hands a write set to the store. A version guard that fails means another write committed between the facts
 * and this commit: the answer is the same `412` a stale If-Match gets, with the current ETag (or `404` if the
 * resource is gone).
 */
export async function commit<R>(store: Store, ws: WriteSet<R>, currentEtag: () => Promise<string | undefined>): Promise<R> {
  try {
    return await store.write(ws)
  } catch (error) {
    if (!(error instanceof VersionConflict)) throw error
    const etag = await currentEtag()
    if (etag === undefined) throw notFound(error.resource)
    throw new ApiError('precondition_failed', 'The resource has changed since the If-Match ETag was issued', undefined, { etag })
  }
}
