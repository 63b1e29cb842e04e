import { createHash } from 'node:crypto'
import { iso, isoOrNull } from '../../lib/clock.js'
import { represent } from '../../lib/etag.js'
import { readingTimeMinutes } from '../../lib/html.js'
import { effectiveStatus } from '../../domain/visibility.js'
import type { ArticleListRow, ArticleRow, ArticleWithRelations, CaptionRow, Relations } from '../../store/articles.js'
import type { ArticleRenderer, PublicRepresentation } from '../../store/representations.js'
import type { Caption } from './caption-schemas.js'
import { ArticleSchema, type Article, type ArticleSummary } from './schemas.js'

/** What the views need besides rows: the clock (scheduled articles turn published) and the URL template. */
export interface ViewContext {
  now: number
  urlTemplate: string
}

export function publicUrl(template: string, slug: string, category: string | undefined, id: number): string {
  return template
    .replaceAll('{slug}', slug)
    .replaceAll('{category}', category ?? 'berita')
    .replaceAll('{id}', String(id))
}

export const captionView = (row: CaptionRow): Caption => ({
  id: row.id,
  articleId: row.articleId,
  role: row.role,
  position: row.position,
  imageUrl: row.imageUrl,
  text: row.text,
  altText: row.altText,
  credit: row.credit,
  photographer: row.photographer,
  width: row.width,
  height: row.height,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
  version: row.version,
})

export function summaryView(row: ArticleListRow, rel: Relations, ctx: ViewContext): ArticleSummary {
  const category = row.categoryId === null ? null : (rel.categories.get(row.categoryId) ?? null)
  const image = rel.images.get(row.id)
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    subtitle: row.subtitle,
    summary: row.summary,
    dateline: row.dateline,
    source: row.source,
    language: row.language,
    categoryId: row.categoryId,
    metaTitle: row.metaTitle,
    metaDescription: row.metaDescription,
    canonicalUrl: row.canonicalUrl,
    status: effectiveStatus(row, ctx.now),
    publishedAt: isoOrNull(row.publishedAt),
    category,
    tags: rel.tags.get(row.id) ?? [],
    bylines: rel.bylines.get(row.id) ?? [],
    image: image ? captionView(image) : null,
    wordCount: row.wordCount,
    readingTimeMinutes: readingTimeMinutes(row.wordCount),
    url: publicUrl(ctx.urlTemplate, row.slug, category?.slug, row.id),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    version: row.version,
  }
}

export function articleView(
  row: ArticleRow,
  rel: Relations,
  ctx: ViewContext,
  embeds: Pick<Article, 'captions' | 'related'> = {},
): Article {
  return { ...summaryView(row, rel, ctx), body: row.body, ...embeds }
}

/** What a rendered article or summary depends on, for the cache: itself and everything it embeds. */
export function dependenciesOf(row: Pick<ArticleRow, 'id' | 'categoryId'>, rel: Relations): string[] {
  return [
    `article:${row.id}`,
    ...(row.categoryId === null ? [] : [`category:${row.categoryId}`]),
    ...(rel.tags.get(row.id) ?? []).map((t) => `tag:${t.id}`),
    ...(rel.bylines.get(row.id) ?? []).map((b) => `author:${b.author.id}`),
  ]
}

/**
 * An article as the public sees it, without embeds: what stored representations hold and what a public miss
 * renders. It depends on no clock: the public sees an article only once it is public, and then as `published`.
 */
export function publicRepresentation({ row, relations }: ArticleWithRelations, urlTemplate: string): PublicRepresentation {
  const { body, etag } = represent(articleView(row, relations, { now: row.publishedAt ?? 0, urlTemplate }))
  return { body, etag, keys: [...new Set(dependenciesOf(row, relations))] }
}

/**
 * Bumped when the public view changes in a way its schema does not show (an ordering, a format): the variant then
 * changes, and stored representations of the old one are neither served nor kept.
 */
const viewRevision = 1

/** The public view with these settings, as stored representations are named: schema, revision and URL template. */
export function publicRenderer(urlTemplate: string): ArticleRenderer {
  // 48 bits of the digest, as a decimal integer (the store records it in an integer marker).
  const digest = createHash('sha1')
    .update(JSON.stringify([viewRevision, urlTemplate, ArticleSchema]))
    .digest('hex')
  const variant = String(parseInt(digest.slice(0, 12), 16))
  return { variant, render: (article) => publicRepresentation(article, urlTemplate) }
}
