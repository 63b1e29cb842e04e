import { sql, type SQL } from 'drizzle-orm'
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import type { SearchQuery, Token } from '../../domain/search-query.js'
import type { Db } from '../context.js'
import type { SearchDialect, SearchDocument } from '../search.js'

/**
 * Two FTS5 tables (migrations/sqlite/…_search-pairs.sql), both contentless (the articles table holds the text):
 * - `article_search` finds the matches: all fields' words (for prefixes), their stems (for words) and the pairs of
 *   adjacent stems (`bantu_sosial`, for phrases: a phrase is one token, or all of its pairs, so that it costs what a
 *   rare word costs instead of a walk over its common words' positions); it keeps no positions (detail=column);
 * - `article_search_heads` ranks them: title and summary, words and stems, scored with `bm25` (title over summary,
 *   exact words over stems). It is small, so bm25's count of each term's documents over the whole table stays cheap,
 *   where over the bodies a common word's count would cost a walk over most of the archive.
 * A match anywhere weighs 1; what the heads add comes on top. Every token is quoted before MATCH; the analyser only
 * emits `[a-z0-9]+` (pairs join two with `_`, a token character of the matching table), so no token carries syntax.
 */
const weights = '10, 4, 5, 2'
/** Stands between the fields' pairs, so that no phrase runs from one field into the next. */
const fieldBreak = '_'

const pairsOf = (stems: string[]) => stems.slice(1).map((stem, i) => `${stems[i]}_${stem}`)
const quoted = (tokens: string[]) => tokens.map((token) => `"${token}"`).join(' + ')

/**
 * Where a phrase of stems matches: one word among the stems, more among the pairs — all of its pairs, for a phrase of
 * three words or more (the table keeps no positions to tell whether they follow each other).
 */
const stemPhrase = (tokens: Token[]) =>
  tokens.length === 1
    ? `stems : "${tokens[0]!.stem}"`
    : `pairs : (${pairsOf(tokens.map((t) => t.stem))
        .map((pair) => `"${pair}"`)
        .join(' AND ')})`

/** The MATCH expression that finds a parsed query's articles. */
export function matchExpression(q: SearchQuery): string {
  const positive = [...q.phrases.map(stemPhrase), ...q.prefixes.map((prefix) => `words : "${prefix}" *`)]
  return `(${positive.join(' AND ')})${q.excluded.map((tokens) => ` NOT ${stemPhrase(tokens)}`).join('')}`
}

/** The MATCH expression whose bm25 ranks the heads: any positive term, as written or by its stems. */
export function rankExpression(q: SearchQuery): string {
  const phrases = q.phrases.map(
    (tokens) =>
      `{title summary} : ${quoted(tokens.map((t) => t.word))} OR {title_stems summary_stems} : ${quoted(tokens.map((t) => t.stem))}`,
  )
  return [...phrases, ...q.prefixes.map((prefix) => `{title summary} : "${prefix}" *`)].join(' OR ')
}

const client = (db: Db) => db as unknown as BetterSQLite3Database
const run = async (db: Db, statement: SQL) => {
  client(db).run(statement)
}

export const sqliteSearch: SearchDialect = {
  // Contentless tables created with `contentless_delete=1` replace a row in one statement.
  async put(db, id, doc: SearchDocument) {
    const words = [doc.title, doc.summary, doc.body].join(' ')
    const fields = [doc.titleStems, doc.summaryStems, doc.bodyStems]
    const stems = fields.join(' ')
    const pairs = fields.map((text) => pairsOf(text.split(' ').filter((stem) => stem !== '')).join(' ')).join(` ${fieldBreak} `)
    await run(db, sql`insert or replace into article_search (rowid, words, stems, pairs) values (${id}, ${words}, ${stems}, ${pairs})`)
    await run(
      db,
      sql`insert or replace into article_search_heads (rowid, title, summary, title_stems, summary_stems)
values (${id}, ${doc.title}, ${doc.summary}, ${doc.titleStems}, ${doc.summaryStems})`,
    )
  },
  async remove(db, id) {
    await run(db, sql`delete from article_search where rowid = ${id}`)
    await run(db, sql`delete from article_search_heads where rowid = ${id}`)
  },
  async clear(db) {
    await run(db, sql`insert into article_search (article_search) values ('delete-all')`)
    await run(db, sql`insert into article_search_heads (article_search_heads) values ('delete-all')`)
  },
  matching: (q, articles) => ({
    // The covering index answers for the matches' articles: a row's columns after its body sit past overflow pages.
    source: sql`article_search join ${articles} indexed by articles_visibility_idx on ${articles.id} = article_search.rowid`,
    where: sql`article_search match ${matchExpression(q)}`,
    // FTS5 walks its rows in rowid (article id) order: the window is the first rows of the walk.
    newest: sql`article_search.rowid desc`,
  }),
  async relevance(db, q, ids) {
    if (ids.length === 0) return []
    // The window's ids are newest first: its range bounds the heads scored.
    const heads = client(db).all<{ id: number; relevance: number }>(
      sql`select rowid as id, -bm25(article_search_heads, ${sql.raw(weights)}) as relevance from article_search_heads
where article_search_heads match ${rankExpression(q)} and rowid between ${ids.at(-1)} and ${ids[0]}`,
    )
    const byId = new Map(heads.map((head) => [head.id, head.relevance]))
    return ids.map((id) => 1 + (byId.get(id) ?? 0))
  },
}
