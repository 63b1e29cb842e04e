import { iso, isoOrNull } from '../../lib/clock.js'
import { readingTimeMinutes } from '../../lib/html.js'
import { captionView } from '../captions/views.js'
import type { ArticleListRow, ArticleRow, Relations } from './repository.js'
import type { Article, ArticleSummary } from './schemas.js'

/** What the views need besides rows: the clock (scheduled articles turn published) and the URL template. */
export interface ViewContext { now: number, urlTemplate: string }

/** A scheduled article whose time has come is published, without any job having run. */
export const effectiveStatus = (row: Pick<ArticleRow, 'status' | 'publishedAt'>, now: number): ArticleRow['status'] =>
  row.status === 'scheduled' && row.publishedAt !== null && row.publishedAt <= now ? 'published' : row.status

/** When the article stops being the same representation by the clock alone (a scheduled one going live). */
export const changesAt = (row: Pick<ArticleRow, 'status' | 'publishedAt'>, now: number): number =>
  row.status === 'scheduled' && row.publishedAt !== null && row.publishedAt > now ? row.publishedAt : Infinity

export function publicUrl(template: string, slug: string, category: string | undefined, id: number): string {
  return template.replaceAll('{slug}', slug).replaceAll('{category}', category ?? 'berita').replaceAll('{id}', String(id))
}

export function summaryView(row: ArticleListRow, rel: Relations, ctx: ViewContext): ArticleSummary {
  const category = row.categoryId === null ? null : rel.categories.get(row.categoryId) ?? null
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

export function articleView(row: ArticleRow, rel: Relations, ctx: ViewContext, embeds: Pick<Article, 'captions' | 'related'> = {}): Article {
  return { ...summaryView(row, rel, ctx), body: row.body, ...embeds }
}
