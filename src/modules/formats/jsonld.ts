import type { Article } from '../articles/schemas.js'
import { summaryOf, writersOf } from './feeds.js'
import type { Publication } from './publication.js'

/** Google shows at most 110 characters of a NewsArticle headline. */
export const maxHeadline = 110

/** A headline cut at a word boundary to fit, with an ellipsis. */
export function headlineOf(title: string): string {
  const chars = [...title]
  if (chars.length <= maxHeadline) return title
  const cut = chars.slice(0, maxHeadline - 1).join('')
  const atWord = cut.replace(/\s+\S*$/, '')
  return `${atWord.length > maxHeadline / 2 ? atWord : cut}…`
}

/**
 * An article as schema.org `NewsArticle` JSON-LD (https://schema.org/NewsArticle), with the properties Google's
 * article structured data asks for and recommends: a frontend embeds it as is in a
 * `<script type="application/ld+json">` of the article's page.
 */
export function newsArticle(publication: Publication, article: Article): Record<string, unknown> {
  const { time } = publication
  const image = article.image
  const writers = writersOf(article)
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    '@id': article.url,
    mainEntityOfPage: { '@type': 'WebPage', '@id': article.url },
    url: article.url,
    headline: headlineOf(article.title),
    ...(article.subtitle === null ? {} : { alternativeHeadline: article.subtitle }),
    description: summaryOf(article),
    ...(article.publishedAt === null ? {} : { datePublished: time.rfc3339(Date.parse(article.publishedAt)) }),
    dateModified: time.rfc3339(Date.parse(article.updatedAt)),
    author:
      writers.length === 0
        ? [{ '@type': 'Organization', name: publication.name, url: publication.homePage }]
        : writers.map((w) => ({ '@type': 'Person', name: w.name, url: publication.authorUrl(w.slug) })),
    ...(image === null
      ? {}
      : {
          image: [
            {
              '@type': 'ImageObject',
              url: image.imageUrl,
              contentUrl: image.imageUrl,
              ...(image.text === null ? {} : { caption: image.text }),
              ...(image.credit === null ? {} : { creditText: image.credit }),
              ...(image.photographer === null ? {} : { creator: { '@type': 'Person', name: image.photographer } }),
              ...(image.width === null ? {} : { width: image.width }),
              ...(image.height === null ? {} : { height: image.height }),
            },
          ],
        }),
    publisher: {
      '@type': 'NewsMediaOrganization',
      name: publication.name,
      url: publication.homePage,
      ...(publication.logoUrl === null ? {} : { logo: { '@type': 'ImageObject', url: publication.logoUrl } }),
    },
    ...(article.category === null ? {} : { articleSection: article.category.name }),
    keywords: article.tags.map((tag) => tag.name),
    inLanguage: article.language,
    ...(article.dateline === null ? {} : { dateline: article.dateline }),
    wordCount: article.wordCount,
    copyrightHolder: { '@type': 'Organization', name: publication.copyrightHolder },
    isAccessibleForFree: true,
  }
}
