import { create } from 'xmlbuilder2'
import type { PublicEntry } from '../../store/articles.js'
import { publicUrl } from '../articles/views.js'
import type { Publication } from './publication.js'
import { xmlText } from './xml.js'

/** Sitemaps (https://www.sitemaps.org/protocol.html) and Google News sitemaps, all written with an XML writer. */

const ns = {
  sitemap: 'http://www.sitemaps.org/schemas/sitemap/0.9',
  news: 'http://www.google.com/schemas/sitemap-news/0.9',
}

/** Google News lists the articles of the last two days, at most 1,000; a monthly sitemap at most 50,000 URLs. */
export const newsWindowMs = 48 * 60 * 60 * 1000
export const maxNewsUrls = 1000
export const maxSitemapUrls = 50_000

const start = () => create({ version: '1.0', encoding: 'UTF-8' })
const urlOf = (template: string, entry: PublicEntry) => publicUrl(template, entry.slug, entry.categorySlug ?? undefined, entry.id)

export function newsSitemap(publication: Publication, urlTemplate: string, entries: readonly PublicEntry[]): string {
  const urlset = start().ele(ns.sitemap, 'urlset', { 'xmlns:news': ns.news })
  for (const entry of entries) {
    const url = urlset.ele('url')
    url.ele('loc').txt(urlOf(urlTemplate, entry))
    const news = url.ele('news:news')
    const source = news.ele('news:publication')
    source.ele('news:name').txt(xmlText(publication.name))
    source.ele('news:language').txt(entry.language)
    news.ele('news:publication_date').txt(publication.time.rfc3339(entry.publishedAt))
    news.ele('news:title').txt(xmlText(entry.title))
  }
  return urlset.end({ prettyPrint: false })
}

export function monthSitemap(publication: Publication, urlTemplate: string, entries: readonly PublicEntry[]): string {
  const urlset = start().ele(ns.sitemap, 'urlset')
  for (const entry of entries) {
    const url = urlset.ele('url')
    url.ele('loc').txt(urlOf(urlTemplate, entry))
    url.ele('lastmod').txt(publication.time.rfc3339(entry.updatedAt))
  }
  return urlset.end({ prettyPrint: false })
}

export interface IndexEntry {
  path: string
  lastModified: number | null
}

export function sitemapIndex(publication: Publication, sitemaps: readonly IndexEntry[]): string {
  const index = start().ele(ns.sitemap, 'sitemapindex')
  for (const { path, lastModified } of sitemaps) {
    const sitemap = index.ele('sitemap')
    sitemap.ele('loc').txt(publication.apiUrl(path))
    if (lastModified !== null) sitemap.ele('lastmod').txt(publication.time.rfc3339(lastModified))
  }
  return index.end({ prettyPrint: false })
}
