import { sql, type SQL } from 'drizzle-orm'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import type { SearchQuery, Token } from '../../domain/search-query.js'
import type { Db } from '../context.js'
import type { SearchDialect } from '../search.js'

/**
 * tsvector of config `simple` over the analysed text, GIN-indexed (migrations/postgres/…_search-index.sql). The
 * analyser only emits `[a-z0-9]+`, so the tsquery text built here holds no operator a user typed; it is bound as
 * a parameter all the same. Relevance: ts_rank of exact words plus half that of stems (title A, summary B, body C),
 * over the window's rows only.
 */
const phrase = (tokens: string[]) => `(${tokens.join(' <-> ')})`
const weights = `'{0, 0.1, 0.4, 1}'`

/** The tsqueries of a parsed query: what stems must (not) hold, what words must hold, and what ranks. */
export function tsQueries(q: SearchQuery) {
  const stemsOf = (tokens: Token[]) => phrase(tokens.map((t) => t.stem))
  const wordsOf = (tokens: Token[]) => phrase(tokens.map((t) => t.word))
  const prefixes = q.prefixes.map((prefix) => `${prefix}:*`)
  return {
    stems: [...q.phrases.map(stemsOf), ...q.excluded.map((tokens) => `!${stemsOf(tokens)}`)].join(' & '),
    words: prefixes.join(' & '),
    rankStems: q.phrases.map(stemsOf).join(' | '),
    rankWords: [...q.phrases.map(wordsOf), ...prefixes].join(' | '),
  }
}

const tsvector = (title: string, summary: string, body: string) =>
  sql`setweight(to_tsvector('simple', ${title}), 'A') || setweight(to_tsvector('simple', ${summary}), 'B') || setweight(to_tsvector('simple', ${body}), 'C')`
const run = async (db: Db, statement: SQL) => {
  await (db as unknown as NodePgDatabase).execute(statement)
}
const query = (text: string) => sql`to_tsquery('simple', ${text})`

export const postgresSearch: SearchDialect = {
  put: (db, id, doc) =>
    run(
      db,
      sql`insert into article_search (article_id, words, stems)
values (${id}, ${tsvector(doc.title, doc.summary, doc.body)}, ${tsvector(doc.titleStems, doc.summaryStems, doc.bodyStems)})
on conflict (article_id) do update set words = excluded.words, stems = excluded.stems`,
    ),
  remove: (db, id) => run(db, sql`delete from article_search where article_id = ${id}`),
  clear: (db) => run(db, sql`delete from article_search`),
  matching(q, articles) {
    const ts = tsQueries(q)
    const conditions = [
      ...(ts.stems === '' ? [] : [sql`article_search.stems @@ ${query(ts.stems)}`]),
      ...(ts.words === '' ? [] : [sql`article_search.words @@ ${query(ts.words)}`]),
    ]
    return {
      source: sql`article_search join ${articles} on ${articles.id} = article_search.article_id`,
      where: sql.join(conditions, sql` and `),
      newest: sql`article_search.article_id desc`,
    }
  },
  async relevance(db, q, ids) {
    if (ids.length === 0) return []
    const ts = tsQueries(q)
    const rank = (column: string, text: string) =>
      text === '' ? sql`0` : sql`ts_rank(${sql.raw(weights)}, ${sql.raw(column)}, ${query(text)})`
    const { rows } = await (db as unknown as NodePgDatabase).execute<{ id: number; relevance: number }>(
      sql`select article_id as id, (${rank('words', ts.rankWords)} + 0.5 * ${rank('stems', ts.rankStems)})::float8 as relevance
from article_search where article_id = any(${`{${ids.join(',')}}`}::int[])`,
    )
    const byId = new Map(rows.map((row) => [Number(row.id), Number(row.relevance)]))
    return ids.map((id) => byId.get(id) ?? 0)
  },
}
