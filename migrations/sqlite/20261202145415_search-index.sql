-- Full-text search over analysed text (src/domain/indonesian.ts): per field, the folded words and their stems,
-- in the same positions. The rowid is the article's id. Contentless: the articles table holds the text.
-- `npm run search:reindex` fills it for articles written before this migration.
CREATE VIRTUAL TABLE `article_search` USING fts5(
	`title`, `summary`, `body`, `title_stems`, `summary_stems`, `body_stems`,
	tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1
);
