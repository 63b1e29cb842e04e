import { keptWords, knownRoots } from './indonesian-roots.js'

/**
 * Indonesian analysis for search, the same for both stores: text is folded (NFKD, marks stripped, lower case) and
 * cut into words of ASCII letters and digits; each word has a stem, its root with affixes removed. The stemmer
 * follows Nazief and Adriani's order (particle, possessive, derivational suffix, then up to three prefixes with
 * the nasal recodings of meN- and peN-) and prefers a decomposition whose root it knows; otherwise it takes the
 * one that removes most while the root still looks like an Indonesian root (two vowels, a plain onset, no final
 * cluster). Words it keeps whole (loan words and roots that look affixed) are listed in indonesian-roots.ts.
 */

/** Case and diacritics folded: `Élysée` → `elysee`. */
export const fold = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()

/** The folded words of a text, in order: runs of `a-z` and `0-9`; everything else separates them. */
export const words = (text: string): string[] => fold(text).match(/[a-z0-9]+/g) ?? []

const particles = ['lah', 'kah', 'tah', 'pun']
const possessives = ['nya', 'ku', 'mu']
type Suffix = 'kan' | 'an' | 'i' | ''
type Prefix = 'meN' | 'peN' | 'di' | 'ter' | 'ke' | 'se' | 'ber' | 'per' | 'pe' | 'me'

const vowel = /[aeiou]/
const vowelCount = (word: string) => word.replace(/[^aeiou]/g, '').length
/** The first prefix and the suffix that never go together (Nazief and Adriani's disallowed confixes). */
const disallowed: Partial<Record<Prefix, Suffix[]>> = {
  ber: ['i'],
  ke: ['i', 'kan'],
  meN: ['an'],
  me: ['an'],
  peN: ['kan', 'i'],
  pe: ['kan', 'i'],
  di: ['an'],
  se: ['i', 'kan'],
  ter: ['an'],
}
/** `-i` is derivational only after these (mengakhiri, diikuti, terlalui, perbaiki). */
const takesI = new Set<Prefix>(['meN', 'me', 'di', 'ter', 'per'])

/** What a word may be without its first prefix: each prefix with the roots its recodings give back. */
function withoutPrefix(word: string): [Prefix, string][] {
  const out: [Prefix, string][] = []
  const starts = (p: string) => word.startsWith(p)
  const rest = (n: number) => word.slice(n)
  const isVowel = (c: string | undefined) => c !== undefined && vowel.test(c)
  for (const [nasal, plain, prefix] of [
    ['meng', 'me', 'meN'],
    ['peng', 'pe', 'peN'],
  ] as const) {
    const [mem, men, meny] = [`${plain}m`, `${plain}n`, `${plain}ny`]
    if (starts(nasal)) {
      const r = rest(4)
      if (isVowel(r[0])) out.push([prefix, r], [prefix, `k${r}`])
      else if (/^[ghk]/.test(r)) out.push([prefix, r])
      if (r.startsWith('e')) out.push([prefix, r.slice(1)]) // menge-: mengebom, mengecek
    } else if (starts(meny) && isVowel(word[4])) out.push([prefix, `s${rest(4)}`], [prefix, `ny${rest(4)}`])
    else if (starts(mem)) {
      const r = rest(3)
      if (/^[bfpv]/.test(r)) out.push([prefix, r])
      else if (isVowel(r[0])) out.push([prefix, `p${r}`], [prefix, `m${r}`])
    } else if (starts(men)) {
      const r = rest(3)
      if (/^[cdjstz]/.test(r)) out.push([prefix, r])
      else if (isVowel(r[0])) out.push([prefix, `t${r}`], [prefix, `n${r}`])
    }
    if (starts(plain) && /^[lrwy]/.test(word[2] ?? '')) out.push([plain === 'me' ? 'me' : 'pe', rest(2)])
  }
  if (starts('pel') && isVowel(word[3])) out.push(['pe', rest(3)]) // pelajar ← ajar
  // pe- before a consonant it does not nasalise: pekerja ← kerja, pejabat ← jabat, petani ← tani.
  if (starts('pe') && /^[bcdfghjkpstvz]/.test(rest(2)) && !starts('per')) out.push(['pe', rest(2)])
  for (const prefix of ['ber', 'ter', 'per'] as const) {
    if (starts(prefix)) out.push([prefix, rest(3)])
    // be-/te-/pe- before r (berenang ← renang) and be- before a syllable in -er (bekerja ← kerja).
    if (starts(prefix.slice(0, 2)) && (word[2] === 'r' || (prefix === 'ber' && /^[^aeiour]er/.test(rest(2))))) out.push([prefix, rest(2)])
  }
  for (const prefix of ['di', 'ke', 'se'] as const) if (starts(prefix)) out.push([prefix, rest(2)])
  return out
}

interface Candidate {
  root: string
  affixes: number
  prefixed: boolean
}

/** Every decomposition of a word, in the order the stemmer prefers them. */
function decompositions(word: string): Candidate[] {
  const out: Candidate[] = []
  const strip = (w: string, endings: string[]) =>
    endings.filter((e) => w.endsWith(e) && w.length > e.length).map((e) => w.slice(0, -e.length))
  const bases: Candidate[] = []
  for (const p of [...strip(word, particles), word]) {
    const affixed = p === word ? 0 : 1
    for (const q of strip(p, possessives)) bases.push({ root: q, affixes: affixed + 1, prefixed: false })
    bases.push({ root: p, affixes: affixed, prefixed: false })
  }
  for (const base of bases) {
    const suffixes: [Suffix, string][] = [
      ...(['kan', 'an', 'i'] as const).flatMap((s): [Suffix, string][] =>
        base.root.endsWith(s) ? [[s, base.root.slice(0, -s.length)]] : [],
      ),
      ['', base.root],
    ]
    for (const [suffix, stem] of suffixes) {
      const counted = base.affixes + (suffix === '' ? 0 : 1)
      if (suffix !== 'i') out.push({ root: stem, affixes: counted, prefixed: false })
      const walk = (w: string, layers: Prefix[]) => {
        if (layers.length === 3) return
        for (const [prefix, root] of withoutPrefix(w)) {
          if (layers.includes(prefix)) continue
          const chain = [...layers, prefix]
          const first = chain[0]!
          if (suffix !== '' && disallowed[first]?.includes(suffix)) continue
          if (suffix === 'i' && !takesI.has(first)) continue
          out.push({ root, affixes: counted + chain.length, prefixed: true })
          walk(root, chain)
        }
      }
      walk(stem, [])
    }
  }
  return out
}

/** Whether a string can be an Indonesian root without the dictionary saying so. */
const looksLikeRoot = (root: string) =>
  root.length >= 3 &&
  vowelCount(root) >= 2 &&
  /^(?:[aeiou]|(?:ng|ny|sy|kh|[b-df-hj-np-tv-z])[aeiou])/.test(root) &&
  !/[b-df-hj-np-tv-z]{2}$/.test(root.replace(/(ng|nk|rs|ks|kh)$/, 'x'))

/**
 * How much of a word a reading explains: more affixes first; among as many, one that removes a prefix (roots
 * seldom start like meN- or ber-, while many end like -an); then the order the readings came in.
 */
const weight = (c: Candidate) => c.affixes * 2 + (c.prefixed ? 1 : 0)

/** Stems already computed: the words of news text repeat, and stemming one tries dozens of decompositions. */
const stems = new Map<string, string>()
const cacheSize = 50_000

/** The root of one folded word; words with digits, short words and kept words are their own stem. */
export function stem(word: string): string {
  let root = stems.get(word)
  if (root === undefined) {
    if (stems.size >= cacheSize) stems.clear()
    stems.set(word, (root = rootOf(word)))
  }
  return root
}

function rootOf(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word) || keptWords.has(word) || knownRoots.has(word)) return word
  const candidates = decompositions(word)
  const known = candidates.find((c) => knownRoots.has(c.root) || keptWords.has(c.root))
  if (known) return known.root
  let best: Candidate = { root: word, affixes: 0, prefixed: false }
  for (const c of candidates) if (looksLikeRoot(c.root) && weight(c) > weight(best)) best = c
  return best.root
}
