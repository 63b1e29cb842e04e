import slugify from '@sindresorhus/slugify'

export const maxSlugLength = 120

/**
 * Indonesian-friendly slugs: NFKD with the marks stripped (so `Ö` is `o`, not German `oe`), what does not
 * decompose transliterated, house rules (`&` → dan, `%` → persen), apostrophes dropped, words kept whole
 * (`iNews` is `inews`), cut on a word boundary at 120 characters.
 */
export function slugFrom(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/['’‘`]/g, '')
  const base = slugify(folded, {
    decamelize: false,
    customReplacements: [
      ['&', ' dan '],
      ['%', ' persen '],
      ['@', ' at '],
    ],
  })
  if (base.length <= maxSlugLength) return base
  const cut = base.slice(0, maxSlugLength + 1)
  const boundary = cut.lastIndexOf('-')
  return (boundary > 0 ? cut.slice(0, boundary) : base.slice(0, maxSlugLength)).replace(/-+$/, '')
}

/** `base`, else `base-2`, `base-3`… — the first one `taken` says is free. Room is kept for the suffix. */
export async function uniqueSlug(base: string, taken: (candidate: string) => boolean | Promise<boolean>): Promise<string> {
  if (!(await taken(base))) return base
  for (let n = 2; ; n++) {
    const suffix = `-${n}`
    const candidate = `${base.slice(0, maxSlugLength - suffix.length).replace(/-+$/, '')}${suffix}`
    if (!(await taken(candidate))) return candidate
  }
}
