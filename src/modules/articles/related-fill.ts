import type { Audience } from '../../domain/access.js'
import { stem, words } from '../../domain/indonesian.js'
import type { Store } from '../../store/index.js'
import type { Candidate } from '../../store/related.js'

/** Why an article was suggested: the tags it shares with the article (in that article's order), and its category. */
export interface SuggestionReason {
  sharedTags: number[]
  sameCategory: boolean
}

export interface Suggestion {
  id: number
  reason: SuggestionReason
}

export interface FillSource {
  title: string
  categoryId: number | null
  tagIds: number[]
}

/** Short function words every headline has: they make no two titles alike. */
const titleStopWords = new Set([
  'yang',
  'dan',
  'di',
  'ke',
  'dari',
  'untuk',
  'dengan',
  'pada',
  'dalam',
  'akan',
  'ini',
  'itu',
  'atau',
  'oleh',
])
const categoryWeight = 0.5
const titleWeight = 1

/** How much a tag carried by `count` public articles weighs: rarer tags weigh more. */
export const tagWeight = (count: number): number => 1 / Math.log2(2 + count)

function titleStems(title: string): Set<string> {
  return new Set(
    words(title)
      .filter((word) => !titleStopWords.has(word))
      .map(stem),
  )
}

/** Shared title stems over the geometric mean of both sizes (cosine of two sets): 0 to 1. */
function titleSimilarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0
  let shared = 0
  for (const s of b) if (a.has(s)) shared++
  return shared / Math.sqrt(a.size * b.size)
}

/**
 * Ranks candidates: the weight of the shared tags, plus a same-category bonus, plus title similarity, times a recency
 * factor falling from 1 (now) to 0.5 (`maxAgeMs` old). Ties: newer first, then higher id. The best `count`.
 */
export function rankSuggestions(
  source: FillSource,
  candidates: readonly Candidate[],
  weights: ReadonlyMap<number, number>,
  { now, maxAgeMs, count }: { now: number; maxAgeMs: number; count: number },
): Suggestion[] {
  const stems = titleStems(source.title)
  const scored = candidates.map((candidate) => {
    const theirs = new Set(candidate.tagIds)
    const sharedTags = source.tagIds.filter((id) => theirs.has(id))
    const sameCategory = source.categoryId !== null && candidate.categoryId === source.categoryId
    const relevance =
      sharedTags.reduce((sum, id) => sum + (weights.get(id) ?? 0), 0) +
      (sameCategory ? categoryWeight : 0) +
      titleWeight * titleSimilarity(stems, titleStems(candidate.title))
    const age = Math.min(1, Math.max(0, now - candidate.publishedAt) / maxAgeMs)
    return { candidate, score: relevance * (1 - 0.5 * age), reason: { sharedTags, sameCategory } }
  })
  return scored
    .filter((s) => s.score > 0)
    .sort((x, y) => y.score - x.score || y.candidate.publishedAt - x.candidate.publishedAt || y.candidate.id - x.candidate.id)
    .slice(0, count)
    .map((s) => ({ id: s.candidate.id, reason: s.reason }))
}

/** How many articles each signal adds to the pool that suggestions are ranked from. */
const poolSize = 100

/**
 * The best `count` suggestions for an article, and until when they stay right by the clock alone (the first
 * candidate growing too old). Anything else that could change them is a change to a public article.
 */
export async function suggestRelated(
  related: Pick<Store['related'], 'tagFrequencies' | 'candidates'>,
  {
    source,
    audience,
    now,
    maxAgeMs,
    count,
    exclude,
  }: { source: FillSource; audience: Audience; now: number; maxAgeMs: number; count: number; exclude: number[] },
): Promise<{ suggestions: Suggestion[]; validUntil: number }> {
  const frequencies = await related.tagFrequencies(source.tagIds, now)
  const weights = new Map(source.tagIds.map((id) => [id, tagWeight(frequencies.get(id) ?? 0)]))
  const candidates = await related.candidates({
    audience,
    now,
    since: now - maxAgeMs,
    tagWeights: weights,
    categoryId: source.categoryId,
    exclude,
    poolSize,
  })
  return {
    suggestions: rankSuggestions(source, candidates, weights, { now, maxAgeMs, count }),
    validUntil: Math.min(Infinity, ...candidates.map((c) => c.publishedAt + maxAgeMs)),
  }
}
