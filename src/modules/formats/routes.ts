import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IdParams, SlugParams } from '../../schemas/common.js'
import { always, cacheable, headers, problems } from '../../schemas/responses.js'
import { then } from '../../lib/maybe.js'
import { documents, FeedQuery, SitemapMonthParams } from './schemas.js'
import { articleFormats, feedFormats, type ArticleFormat, type FeedFormat, type FormatsService } from './service.js'

const read = { access: 'public' as const }
const mediaType = (type: string) => type.split(';')[0]!
const publicOnly =
  'What an anonymous caller may see, whoever calls (a key limited to categories: only those): drafts, scheduled and archived articles never appear.'

const feedDocs: Record<FeedFormat, { summary: string; schema: typeof documents.xml | typeof documents.jsonFeed }> = {
  rss: { summary: 'RSS 2.0 feed (with Media RSS and Dublin Core)', schema: documents.xml },
  atom: { summary: 'Atom 1.0 feed', schema: documents.xml },
  json: { summary: 'JSON Feed 1.1', schema: documents.jsonFeed },
}
const articleDocs: Record<ArticleFormat, { summary: string; schema: typeof documents.ninjs | typeof documents.jsonld }> = {
  ninjs: { summary: 'IPTC ninjs 3.1 news item', schema: documents.ninjs },
  jsonld: { summary: 'schema.org NewsArticle JSON-LD', schema: documents.jsonld },
}

/** Feeds, ninjs, JSON-LD and sitemaps: the standard formats partners, aggregators and search engines read. */
export const formatRoutes: FastifyPluginAsyncTypebox<{ service: FormatsService }> = async (app, { service }) => {
  for (const format of Object.keys(feedFormats) as FeedFormat[]) {
    const { summary, schema } = feedDocs[format]
    app.get(
      `/feeds/${format}`,
      {
        config: read,
        schema: {
          operationId: `${format}Feed`,
          tags: ['Formats'],
          summary,
          description: `The latest public articles, newest first: of the site, or of one category, tag or author (by slug). ${publicOnly}`,
          querystring: FeedQuery,
          response: { ...cacheable(schema, summary, {}, mediaType(feedFormats[format])), ...problems(...always, 401, 404) },
        },
      },
      (request, reply) => then(service.feed(request.caller, format, request.query), (rep) => reply.representation(rep)),
    )
  }

  for (const format of Object.keys(articleFormats) as ArticleFormat[]) {
    const { summary, schema } = articleDocs[format]
    const response = (description: string) => cacheable(schema, description, {}, mediaType(articleFormats[format]))
    app.get(
      `/articles/:id/${format}`,
      {
        config: read,
        schema: {
          operationId: `get${format === 'ninjs' ? 'Ninjs' : 'JsonLd'}`,
          tags: ['Formats'],
          summary: `An article as ${summary}`,
          description: `${publicOnly} Anything else is \`404\`, as a missing article.`,
          params: IdParams,
          response: { ...response(summary), ...problems(...always, 401, 404) },
        },
      },
      (request, reply) => then(service[format](request.caller, Number(request.params.id)), (rep) => reply.representation(rep)),
    )
    app.get(
      `/articles/slug/:slug/${format}`,
      {
        config: read,
        schema: {
          operationId: `get${format === 'ninjs' ? 'Ninjs' : 'JsonLd'}BySlug`,
          tags: ['Formats'],
          summary: `An article as ${summary}, by slug`,
          description: `${publicOnly} An old slug of a public article answers \`301\` to its current slug.`,
          params: SlugParams,
          response: {
            ...response(summary),
            301: { description: 'The slug has changed; follow Location', type: 'null', headers: { Location: headers.location } },
            ...problems(...always, 401, 404),
          },
        },
      },
      (request, reply) =>
        then(service.bySlug(request.caller, format, request.params.slug), (found) =>
          'redirect' in found
            ? reply.code(301).location(`/v1/articles/slug/${found.redirect}/${format}`).send()
            : reply.representation(found.rep),
        ),
    )
  }

  const sitemap = (summary: string) => cacheable(documents.xml, summary, {}, 'application/xml')
  app.get(
    '/sitemaps/news.xml',
    {
      config: read,
      schema: {
        operationId: 'newsSitemap',
        tags: ['Formats'],
        summary: 'Google News sitemap: the public articles of the last 48 hours (at most 1,000)',
        response: { ...sitemap('A urlset with the News extension'), ...problems(...always, 401) },
      },
    },
    (request, reply) => then(service.news(request.caller), (rep) => reply.representation(rep)),
  )
  app.get(
    '/sitemaps/index.xml',
    {
      config: read,
      schema: {
        operationId: 'sitemapIndex',
        tags: ['Formats'],
        summary: 'Sitemap index: the News sitemap and every monthly article sitemap',
        response: { ...sitemap('A sitemap index'), ...problems(...always, 401) },
      },
    },
    (request, reply) => then(service.index(request.caller), (rep) => reply.representation(rep)),
  )
  app.get(
    '/sitemaps/articles/:file',
    {
      config: read,
      schema: {
        operationId: 'monthSitemap',
        tags: ['Formats'],
        summary: 'The public articles published in a month (at most 50,000 URLs per part), with lastmod',
        description: 'Months follow the newsroom time zone (`TIMEZONE`). A month without public articles is `404`.',
        params: SitemapMonthParams,
        response: { ...sitemap('A urlset'), ...problems(...always, 401, 404) },
      },
    },
    (request, reply) => {
      const [year, month, part = '1'] = request.params.file.replace(/\.xml$/, '').split('-')
      return then(service.month(request.caller, { year: Number(year), month: Number(month), part: Number(part) }), (rep) =>
        reply.representation(rep),
      )
    },
  )
}
