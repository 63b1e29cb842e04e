import { Type, type Static } from '@sinclair/typebox'
import { captionRoles } from '../../store/sqlite/schema.js'
import { HttpUrl, Id, Literals, MultilineText, Nullable, PathId, Text, VersionFields } from '../../schemas/common.js'

const text = (maxLength: number, example: string) => Text({ maxLength, examples: [example] })
const pixels = Type.Integer({ minimum: 1, maximum: 20000 })
const captionText = MultilineText({ maxLength: 1000, examples: ['Presiden Belarusia Alexander Lukashenko menerima kunjungan di Minsk.'] })
const altText = text(500, 'Dua pria berjabat tangan di depan bendera')
const credit = text(200, 'Reuters')
const photographer = text(200, 'Bayu Aji Pratama')

export const CaptionRole = Literals(captionRoles, {
  description: "`featured` is the article's lead photo (its `image`); at most one per article",
})

export const maxCaptionsPerArticle = 50

const writable = {
  role: CaptionRole,
  position: Type.Integer({
    minimum: 0,
    maximum: maxCaptionsPerArticle,
    description: 'Place in the article; others move down. Default: last.',
  }),
  imageUrl: HttpUrl,
  text: Nullable(captionText),
  altText: Nullable(altText),
  credit: Nullable(credit),
  photographer: Nullable(photographer),
  width: Nullable(pixels),
  height: Nullable(pixels),
}

export const CaptionSchema = Type.Object(
  {
    id: Id,
    articleId: Id,
    ...writable,
    ...VersionFields,
  },
  { $id: 'Caption', additionalProperties: false, description: 'A photo placed in an article, with its caption sentence and credit' },
)

export type Caption = Static<typeof CaptionSchema>

export const CaptionListSchema = Type.Object(
  {
    data: Type.Array(Type.Ref(CaptionSchema), { maxItems: maxCaptionsPerArticle }),
  },
  { $id: 'CaptionList', additionalProperties: false, description: 'All captions of an article in position order (at most 50)' },
)

const { role, imageUrl, ...optional } = writable

export const CaptionCreate = Type.Composite([Type.Object({ role, imageUrl }), Type.Partial(Type.Object(optional))], {
  additionalProperties: false,
  examples: [
    {
      role: 'featured',
      imageUrl: 'https://img.kabar.example/2026/07/minsk.jpg',
      text: 'Lukashenko dan Putin di Minsk.',
      credit: 'Reuters',
      altText: 'Dua pemimpin berjabat tangan',
    },
  ],
})

export const CaptionPatch = Type.Partial(Type.Object(writable), { additionalProperties: false, minProperties: 1 })

export const ArticleIdParams = Type.Object({ articleId: PathId('Positive integer id of the article') }, { additionalProperties: false })

export type CaptionCreateT = Static<typeof CaptionCreate>
export type CaptionPatchT = Static<typeof CaptionPatch>
