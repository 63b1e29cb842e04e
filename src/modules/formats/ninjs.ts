import type { Article } from '../articles/schemas.js'
import { writersOf } from './feeds.js'
import { articleUri, type Publication } from './publication.js'

/** What ninjs needs besides the article's public view: when it was first published. */
export interface NinjsFacts {
  firstPublishedAt: number | null
}

/**
 * An article as an IPTC ninjs 3.1 news item (https://www.iptc.org/std/ninjs/): a `text` item whose `uri` is the
 * article's stable API URL, its version the article's, dates in the newsroom's zone; the featured photo is an
 * association of type `picture` with its caption, credit and alternative text, and a rendition at its URL.
 */
export function ninjs(publication: Publication, article: Article, { firstPublishedAt }: NinjsFacts): Record<string, unknown> {
  const { time } = publication
  const writers = writersOf(article)
  const published = article.publishedAt === null ? null : Date.parse(article.publishedAt)
  const first = firstPublishedAt ?? published
  const image = article.image
  return {
    uri: articleUri(publication, article.id),
    type: 'text',
    profile: image === null ? 'text-only' : 'text-photo',
    version: String(article.version),
    pubStatus: 'usable',
    ...(first === null ? {} : { firstCreated: time.rfc3339(first) }),
    versionCreated: time.rfc3339(Date.parse(article.updatedAt)),
    contentCreated: time.rfc3339(Date.parse(article.createdAt)),
    copyrightHolder: publication.copyrightHolder,
    ...(publication.usageTerms === null ? {} : { usageTerms: publication.usageTerms }),
    language: article.language,
    headlines: [
      { role: 'main', contentType: 'text/plain', value: article.title },
      ...(article.subtitle === null ? [] : [{ role: 'sub', contentType: 'text/plain', value: article.subtitle }]),
    ],
    ...(article.summary === null ? {} : { descriptions: [{ role: 'summary', contentType: 'text/plain', value: article.summary }] }),
    bodies: [{ role: 'main', contentType: 'text/html', wordCount: article.wordCount, value: article.body }],
    ...(writers.length === 0 ? {} : { by: writers.map((w) => w.name).join(', ') }),
    ...(article.dateline === null ? {} : { located: article.dateline }),
    subjects: [
      ...(article.category === null ? [] : [{ name: article.category.name, rel: 'category', literal: article.category.slug }]),
      ...article.tags.map((tag) => ({ name: tag.name, rel: 'tag', literal: tag.slug })),
    ],
    renditions: [{ name: 'web', href: article.url, contentType: 'text/html' }],
    ...(image === null
      ? {}
      : {
          associations: [
            {
              name: 'featured-image',
              rel: 'featured',
              uri: publication.apiUrl(`/v1/captions/${image.id}`),
              type: 'picture',
              version: String(image.version),
              versionCreated: time.rfc3339(Date.parse(image.updatedAt)),
              ...(image.text === null ? {} : { headlines: [{ role: 'caption', contentType: 'text/plain', value: image.text }] }),
              ...(image.altText === null
                ? {}
                : { descriptions: [{ role: 'alternative-text', contentType: 'text/plain', value: image.altText }] }),
              // `by` names the photographer; the credit line ("Foto: Reuters") is the photo's source.
              ...(image.photographer === null ? {} : { by: image.photographer }),
              ...(image.credit === null ? {} : { infoSources: [{ name: image.credit, role: 'credit' }] }),
              renditions: [
                {
                  name: 'original',
                  href: image.imageUrl,
                  ...(image.width === null ? {} : { width: image.width }),
                  ...(image.height === null ? {} : { height: image.height }),
                },
              ],
            },
          ],
        }),
  }
}
