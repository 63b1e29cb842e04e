import { iso, isoOrNull } from '../../lib/clock.js'
import { readingTimeMinutes } from '../../lib/html.js'
import { effectiveStatus } from '../../domain/visibility.js'
import type { ArticleListRow, ArticleRow, CaptionRow, Relations } from '../../store/articles.js'
import type { Caption } from './caption-schemas.js'
import type { Article, ArticleSummary } from './schemas.js'

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
