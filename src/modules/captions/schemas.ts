import { Type, type Static } from '@sinclair/typebox'
import { HttpUrl, Id, Nullable, VersionFields } from '../../schemas/common.js'

const text = (maxLength: number, example: string) => Type.String({ maxLength, examples: [example] })
const pixels = Type.Integer({ minimum: 1, maximum: 20000 })

export const CaptionRole = Type.Union([Type.Literal('featured'), Type.Literal('inline')], {
  description: '`featured` is the article\'s lead photo (its `image`); at most one per article',
})

export const CaptionSchema = Type.Object({
  id: Id,
  articleId: Id,
  role: CaptionRole,
  position: Type.Integer({ minimum: 0 }),
  imageUrl: HttpUrl,
  text: Nullable(text(1000, 'Presiden Belarusia Alexander Lukashenko menerima kunjungan di Minsk.')),
  altText: Nullable(text(500, 'Dua pria berjabat tangan di depan bendera')),
  credit: Nullable(text(200, 'Reuters')),
  photographer: Nullable(text(200, 'Bayu Aji Pratama')),
  width: Nullable(pixels),
  height: Nullable(pixels),
  ...VersionFields,
}, { $id: 'Caption', additionalProperties: false, description: 'A photo placed in an article, with its caption sentence and credit' })

export type Caption = Static<typeof CaptionSchema>
