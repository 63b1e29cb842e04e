import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { always, cacheable, headers, problems } from '../../schemas/responses.js'
import { SearchQuery, SearchResultsSchema } from './schemas.js'
import type { SearchService } from './service.js'

export const searchRoutes: FastifyPluginAsyncTypebox<{ service: SearchService }> = async (app, { service }) => {
  app.get(
    '/search',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'searchArticles',
        tags: ['Search'],
        summary: 'Search articles in Bahasa Indonesia',
        description:
          'Ranks title over summary over body, exact word forms over other forms of the root, newer over older. Public and `read` callers search what they may see; editors search drafts too (and may filter by `status`). A query that cannot be read is `400`. Pages are cut from the best 1,000 matches: follow `page.nextCursor` or the `Link` header.',
        querystring: SearchQuery,
        response: {
          ...cacheable(Type.Ref(SearchResultsSchema), 'A page of matches, best first', { Link: headers.link }),
          ...problems(...always, 401),
        },
      },
    },
    async (request, reply) => reply.list(await service.search(request.caller, request.query)),
  )
}
