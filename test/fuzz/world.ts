import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import type { TestApp } from '../helper.js'

/**
 * The rows one operation's fuzz run starts from, made through the API itself: public content to read, and hidden
 * content (a draft with captions and related links, a scheduled and an archived article) that must never reach an
 * anonymous or `read` caller. Every hidden thing carries the world's `marker` in its title, slug or text, and
 * nothing public does, so a leak shows up as the marker in a response.
 *
 * Each operation gets a world of its own in the one shared app (fresh rows, its own marker), so what an earlier
 * operation's writes did (publishing its draft, deleting its rows) cannot weaken or confuse a later run.
 */

export interface World {
  /** `zzfuzz<letters>hidden`: unique to this world, and no world's marker contains another's. */
  marker: string
  /** Ids of existing rows by the collection segment of their URL (`articles`, `captions`, `keys`…). */
  ids: Record<string, number[]>
  /** Slugs of existing rows by collection (`articles` includes old slugs that redirect). */
  slugs: Record<string, string[]>
  /** Every id above, for integer fields in bodies (`authorId`, `articleIds`…). */
  allIds: number[]
  /** What anonymous and `read` callers must never reach, by collection: ids and slugs (current and old). */
  hidden: Record<string, Array<number | string>>
  /** Rows no generated request may name by a random valid id: the callers' own API keys. */
  reserved: Record<string, number[]>
}

/** Letters for the n-th world: a, b, … z, ba, bb… */
const letters = (n: number): string => (n < 26 ? '' : letters(Math.floor(n / 26))) + String.fromCharCode(97 + (n % 26))

type Call = InjectOptions & { as?: 'read' | 'write' | 'admin' }

export async function seedWorld(api: TestApp, n: number): Promise<World> {
  const marker = `zzfuzz${letters(n)}hidden`
  const tag = letters(n)
  const expect = async (options: Call, status: number): Promise<LightMyRequestResponse> => {
    const res = await api.call(options)
    if (res.statusCode !== status)
      throw new Error(`fuzz seed: ${options.method} ${String(options.url)} answered ${res.statusCode}, expected ${status}: ${res.body}`)
    return res
  }
  const create = async (url: string, payload: Record<string, unknown>, as: Call['as'] = 'write') =>
    (await expect({ method: 'POST', url, as, payload }, 201)).json() as { id: number; slug?: string; [k: string]: unknown }
  const etag = async (url: string) => (await expect({ method: 'GET', url, as: 'write' }, 200)).headers.etag as string
  const withEtag = async (method: string, url: string, etagOf: string, payload: Record<string, unknown>, status = 200) =>
    (await expect({ method: method as 'POST', url, as: 'write', headers: { 'if-match': await etag(etagOf) }, payload }, status)).json() as {
      id: number
      slug: string
    }
  const act = (id: number, action: string, payload: Record<string, unknown> = {}) =>
    withEtag('POST', `/v1/articles/${id}/${action}`, `/v1/articles/${id}`, payload)

  const writer = await create('/v1/authors', { name: 'Anton Suhartono', email: 'anton@kabar.example', bio: 'Wartawan desk internasional' })
  const editor = await create('/v1/authors', { name: 'Rina Marlina' })
  const internasional = await create('/v1/categories', { name: 'Internasional', description: 'Berita luar negeri' })
  const minsk = await create('/v1/categories', { name: 'Eropa Timur', parentId: internasional.id })
  const bylines = [
    { authorId: writer.id, role: 'writer' },
    { authorId: editor.id, role: 'editor' },
  ]
  const article = (title: string, slug: string, extra: Record<string, unknown> = {}) =>
    create('/v1/articles', {
      title,
      slug,
      body: `<p>MINSK, Kabar – ${title}.</p>`,
      dateline: 'MINSK',
      source: 'Kabar',
      categoryId: internasional.id,
      tags: ['Rusia', 'Belarusia'],
      bylines,
      ...extra,
    })

  // Public: two published articles; the first changed its slug after publishing, so its old slug redirects.
  const lead = await article('Lukashenko Sambut Putin di Minsk', `lukashenko-sambut-putin-${tag}`)
  await act(lead.id, 'publish')
  const moved = await withEtag('PATCH', `/v1/articles/${lead.id}`, `/v1/articles/${lead.id}`, {
    slug: `lukashenko-sambut-putin-di-minsk-${tag}`,
  })
  const second = await article('Harga Gas Eropa Turun', `harga-gas-eropa-turun-${tag}`, { categoryId: minsk.id })
  await act(second.id, 'publish')
  const leadPhoto = await create(`/v1/articles/${lead.id}/captions`, {
    role: 'featured',
    imageUrl: 'https://img.kabar.example/minsk.jpg',
    text: 'Putin tiba di Minsk.',
    credit: 'Reuters',
  })

  // Hidden: a draft that was once published under another slug, with a caption and related links both ways.
  const draft = await article(`Rencana Redaksi ${marker.toUpperCase()} Jangan Terbit`, `${marker}-draf-lama`, {
    summary: `Ringkasan ${marker}`,
  })
  await act(draft.id, 'publish')
  await withEtag('PATCH', `/v1/articles/${draft.id}`, `/v1/articles/${draft.id}`, { slug: `${marker}-draf` })
  await act(draft.id, 'unpublish')
  const draftPhoto = await create(`/v1/articles/${draft.id}/captions`, {
    role: 'featured',
    imageUrl: `https://img.kabar.example/${marker}.jpg`,
    text: `Foto ${marker}`,
    credit: 'ANTARA',
  })
  const draftInline = await create(`/v1/articles/${draft.id}/captions`, {
    role: 'inline',
    imageUrl: 'https://img.kabar.example/inline.jpg',
    text: `Keterangan ${marker}`,
  })
  await withEtag('PUT', `/v1/articles/${draft.id}/related`, `/v1/articles/${draft.id}`, { articleIds: [lead.id, second.id] })
  await withEtag('PUT', `/v1/articles/${lead.id}/related`, `/v1/articles/${lead.id}`, { articleIds: [draft.id, second.id] })

  // Hidden too: a scheduled article (publishes tomorrow; the test clock never moves) and an archived one.
  const scheduled = await article(`Jadwal ${marker.toUpperCase()} Besok`, `${marker}-terjadwal`)
  await act(scheduled.id, 'publish', { at: new Date(api.clock.now + 86_400_000).toISOString() })
  const archived = await article(`Arsip ${marker.toUpperCase()} Lama`, `${marker}-arsip`)
  await act(archived.id, 'publish')
  await act(archived.id, 'archive')
  await withEtag('POST', `/v1/articles/${second.id}/related`, `/v1/articles/${second.id}`, { articleId: scheduled.id })

  // Keys the fuzzer may revoke: never the ones its callers use.
  const spareKeys = [
    await create('/v1/keys', { name: 'Mitra Regional', scope: 'read' }, 'admin'),
    await create('/v1/keys', { name: 'Desk Lama', scope: 'write' }, 'admin'),
  ]

  const tags = (
    (await expect({ method: 'GET', url: '/v1/tags', as: 'write' }, 200)).json() as { data: Array<{ id: number; slug: string }> }
  ).data
  const keys = (
    (await expect({ method: 'GET', url: '/v1/keys?limit=100', as: 'admin' }, 200)).json() as { data: Array<{ id: number; name: string }> }
  ).data
  const articles = [lead, second, draft, scheduled, archived]
  const ids: Record<string, number[]> = {
    authors: [writer.id, editor.id],
    categories: [internasional.id, minsk.id],
    tags: tags.map((t) => t.id),
    articles: articles.map((a) => a.id),
    related: articles.map((a) => a.id),
    captions: [leadPhoto.id, draftPhoto.id, draftInline.id],
    keys: spareKeys.map((k) => k.id),
  }
  return {
    marker,
    ids,
    slugs: {
      authors: [writer.slug!, editor.slug!],
      categories: [internasional.slug!, minsk.slug!],
      tags: tags.map((t) => t.slug),
      articles: [
        `lukashenko-sambut-putin-${tag}`,
        moved.slug,
        second.slug!,
        `${marker}-draf-lama`,
        `${marker}-draf`,
        `${marker}-terjadwal`,
        `${marker}-arsip`,
      ],
    },
    allIds: [...new Set(Object.values(ids).flat())].sort((a, b) => a - b),
    hidden: {
      articles: [draft.id, scheduled.id, archived.id, `${marker}-draf-lama`, `${marker}-draf`, `${marker}-terjadwal`, `${marker}-arsip`],
      captions: [draftPhoto.id, draftInline.id],
    },
    reserved: { keys: keys.filter((k) => k.name.startsWith('test ')).map((k) => k.id) },
  }
}
