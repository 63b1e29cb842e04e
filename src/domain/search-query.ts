import { stem, words } from './indonesian.js'

/**
 * A search query, parsed: every positive term must match, no excluded one may. A term is a phrase of analysed
 * words (one word is a phrase of one); a word matches any form of its root, and its exact form ranks higher.
 * `prefix*` matches the words that start with the prefix, as written (folded, not stemmed).
 */
export interface Token {
  word: string
  stem: string
}
export interface SearchQuery {
  phrases: Token[][]
  prefixes: string[]
  excluded: Token[][]
}

/** Why a query cannot run; the route answers 400 `validation_failed` with it. */
export class MalformedQuery extends Error {}

const analyse = (text: string): Token[] => words(text).map((word) => ({ word, stem: stem(word) }))

/**
 * Syntax: words, `"a phrase"`, `prefix*`, `-excluded` (a word, a phrase or a prefix-free word group). Anything else
 * is taken literally: punctuation separates words, and `AND`, `OR`, `NEAR` or `:` are plain words.
 */
export function parseQuery(q: string): SearchQuery {
  const query: SearchQuery = { phrases: [], prefixes: [], excluded: [] }
  if ((q.match(/"/g) ?? []).length % 2 === 1) throw new MalformedQuery('The query has an unbalanced quote (")')
  // Quoted phrases, and the words between them, each with a leading minus when it excludes.
  for (const [, minus, quoted, bare] of q.matchAll(/(-?)(?:"([^"]*)"|([^\s"]+))/g)) {
    const excluded = minus === '-'
    const text = quoted ?? bare!
    if (quoted === undefined && text.endsWith('*')) {
      const head = text.replace(/\*+$/, '')
      const tokens = analyse(head)
      const prefix = tokens.pop()
      if (prefix === undefined || !/[\p{L}\p{N}]$/u.test(head)) throw new MalformedQuery('A `*` must end a word (`ekonom*`)')
      if (excluded) throw new MalformedQuery('A prefix cannot be excluded; exclude whole words (`-politik`)')
      if (prefix.word.length < 2) throw new MalformedQuery('A prefix needs at least two letters (`ek*`)')
      if (tokens.length > 0) query.phrases.push(tokens)
      query.prefixes.push(prefix.word)
      continue
    }
    const tokens = analyse(text)
    if (tokens.length > 0) (excluded ? query.excluded : query.phrases).push(tokens)
  }
  if (query.phrases.length === 0 && query.prefixes.length === 0)
    throw new MalformedQuery(
      query.excluded.length > 0
        ? 'The query only excludes words; add at least one word to search for'
        : 'The query has no words to search for (letters or digits)',
    )
  return query
}
