import sanitizeHtml from 'sanitize-html'

/**
 * The allow-list for article bodies: structure and emphasis, links and images over http(s) only.
 * Everything else — scripts, styles, iframes, event handlers, javascript:/data: URLs — is removed.
 */
const policy: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h2',
    'h3',
    'h4',
    'blockquote',
    'ul',
    'ol',
    'li',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'a',
    'figure',
    'figcaption',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'code',
    'pre',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
    th: ['colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template'],
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow' } }),
  },
}

export function sanitizeBody(html: string): string {
  return sanitizeHtml(html.normalize('NFC'), policy).trim()
}

/** Tags that separate words even with no whitespace around them (`</p><p>`, `<br>`); inline ones do not. */
const blockBoundary = /<\/?(?:p|br|hr|h[1-6]|blockquote|ul|ol|li|figure|figcaption|table|thead|tbody|tr|th|td|pre|div)\b[^>]*>/gi

/** The visible text of HTML, for word counts and completeness checks. */
export function textOf(html: string): string {
  return sanitizeHtml(html.replace(blockBoundary, ' '), { allowedTags: [], allowedAttributes: {} }).replace(/&[a-z]+;|&#\d+;/g, ' ')
}

export function wordCount(html: string): number {
  return textOf(html)
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word)).length
}

/** Indonesian news is read at about 200 words a minute; a non-empty article takes at least a minute. */
export const readingTimeMinutes = (words: number): number => (words === 0 ? 0 : Math.max(1, Math.ceil(words / 200)))
