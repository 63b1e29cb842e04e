import { stem, words } from '../../domain/indonesian.js'
import type { SearchQuery } from '../../domain/search-query.js'

/** How many words a body snippet shows before its first match, and in all. */
const before = 8
const length = 30

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c]!)

/** Whether a word of the text (as written) is one the query searches for: the same root, or a searched prefix. */
function matcher(q: SearchQuery): (written: string) => boolean {
  const stems = new Set(q.phrases.flat().map((token) => token.stem))
  // A page's titles and bodies repeat their words: each written form is analysed once.
  const known = new Map<string, boolean>()
  return (written) => {
    let hit = known.get(written)
    if (hit === undefined) {
      hit = words(written).some((word) => stems.has(stem(word)) || q.prefixes.some((prefix) => word.startsWith(prefix)))
      known.set(written, hit)
    }
    return hit
  }
}

/** `text` from word `from` to word `to` (exclusive), escaped, matches marked, with ellipses where it is cut. */
function render(text: string, spans: RegExpExecArray[], from: number, to: number, hit: (word: string) => boolean): string {
  let out = from > 0 ? '…' : ''
  let at = from > 0 ? spans[from]!.index : 0
  for (const span of spans.slice(from, to)) {
    const word = span[0]
    out += escape(text.slice(at, span.index)) + (hit(word) ? `<mark>${escape(word)}</mark>` : escape(word))
    at = span.index + word.length
  }
  return to < spans.length ? `${out.trimEnd()}…` : out + escape(text.slice(at))
}

/**
 * The snippets of a page of hits: of each, the title (whole) and a passage of the body's plain text, each only when
 * it has a match.
 */
export function snippetsOf(q: SearchQuery): (title: string, body: string) => { title?: string; body?: string } {
  const hit = matcher(q)
  return (title, body) => snippetOf(hit, title, body)
}

function snippetOf(hit: (word: string) => boolean, title: string, body: string): { title?: string; body?: string } {
  const out: { title?: string; body?: string } = {}
  const titleSpans = [...title.matchAll(/[\p{L}\p{N}]+/gu)]
  if (titleSpans.some((span) => hit(span[0]))) out.title = render(title, titleSpans, 0, titleSpans.length, hit)
  // The body is read only up to the end of the passage.
  const spans: RegExpExecArray[] = []
  let first = -1
  for (const span of body.matchAll(/[\p{L}\p{N}]+/gu)) {
    spans.push(span)
    if (first < 0 && hit(span[0])) first = spans.length - 1
    if (first >= 0 && spans.length >= Math.max(first - before, 0) + length + 1) break
  }
  if (first >= 0) {
    const from = Math.max(first - before, 0)
    out.body = render(body, spans, from, Math.min(from + length, spans.length), hit)
  }
  return out
}
