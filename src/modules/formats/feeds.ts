import { create } from 'xmlbuilder2'
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js'
import { plainText } from '../../lib/html.js'
import type { Article } from '../articles/schemas.js'
import { articleUri, type Publication } from './publication.js'
import { xmlText } from './xml.js'

/**
 * RSS 2.0 (with Media RSS and Dublin Core), Atom 1.0 and JSON Feed 1.1, written from the same articles as the JSON
 * API's (src/modules/articles/views.ts): the same titles, links, dates, writers and photos.
 */

/** What a feed is of: the whole site, or one category, tag or author. */
export interface FeedChannel {
  title: string
  description: string
  /** The feed's own path and canonical query on the API (`/v1/feeds/rss?category=ekonomi`). */
  path: string
}

export type FeedContent = 'full' | 'summary'

/** Everything a feed is written from; `now` dates an empty feed. */
export interface Feed {
  publication: Publication
  channel: FeedChannel
  articles: readonly Article[]
  content: FeedContent
  now: number
}

const ns = {
  atom: 'http://www.w3.org/2005/Atom',
  dc: 'http://purl.org/dc/elements/1.1/',
  media: 'http://search.yahoo.com/mrss/',
  content: 'http://purl.org/rss/1.0/modules/content/',
}

/** The people a feed names as an item's authors: its writers (and contributors), in byline order. */
export const writersOf = (article: Article) =>
  article.bylines.filter((b) => b.role === 'writer' || b.role === 'contributor').map((b) => b.author)

/** The summary, or when there is none the beginning of the text. */
export function summaryOf(article: Article): string {
  if (article.summary !== null && article.summary !== '') return article.summary
  const text = plainText(article.body)
  return text.length <= 300 ? text : `${text.slice(0, 300).replace(/\s+\S*$/, '')}…`
}

const updatedOf = (articles: readonly Article[], fallback: number) =>
  articles.reduce((latest, a) => Math.max(latest, Date.parse(a.updatedAt)), articles.length === 0 ? fallback : 0)

const serialise = (root: XMLBuilder) => root.end({ prettyPrint: false })

/** Media RSS for the featured photo: its URL and size, caption, credit and alternative text. */
function mediaContent(parent: XMLBuilder, article: Article): void {
  const image = article.image
  if (image === null) return
  const media = parent.ele('media:content', {
    url: image.imageUrl,
    medium: 'image',
    ...(image.width === null ? {} : { width: String(image.width) }),
    ...(image.height === null ? {} : { height: String(image.height) }),
  })
  if (image.text !== null) media.ele('media:description', { type: 'plain' }).txt(xmlText(image.text))
  if (image.credit !== null) media.ele('media:credit', { role: 'photographer' }).txt(xmlText(image.credit))
  if (image.altText !== null) media.ele('media:text', { type: 'plain' }).txt(xmlText(image.altText))
}

function rss({ publication, channel, articles, content, now }: Feed): string {
  const { time } = publication
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('rss', {
    version: '2.0',
    'xmlns:atom': ns.atom,
    'xmlns:dc': ns.dc,
    'xmlns:media': ns.media,
    'xmlns:content': ns.content,
  })
  const ch = root.ele('channel')
  ch.ele('title').txt(xmlText(channel.title))
  ch.ele('link').txt(publication.homePage)
  ch.ele('description').txt(xmlText(channel.description))
  ch.ele('language').txt(publication.language)
  ch.ele('copyright').txt(xmlText(publication.copyrightHolder))
  ch.ele('lastBuildDate').txt(time.rfc822(updatedOf(articles, now)))
  ch.ele('generator').txt('Kabar')
  if (publication.apiUrlConfigured)
    ch.ele('atom:link', { href: publication.apiUrl(channel.path), rel: 'self', type: 'application/rss+xml' })
  for (const article of articles) {
    const item = ch.ele('item')
    item.ele('title').txt(xmlText(article.title))
    item.ele('link').txt(article.url)
    item.ele('guid', { isPermaLink: 'false' }).txt(articleUri(publication, article.id))
    if (article.publishedAt !== null) item.ele('pubDate').txt(time.rfc822(Date.parse(article.publishedAt)))
    for (const writer of writersOf(article)) item.ele('dc:creator').txt(xmlText(writer.name))
    if (article.category !== null) item.ele('category').txt(xmlText(article.category.name))
    for (const tag of article.tags) item.ele('category').txt(xmlText(tag.name))
    item.ele('description').txt(xmlText(summaryOf(article)))
    if (content === 'full') item.ele('content:encoded').txt(xmlText(article.body))
    mediaContent(item, article)
  }
  return serialise(root)
}

function atom({ publication, channel, articles, content, now }: Feed): string {
  const { time } = publication
  const feed = create({ version: '1.0', encoding: 'UTF-8' }).ele(ns.atom, 'feed', {
    'xml:lang': publication.language,
    'xmlns:media': ns.media,
  })
  feed.ele('id').txt(publication.apiUrl(channel.path))
  feed.ele('title').txt(xmlText(channel.title))
  feed.ele('subtitle').txt(xmlText(channel.description))
  feed.ele('updated').txt(time.rfc3339(updatedOf(articles, now)))
  feed.ele('link', { rel: 'alternate', type: 'text/html', href: publication.homePage })
  if (publication.apiUrlConfigured) feed.ele('link', { rel: 'self', type: 'application/atom+xml', href: publication.apiUrl(channel.path) })
  // Entries without writers take the publication as their author (Atom asks for one on every entry).
  feed.ele('author').ele('name').txt(xmlText(publication.name))
  feed.ele('rights').txt(xmlText(publication.copyrightHolder))
  feed.ele('generator').txt('Kabar')
  for (const article of articles) {
    const entry = feed.ele('entry')
    entry.ele('id').txt(articleUri(publication, article.id))
    entry.ele('title', { type: 'text' }).txt(xmlText(article.title))
    entry.ele('link', { rel: 'alternate', type: 'text/html', href: article.url })
    if (article.publishedAt !== null) entry.ele('published').txt(time.rfc3339(Date.parse(article.publishedAt)))
    entry.ele('updated').txt(time.rfc3339(Date.parse(article.updatedAt)))
    for (const writer of writersOf(article)) {
      const author = entry.ele('author')
      author.ele('name').txt(xmlText(writer.name))
      author.ele('uri').txt(publication.authorUrl(writer.slug))
    }
    if (article.category !== null) entry.ele('category', { term: article.category.slug, label: xmlText(article.category.name) })
    for (const tag of article.tags) entry.ele('category', { term: tag.slug, label: xmlText(tag.name) })
    entry.ele('summary', { type: 'text' }).txt(xmlText(summaryOf(article)))
    if (content === 'full') entry.ele('content', { type: 'html' }).txt(xmlText(article.body))
    mediaContent(entry, article)
  }
  return serialise(feed)
}

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). */
function jsonFeed({ publication, channel, articles, content }: Feed): string {
  const { time } = publication
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: channel.title,
    home_page_url: publication.homePage,
    ...(publication.apiUrlConfigured ? { feed_url: publication.apiUrl(channel.path) } : {}),
    description: channel.description,
    language: publication.language,
    ...(publication.logoUrl === null ? {} : { icon: publication.logoUrl }),
    authors: [{ name: publication.name, url: publication.homePage }],
    items: articles.map((article) => {
      const summary = summaryOf(article)
      const writers = writersOf(article)
      return {
        id: articleUri(publication, article.id),
        url: article.url,
        title: article.title,
        ...(content === 'full' ? { content_html: article.body } : { content_text: summary }),
        summary,
        ...(article.image === null ? {} : { image: article.image.imageUrl }),
        ...(article.publishedAt === null ? {} : { date_published: time.rfc3339(Date.parse(article.publishedAt)) }),
        date_modified: time.rfc3339(Date.parse(article.updatedAt)),
        ...(writers.length === 0 ? {} : { authors: writers.map((w) => ({ name: w.name, url: publication.authorUrl(w.slug) })) }),
        tags: [...(article.category === null ? [] : [article.category.name]), ...article.tags.map((t) => t.name)],
        language: article.language,
      }
    }),
  })
}

/** The writer of each feed format, by the name its route takes. */
export const feedWriters = { rss, atom, json: jsonFeed } as const
