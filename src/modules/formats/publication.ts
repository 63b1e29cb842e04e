import type { Config } from '../../config.js'
import { zonedTime, type ZonedTime } from '../../lib/zoned-time.js'

/** The publication the formats speak for, and how they name things in absolute URLs. */
export interface Publication {
  name: string
  /** The reader-facing site's home page. */
  homePage: string
  language: string
  logoUrl: string | null
  copyrightHolder: string
  usageTerms: string | null
  time: ZonedTime
  /** An absolute URL of the API: feeds' own links, sitemap locations, and the stable ids of articles and photos. */
  apiUrl(path: string): string
  /** Whether `apiUrl` is the API's configured public origin (else the home page's origin stands in for it). */
  apiUrlConfigured: boolean
  /** An author's public page. */
  authorUrl(slug: string): string
}

export function publicationOf(config: Config): Publication {
  const apiBase = config.publicBaseUrl || new URL(config.publicationUrl).origin
  return {
    name: config.publicationName,
    homePage: config.publicationUrl,
    language: config.publicationLanguage,
    logoUrl: config.publicationLogoUrl || null,
    copyrightHolder: config.copyrightHolder || config.publicationName,
    usageTerms: config.usageTerms || null,
    time: zonedTime(config.timeZone),
    apiUrl: (path) => `${apiBase}${path}`,
    apiUrlConfigured: config.publicBaseUrl !== '',
    authorUrl: (slug) => config.authorUrlTemplate.replaceAll('{slug}', slug),
  }
}

/** The stable id of an article in every format: its API URL (a slug change keeps it). */
export const articleUri = (publication: Publication, id: number): string => publication.apiUrl(`/v1/articles/${id}`)
