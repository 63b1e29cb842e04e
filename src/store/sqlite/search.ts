import { sql, type SQL } from 'drizzle-orm'
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import type { SearchQuery, Token } from '../../domain/search-query.js'
import type { Db } from '../context.js'
import type { SearchDialect } from '../search.js'

/**
 * FTS5 (migrations/sqlite/…_search-index.sql). Every token is quoted before MATCH; the analyser only emits
 * `[a-z0-9]+`, so no token can carry FTS5 syntax. bm25 is lower-is-better: relevance is its negation, weighing
 * exact words over stems and title over summary over body.
 */
const words = '{title summary body}'
const stems = '{title_stems summary_stems body_stems}'
const weights = '10, 4, 1, 5, 2, 0.5'

const phrase = (tokens: string[]) => tokens.map((token) => `"${token}"`).join(' + ')
const exactOrStem = (tokens: Token[]) =>
  `(${words} : ${phrase(tokens.map((t) => t.word))} OR ${stems} : ${phrase(tokens.map((t) => t.stem))})`

/** The MATCH expression of a parsed query. */
export function matchExpression(q: SearchQuery): string {
  const positive = [...q.phrases.map(exactOrStem), ...q.prefixes.map((prefix) => `${words} : "${prefix}" *`)]
  const excluded = q.excluded.map((tokens) => ` NOT ${stems} : ${phrase(tokens.map((t) => t.stem))}`)
  return `(${positive.join(' AND ')})${excluded.join('')}`
}

const run = async (db: Db, statement: SQL) => {
  ;(db as unknown as BetterSQLite3Database).run(statement)
}

export const sqliteSearch: SearchDialect = {
  // A contentless table created with `contentless_delete=1` replaces a row in one statement.
  put: (db, id, doc) =>
    run(
      db,
      sql`insert or replace into article_search (rowid, title, summary, body, title_stems, summary_stems, body_stems)
values (${id}, ${doc.title}, ${doc.summary}, ${doc.body}, ${doc.titleStems}, ${doc.summaryStems}, ${doc.bodyStems})`,
    ),
  remove: (db, id) => run(db, sql`delete from article_search where rowid = ${id}`),
  clear: (db) => run(db, sql`insert into article_search (article_search) values ('delete-all')`),
  matching: (q, articles) => ({
    // The covering index answers for the matches' articles: a row's columns after its body sit past overflow pages.
    source: sql`article_search join ${articles} indexed by articles_visibility_idx on ${articles.id} = article_search.rowid`,
    where: sql`article_search match ${matchExpression(q)}`,
    relevance: sql.raw(`(-bm25(article_search, ${weights}))`),
    // FTS5 walks its rows in rowid (article id) order: only the window's matches are scored.
    newest: sql`article_search.rowid desc`,
  }),
}
