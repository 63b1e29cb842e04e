import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TSchema } from '@sinclair/typebox'
import type { Access } from '../domain/access.js'
import { bodyMethods, everywhere, onWrite, problems, withBody } from '../schemas/responses.js'
import { refineDocument } from './openapi-document.js'

const accessNotes: Record<Access, string> = {
  public: 'Public: no key needed (a `read` key raises rate limits). Anonymous callers see published content only.',
  read: 'Needs an API key with the `read` scope or higher.',
  write: 'Needs an API key with the `write` scope or higher.',
  admin: 'Needs an API key with the `admin` scope.',
}

/**
 * The OpenAPI 3.1 document, derived from the live route table. Shared schemas keep their `$id` names as
 * components; each operation's security requirement comes from its declared access level.
 */
export default fp<{ schemas: TSchema[]; serverUrl: string }>(
  async (app, { schemas, serverUrl }) => {
    for (const schema of schemas) app.addSchema(schema)

    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Kabar CMS API',
          version: '1.0.0',
          description:
            'Headless CMS for newsrooms: articles, authors, captions, related links and taxonomy. ' +
            'Errors are RFC 9457 problem details. Lists use keyset pagination. Writes require `If-Match`.',
          license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
        },
        // The API's configured public base URL, or `/`: the origin the document was fetched from.
        servers: [{ url: serverUrl, description: serverUrl === '/' ? 'This server' : 'Kabar API' }],
        components: {
          securitySchemes: {
            apiKey: {
              type: 'http',
              scheme: 'bearer',
              description: 'An API key: `Authorization: Bearer kbr_…`. Scopes: read < write < admin.',
            },
          },
        },
        tags: [
          { name: 'Articles', description: 'The editorial core: drafts, workflow, publishing' },
          { name: 'Captions', description: 'Photos placed in articles, with caption and credit' },
          { name: 'Related', description: 'Editor-curated "Artikel Terkait" links' },
          { name: 'Authors', description: 'Writers, editors and photographers credited in bylines' },
          { name: 'Categories', description: 'Sections such as Internasional, Nasional, Ekonomi' },
          { name: 'Tags', description: 'Free taxonomy; articles name tags by name' },
          { name: 'Search', description: 'Full-text search in Bahasa Indonesia' },
          { name: 'Formats', description: 'RSS, Atom and JSON Feed; IPTC ninjs; schema.org JSON-LD; sitemaps — public content only' },
          {
            name: 'Partner sync',
            description: 'The change feed with tombstones, as pages, a long poll or Server-Sent Events, and its checksum',
          },
          { name: 'API keys', description: 'Admin management of API keys' },
          { name: 'Webhooks', description: 'Signed deliveries of the change events a key sees (Standard Webhooks), with their log' },
          { name: 'Operations', description: 'Health, readiness and this document' },
        ],
      },
      transformObject: (document) => ('openapiObject' in document ? refineDocument(document.openapiObject) : document.swaggerObject),
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
      transform: ({ schema, url, route }) => {
        const access = route.config?.access ?? 'public'
        const security = access === 'public' ? [{}, { apiKey: [] }] : [{ apiKey: [access] }]
        const note = accessNotes[access]
        const description = schema?.description ? `${schema.description}\n\n${note}` : note
        // Only the document gains these: at run time they are rendered by the error handler, not serialised per route.
        const takesBody = [route.method].flat().some((method) => bodyMethods.includes(method))
        const response = {
          ...problems(...everywhere),
          ...(takesBody ? problems(...withBody, ...onWrite) : {}),
          ...(schema?.response as object),
        }
        return { schema: { ...schema, description, security, response } as typeof schema, url }
      },
    })

    app.get(
      '/openapi.json',
      {
        config: { access: 'public' },
        schema: { hide: true },
      },
      async (_request, reply) => reply.header('cache-control', 'no-cache').send(app.swagger()),
    )

    await app.register(swaggerUi, { routePrefix: '/docs' })
  },
  { name: 'openapi' },
)
