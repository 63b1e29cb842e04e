import t from 'tap'
import { articleFixtures, buildApp, T0, type Ref } from '../article-fixtures.js'
import { assertProblem } from '../problem.js'

// What the API makes of what editors send: sanitised bodies, derived counts, tags named by name, and
// idempotent creates.

t.test('hostile HTML is stripped; ordinary structure, emphasis and https links survive', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const body = [
    '<h2>Kronologi</h2>',
    '<p>Presiden <strong>tiba</strong> di <em>Minsk</em>.<script>alert("xss")</script></p>',
    '<p><img src="https://img.kabar.example/x.jpg" onerror="alert(1)"><img src="data:image/png;base64,AAAA" alt="data"><img src="https://img.kabar.example/a.jpg" alt="Foto" onload="steal()"></p>',
    '<p onclick="steal()" style="color:red" class="x" id="y">Klik <a href="javascript:alert(1)">jahat</a> <a href=" JaVaScRiPt:alert(1)">jahat2</a> ' +
      '<a href="https://www.antaranews.com/berita" target="_blank" rel="opener" onmouseover="x()">ANTARA</a> <a href="//evil.example/x">rel</a> ' +
      '<a href="data:text/html,<script>x</script>">d</a></p>',
    '<iframe src="https://evil.example"></iframe><style>body{display:none}</style>',
    '<ul><li>satu</li><li>dua</li></ul><ol><li>tiga</li></ol><h3>Sub</h3><blockquote>Kutipan</blockquote>',
    '<svg onload="x()"><circle/></svg><object data="x.swf"></object><form action="https://evil.example"><input name="p"></form>',
    '<p>A&amp;B &lt;script&gt;</p>',
  ].join('\n')
  const rel = 'rel="noopener noreferrer nofollow"'
  const expected = [
    '<h2>Kronologi</h2>',
    '<p>Presiden <strong>tiba</strong> di <em>Minsk</em>.</p>',
    '<p><img src="https://img.kabar.example/x.jpg" /><img src="https://img.kabar.example/a.jpg" alt="Foto" /></p>',
    `<p>Klik <a ${rel}>jahat</a> <a ${rel}>jahat2</a> <a href="https://www.antaranews.com/berita" ${rel}>ANTARA</a> <a ${rel}>rel</a> <a ${rel}>d</a></p>`,
    '',
    '<ul><li>satu</li><li>dua</li></ul><ol><li>tiga</li></ol><h3>Sub</h3><blockquote>Kutipan</blockquote>',
    '',
    '<p>A&amp;B &lt;script&gt;</p>',
  ].join('\n')

  const created = await fx.draft({ body })
  t.equal(created.body, expected, 'POST stores the sanitised body')
  t.notMatch(
    created.body!,
    /<(script|style|iframe|svg|object|form|input)|\son\w+=|javascript:|data:|\s(class|id|style|target)=/i,
    'no trace of the hostile parts',
  )
  t.equal((await api.call({ method: 'GET', url: `/v1/articles/${created.id}`, as: 'write' })).json().body, expected, 'and GET returns it')

  const patched = await fx.patch(created.id, {
    body: '<p>Baru<script>x()</script> <a href="https://kabar.example" onclick="x()">tautan</a></p>',
  })
  t.equal(patched.json().body, `<p>Baru <a href="https://kabar.example" ${rel}>tautan</a></p>`, 'PATCH sanitises too')
})

t.test('wordCount and readingTimeMinutes are derived from the visible text', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const cases: Array<[string, number, number]> = [
    ['', 0, 0],
    ['<p>MINSK, Kabar – Presiden Belarusia menyambut tamunya.</p>', 6, 1],
    ['<p>Satu dua</p>\n<p>tiga <strong>empat</strong> lima</p>', 5, 1],
    ['<p>Harga naik 5% menjadi Rp1.000 — kata pejabat.</p>', 7, 1],
    ['<p>Kata<script>satu dua tiga</script> lain</p>', 2, 1],
    [`<p>${'kata '.repeat(200)}</p>`, 200, 1],
    [`<p>${'kata '.repeat(201)}</p>`, 201, 2],
    [`<p>${'kata '.repeat(1000)}</p>`, 1000, 5],
    [`<p>${'kata '.repeat(1001)}</p>`, 1001, 6],
  ]
  for (const [body, wordCount, readingTimeMinutes] of cases) {
    const article = await fx.draft({ title: `Hitung ${wordCount}`, body })
    t.same(
      { wordCount: article.wordCount, readingTimeMinutes: article.readingTimeMinutes },
      { wordCount, readingTimeMinutes },
      JSON.stringify(body.slice(0, 60)),
    )
  }
  const changed = await fx.patch(1, { body: '<p>Sekarang ada tiga.</p>' })
  t.match(changed.json(), { wordCount: 3, readingTimeMinutes: 1 }, 'a PATCH of the body recounts')
  const untouched = await fx.patch(1, { subtitle: 'Sub' })
  t.match(untouched.json(), { wordCount: 3, readingTimeMinutes: 1 }, 'a PATCH without body keeps the count')
})

t.test('wordCount counts words across block boundaries with no whitespace between the tags', async (t) => {
  // Editors' HTML usually has no newline between blocks: `<p>…</p><p>…</p>`.
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const cases: Array<[string, number]> = [
    ['<p>Satu dua</p><p>tiga empat</p>', 4],
    ['<ul><li>satu</li><li>dua</li></ul>', 2],
    ['satu<br>dua', 2],
    ['<h2>Judul</h2><p>isi berita</p>', 3],
  ]
  // Known bug, reported: src/lib/html.ts textOf strips tags with nothing in their place, so `</p><p>` glues two words.
  for (const [body, wordCount] of cases) t.equal((await fx.draft({ title: 'Tanpa spasi', body })).wordCount, wordCount, body)
})

t.test('tags are named by name: unknown names create tags, known ones are reused regardless of case', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const tagsNow = async () =>
    (await fx.expect({ method: 'GET', url: '/v1/tags?limit=100', as: 'write' }, 200))
      .json()
      .data.map((tag: Ref) => ({ id: tag.id, slug: tag.slug, name: tag.name }))
  await fx.expect({ method: 'POST', url: '/v1/tags', as: 'write', payload: { name: 'Putin' } }, 201)

  const first = await fx.draft({ tags: ['Rusia', 'Energi Nuklir', 'putin'] })
  const rusia = { id: 2, slug: 'rusia', name: 'Rusia' }
  const nuklir = { id: 3, slug: 'energi-nuklir', name: 'Energi Nuklir' }
  const putin = { id: 1, slug: 'putin', name: 'Putin' }
  t.same(first.tags, [rusia, nuklir, putin], 'in the order given; the existing tag reused with its own name')
  t.same(await tagsNow(), [putin, rusia, nuklir], 'unknown names created tags, visible at /v1/tags')

  const second = await fx.draft({ title: 'Kedua', tags: ['RUSIA', 'energi nuklir', ' Belarusia ', 'Putin'] })
  const belarusia = { id: 4, slug: 'belarusia', name: 'Belarusia' }
  t.same(second.tags, [rusia, nuklir, belarusia, putin])
  t.same(await tagsNow(), [putin, rusia, nuklir, belarusia], 'only the one unknown name created a tag')

  const patched = await fx.patch(second.id, { tags: ['Minsk', 'rusia'] })
  t.same(patched.json().tags, [{ id: 5, slug: 'minsk', name: 'Minsk' }, rusia], 'PATCH replaces the list, creating as needed')

  assertProblem(
    t,
    await api.call({ method: 'POST', url: '/v1/articles', as: 'write', payload: { title: 'Dobel', tags: ['Rusia', 'rusia'] } }),
    422,
    'unprocessable',
    { errors: [{ in: 'body', path: '/tags/1' }] },
  )
  assertProblem(
    t,
    await api.call({ method: 'POST', url: '/v1/articles', as: 'write', payload: { title: 'Dobel', tags: ['Rusia', 'Rusia'] } }),
    400,
    'validation_failed',
  )
  assertProblem(
    t,
    await api.call({ method: 'POST', url: '/v1/articles', as: 'write', payload: { title: 'Gagal', categoryId: 99, tags: ['Tag Yatim'] } }),
    422,
    'unprocessable',
  )
  t.same(
    (await tagsNow()).map((tag: Ref) => tag.name),
    ['Putin', 'Rusia', 'Energi Nuklir', 'Belarusia', 'Minsk'],
    'a refused article creates no tags',
  )
})

t.test('tag names are matched regardless of case and Unicode form beyond ASCII', async (t) => {
  // Indonesian news names foreign places and people: "São Paulo", "Café", "Ñusantara". Keyboards send either NFC or NFD.
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const first = await fx.draft({ tags: ['São Paulo', 'Café', 'Ñusantara'] })
  const second = await fx.draft({ title: 'Kedua', tags: ['SÃO PAULO', 'Cafe\u0301', 'ñusantara'] })
  t.same(second.tags, first.tags, 'the same three tags')
  t.equal((await api.call({ method: 'GET', url: '/v1/tags', as: 'write' })).json().data.length, 3, 'no look-alike tags were created')
})

t.test('Idempotency-Key: two concurrent retries create one article', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const results = await Promise.all(
    [1, 2].map(() =>
      api.call({
        method: 'POST',
        url: '/v1/articles',
        as: 'write',
        headers: { 'idempotency-key': 'serentak' },
        payload: { title: 'Serentak', tags: ['Baru'] },
      }),
    ),
  )
  t.same(
    results.map((res) => res.statusCode),
    [201, 201],
  )
  t.equal(results[0]!.body, results[1]!.body, 'the same body')
  t.same(await fx.ids('/v1/articles', 'write'), [1], 'one article')
})

t.test('Idempotency-Key on POST /v1/articles: a retry returns the same article and creates nothing', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const writer = await fx.writer()
  const payload = { title: 'Putin Tiba di Minsk', body: '<p>Isi.</p>', tags: ['Rusia'], bylines: [{ authorId: writer.id, role: 'writer' }] }
  const post = (key: string, body: Record<string, unknown> = payload, headers: Record<string, string> = {}) =>
    api.call({ method: 'POST', url: '/v1/articles', as: 'write', headers: { 'idempotency-key': key, ...headers }, payload: body })

  const first = await post('kirim-1')
  t.equal(first.statusCode, 201)
  t.match(first.json(), { id: 1, slug: 'putin-tiba-di-minsk', status: 'draft' })
  api.clock.now = T0 + 60_000
  const retry = await post('kirim-1')
  t.equal(retry.statusCode, 201, 'the same status')
  t.equal(retry.body, first.body, 'the same body, byte for byte')
  t.equal(retry.headers.location, '/v1/articles/1')
  t.equal(retry.headers.etag, first.headers.etag)
  t.same(await fx.ids('/v1/articles', 'write'), [1], 'nothing new was created')
  t.equal((await api.call({ method: 'GET', url: '/v1/tags', as: 'write' })).json().data.length, 1, 'nor any tag')

  assertProblem(t, await post('kirim-1', { ...payload, title: 'Judul Lain' }), 422, 'unprocessable')
  const other = await post('kirim-2')
  t.equal(other.statusCode, 201)
  t.match(other.json(), { id: 2, slug: 'putin-tiba-di-minsk-2' }, 'another key is another article')

  const key = await fx.expect({ method: 'POST', url: '/v1/keys', as: 'admin', payload: { name: 'meja lain', scope: 'write' } }, 201)
  const elsewhere = await post('kirim-1', payload, { authorization: `Bearer ${key.json().secret}` })
  t.match(elsewhere.json(), { id: 3 }, 'keys are scoped to the credential that sent them')
  t.same(await fx.ids('/v1/articles', 'write'), [3, 2, 1])
})
