import sanitizeHtml from 'sanitize-html'

/**
 * The allow-list for article bodies: structure and emphasis, links and images over http(s) only.
 * Everything else — scripts, styles, iframes, event handlers, javascript:/data: URLs — is removed.
 */
const absoluteImage = /^https?:\/\/[^/?#\s]/i
const absoluteLink = /^(https?:\/\/[^/?#\s]|mailto:)/i

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
  // The contract says http(s) only: an image without an absolute http(s) source goes, and so does its tag.
  exclusiveFilter: (frame) => frame.tag === 'img' && !absoluteImage.test(frame.attribs.src ?? ''),
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template'],
  transformTags: {
    // A link to a relative URL loses its target: the text stays, inside an anchor that goes nowhere.
    a: (tagName, { href, ...attribs }) => ({
      tagName,
      attribs: { ...(href !== undefined && absoluteLink.test(href) ? { href } : {}), ...attribs, rel: 'noopener noreferrer nofollow' },
    }),
  },
}

/** How deep elements may nest in an article body, and how long the stored (sanitised) body may be. */
export const maxBodyDepth = 64
export const maxBodyLength = 200_000

const tagPattern = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(\/?)>/g
const voidTags = new Set(['br', 'hr', 'img', 'wbr', 'meta', 'link', 'input', 'source', 'col', 'area', 'base', 'embed', 'param', 'track'])
/** Tags whose start closes an open one of the same kind (HTML's implied end tags), so unclosed paragraphs do not nest. */
const selfClosing = new Set(['p', 'li', 'tr', 'td', 'th', 'option', 'dt', 'dd'])

/**
 * Whether the elements of `html` nest deeper than `limit`, in one linear pass that stops as soon as they do (so the
 * stack it searches never holds more than `limit` tags): the sanitiser's work grows with the square of the depth,
 * so a body nested thousands deep (or thousands of unclosed inline tags) is refused before it gets there.
 */
export function nestsDeeperThan(html: string, limit: number): boolean {
  const open: string[] = []
  for (const [, closing, rawName, selfClose] of html.matchAll(tagPattern)) {
    const name = rawName!.toLowerCase()
    if (voidTags.has(name) || selfClose === '/') continue
    if (closing === '/') {
      const at = open.lastIndexOf(name)
      if (at !== -1) open.length = at
      continue
    }
    if (selfClosing.has(name) && open.at(-1) === name) open.pop()
    open.push(name)
    if (open.length > limit) return true
  }
  return false
}

export function sanitizeBody(html: string): string {
  return sanitizeHtml(html.normalize('NFC'), policy).trim()
}

/** Tags that separate words even with no whitespace around them (`</p><p>`, `<br>`); inline ones do not. */
const blockBoundary = /<\/?(?:p|br|hr|h[1-6]|blockquote|ul|ol|li|figure|figcaption|table|thead|tbody|tr|th|td|pre|div)\b[^>]*>/gi

/**
 * The visible text of sanitised HTML, for word counts and completeness checks: tags removed (block tags count as
 * spaces), entities as spaces. Linear: sanitised HTML has `<` only in tags.
 */
export function textOf(html: string): string {
  return html
    .replace(blockBoundary, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:[a-z]+|#\d+|#x[0-9a-f]+);/gi, ' ')
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }

/** The readable text of sanitised HTML, for excerpts: tags removed, entities decoded, whitespace collapsed. */
export function plainText(html: string): string {
  return html
    .replace(blockBoundary, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:([a-z]+)|#(\d+)|#x([0-9a-f]+));/gi, (entity, name?: string, decimal?: string, hex?: string) => {
      if (name !== undefined) return entities[name.toLowerCase()] ?? entity
      const code = decimal !== undefined ? Number(decimal) : parseInt(hex!, 16)
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ''
    })
    .replace(/\s+/g, ' ')
    .trim()
}

export function wordCount(html: string): number {
  let words = 0
  for (const word of textOf(html).split(/\s+/)) if (/[\p{L}\p{N}]/u.test(word)) words++
  return words
}

/** Indonesian news is read at about 200 words a minute; a non-empty article takes at least a minute. */
export const readingTimeMinutes = (words: number): number => (words === 0 ? 0 : Math.max(1, Math.ceil(words / 200)))
