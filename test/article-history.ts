import fc from 'fast-check'
import type { ArticleFixtures, AuthorRef, Ref } from './article-fixtures.js'
import type { TestApp } from './helper.js'

/**
 * Random editorial histories for property tests: creates, edits, publications, schedules, unpublications,
 * archives, deletions, category moves, tag changes and renames, and the clock moving on — each step through the
 * API, as editors make them. A test adds its own kinds of step beside these (`ArticleStep` and `articleSteps`).
 */
export type ArticleStep =
  | { kind: 'create'; category: number; tags: number[]; author: number }
  | { kind: 'publish' | 'unpublish' | 'archive' | 'delete' | 'edit'; pick: number }
  | { kind: 'schedule'; pick: number; minutes: number }
  | { kind: 'move'; pick: number; category: number }
  | { kind: 'retag'; pick: number; tags: number[] }
  | { kind: 'renameTag'; tag: number }
  | { kind: 'wait'; minutes: number; jobs: boolean }

export const tagPool = ['Ekonomi', 'Pemilu', 'Bola', 'Banjir']
/** Which article a step acts on: an index into the articles created so far (wrapping). */
export const pick = fc.nat({ max: 20 })
const tagSet = fc.uniqueArray(fc.nat({ max: tagPool.length - 1 }), { maxLength: 2 })

/** The article steps with their weights; `jobs` says whether a wait also runs the background jobs. */
export const articleSteps = ({ publish = 3, jobs = fc.constant(true) }: { publish?: number; jobs?: fc.Arbitrary<boolean> } = {}) => [
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('create' as const), category: fc.nat({ max: 2 }), tags: tagSet, author: fc.nat({ max: 1 }) }),
  },
  { weight: publish, arbitrary: fc.record({ kind: fc.constant('publish' as const), pick }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constantFrom('unpublish' as const, 'archive' as const, 'delete' as const, 'edit' as const), pick }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('schedule' as const), pick, minutes: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), pick, category: fc.nat({ max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retag' as const), pick, tags: tagSet }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('renameTag' as const), tag: fc.nat({ max: tagPool.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 20 }), jobs }) },
]

/** A newsroom of three categories and two writers, and the articles a history has created in it. */
export async function newsroom(api: TestApp, fx: ArticleFixtures) {
  const categories: Ref[] = [await fx.category('Nasional'), await fx.category('Olahraga'), await fx.category('Daerah')]
  const authors: AuthorRef[] = [await fx.author('Anton Suhartono'), await fx.author('Dewi Lestari')]
  const ids: number[] = []
  const deleted = new Set<number>()
  const tagsOf = (tags: number[]) => tags.map((i) => tagPool[i]!)

  return {
    categories,
    authors,
    /** Every article created, deleted ones included. */
    ids,
    /** The live article a step's `pick` names, if any. */
    chosen(n: number): number | undefined {
      const id = ids[n % Math.max(ids.length, 1)]
      return id === undefined || deleted.has(id) ? undefined : id
    },
    /** The tag of the pool's `n`th name (under any rename), if an article has created it. */
    async tagNamed(n: number): Promise<{ id: number; name: string } | undefined> {
      const list = await api.call({ method: 'GET', url: '/v1/tags?limit=100', as: 'write' })
      return (list.json() as { data: { id: number; name: string }[] }).data.find((x) => x.name.startsWith(tagPool[n]!))
    },
    /**
     * Takes one step through the API. A step the article's state refuses (publishing a published one, editing a
     * deleted one) changes nothing; `n` is the step's place in the history.
     */
    async apply(s: ArticleStep, n: number): Promise<void> {
      if (s.kind === 'create') {
        const bylines = [{ authorId: authors[s.author]!.id, role: 'writer' }]
        ids.push((await fx.draft({ categoryId: categories[s.category]!.id, tags: tagsOf(s.tags), bylines })).id)
        return
      }
      if (s.kind === 'wait') {
        api.clock.now += s.minutes * 60_000
        // Without the jobs, a scheduled article whose time came is public by the clock alone.
        if (s.jobs) await api.app.runJobs()
        return
      }
      if (s.kind === 'renameTag') {
        const tag = await this.tagNamed(s.tag)
        if (tag) await fx.rename('tags', tag.id, { name: `${tag.name}+` })
        return
      }
      const id = this.chosen(s.pick)
      if (id === undefined) return
      if (s.kind === 'publish') await fx.act(id, 'publish')
      else if (s.kind === 'schedule') await fx.act(id, 'publish', { at: new Date(api.clock.now + s.minutes * 60_000).toISOString() })
      else if (s.kind === 'unpublish' || s.kind === 'archive') await fx.act(id, s.kind)
      else if (s.kind === 'edit') await fx.patch(id, { title: `Judul ${n}`, body: `<p>Isi ${n} &amp; <b>lagi</b></p>` })
      else if (s.kind === 'move') await fx.patch(id, { categoryId: categories[s.category]!.id })
      else if (s.kind === 'retag') await fx.patch(id, { tags: tagsOf(s.tags) })
      else {
        await fx.expect({ method: 'DELETE', url: `/v1/articles/${id}`, as: 'write', headers: { 'if-match': await fx.etag(id) } }, 204)
        deleted.add(id)
      }
    },
  }
}
