import type { captions } from '../../db/schema.js'
import { iso } from '../../lib/clock.js'
import type { Caption } from './schemas.js'

export type CaptionRow = typeof captions.$inferSelect

export const captionView = (row: CaptionRow): Caption => ({
  id: row.id, articleId: row.articleId, role: row.role, position: row.position, imageUrl: row.imageUrl,
  text: row.text, altText: row.altText, credit: row.credit, photographer: row.photographer,
  width: row.width, height: row.height, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt), version: row.version,
})
