import t from 'tap'
import { articleFixtures, buildApp } from '../article-fixtures.js'
import { assertProblem } from '../problem.js'

// Input a hostile or careless client sends: control characters, broken Unicode, invisible titles, odd URLs,
// bodies shaped to stall the sanitiser. Each is refused with a problem naming the field, or cleaned.

t.test('text refuses control characters and lone surrogates; titles need a visible character', async (t) => {
  const api = await buildApp(t)
  const post = (payload: unknown) =>
    api.call({ method: 'POST', url: '/v1/articles', as: 'write', payload: payload as Record<string, unknown> })
  const raw = (json: string) =>
    api.call({ method: 'POST', url: '/v1/articles', as: 'write', headers: { 'content-type': 'application/json' }, payload: json })
  for (const [what, res, path] of [
    ['NUL in a title', await post({ title: 'Judul\u0000' }), '/title'],
    ['a bell in a dateline', await post({ title: 'Judul', dateline: 'MINSK\u0007' }), '/dateline'],
    ['a newline in a title', await post({ title: 'Judul\nKedua' }), '/title'],
    ['a lone surrogate', await raw('{"title":"Judul \\ud800 rusak"}'), '/title'],
    ['a lone low surrogate in the summary', await raw('{"title":"Judul","summary":"\\udc00"}'), '/summary'],
    ['only spaces', await post({ title: '   ' }), '/title'],
    ['only an invisible format character', await post({ title: '\u200b' }), '/title'],
  ] as const) {
    assertProblem(t, res, 400, 'validation_failed', { errors: [{ in: 'body', path }] })
    t.comment(what)
  }
  const multiline = await post({ title: 'Judul 🇮🇩', summary: 'Baris satu\nBaris dua\tdengan tab', body: '<p>Isi\r\nberita</p>' })
  t.equal(multiline.statusCode, 201, 'newlines and tabs where text is multi-line, and astral characters, are fine')
})

t.test('URLs: any case of the scheme, a host required; relative links and images leave bodies', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const ok = await fx.draft({ canonicalUrl: 'HTTPS://www.kabar.example/berita/1' })
  t.equal(ok.canonicalUrl, 'HTTPS://www.kabar.example/berita/1')
  for (const canonicalUrl of ['https://', 'http:///path', 'https:/www.kabar.example']) {
    assertProblem(
      t,
      await api.call({ method: 'POST', url: '/v1/articles', as: 'write', payload: { title: 'Judul', canonicalUrl } }),
      400,
      'validation_failed',
    )
  }
  const body =
    '<p><a href="/internal">dalam</a> <a href="https://x.example/a">luar</a> <a href="mailto:desk@kabar.example">surel</a>' +
    ' <img src="/foto.jpg" alt="relatif"><img src="https://img.kabar.example/a.jpg" alt="mutlak"></p>'
  const draft = await fx.draft({ body })
  t.equal(
    draft.body,
    '<p><a rel="noopener noreferrer nofollow">dalam</a> <a href="https://x.example/a" rel="noopener noreferrer nofollow">luar</a> <a href="mailto:desk@kabar.example" rel="noopener noreferrer nofollow">surel</a> <img src="https://img.kabar.example/a.jpg" alt="mutlak" /></p>',
  )
})

t.test('pathological bodies are refused before the sanitiser, and a body that grows past the limit is a 422', async (t) => {
  const api = await buildApp(t)
  const shapes = {
    'deep nesting': '<b><i>'.repeat(14_000) + 'x' + '</i></b>'.repeat(10_000),
    'thousands of unclosed inline tags': '<strong>kata '.repeat(14_000),
    'thousands of unclosed lists': '<ul><li>'.repeat(20_000),
  }
  for (const [shape, body] of Object.entries(shapes)) {
    const res = await api.call({ method: 'POST', url: '/v1/articles', as: 'write', payload: { title: shape, body } })
    assertProblem(t, res, 422, 'unprocessable', { errors: [{ in: 'body', path: '/body', message: 'nests deeper than 64 elements' }] })
  }
  // Sanitising escapes `<` in text and closes tags: 199,000 characters in become more than 200,000 stored.
  const growing = await api.call({
    method: 'POST',
    url: '/v1/articles',
    as: 'write',
    payload: { title: 'Tumbuh', body: '<p>' + '1 < 2 '.repeat(33_000) + '</p>' },
  })
  assertProblem(t, growing, 422, 'unprocessable', {
    errors: [{ path: '/body', message: 'is longer than 200000 characters once sanitised' }],
  })

  const flood = await api.call({
    method: 'POST',
    url: '/v1/articles',
    as: 'write',
    payload: { title: 'Entitas', body: `<p>${'&amp;'.repeat(39_000)} kata</p>` },
  })
  t.equal(flood.statusCode, 201, 'an entity flood within the limit is stored')
  t.equal(flood.json().wordCount, 1, 'and counted in one linear pass (entities are not words)')
  const paragraphs = await api.call({
    method: 'POST',
    url: '/v1/articles',
    as: 'write',
    payload: { title: 'Paragraf', body: '<p>satu <p>dua '.repeat(200) },
  })
  t.equal(paragraphs.statusCode, 201, 'unclosed paragraphs close each other, as in HTML: no false depth')
  t.equal(paragraphs.json().wordCount, 400)
})

t.test('DELETE and workflow actions accept application/json with an empty body', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const draft = await fx.draft()
  const json = { 'content-type': 'application/json' }
  const published = await api.call({
    method: 'POST',
    url: `/v1/articles/${draft.id}/publish`,
    as: 'write',
    headers: { ...json, 'if-match': await fx.etag(draft.id) },
    payload: '',
  })
  t.equal(published.statusCode, 200)
  const removed = await api.call({
    method: 'DELETE',
    url: `/v1/articles/${draft.id}`,
    as: 'write',
    headers: { ...json, 'if-match': await fx.etag(draft.id) },
    payload: '',
  })
  t.equal(removed.statusCode, 204)
  assertProblem(
    t,
    await api.call({ method: 'POST', url: '/v1/articles', as: 'write', headers: json, payload: '' }),
    400,
    'validation_failed',
  )
})

t.test('closing tags that match nothing do not make the depth check slow; a leap second is a 400, not a 500', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const unmatched = '<b>'.repeat(33_000) + '</q>'.repeat(25_000)
  const refused = await api.call({
    method: 'POST',
    url: '/v1/articles',
    as: 'write',
    payload: { title: 'Tanpa Pasangan', body: unmatched },
  })
  assertProblem(t, refused, 422, 'unprocessable', { errors: [{ path: '/body', message: 'nests deeper than 64 elements' }] })

  const leap = '2016-12-31T23:59:60Z'
  for (const param of ['publishedAfter', 'publishedBefore', 'updatedSince']) {
    assertProblem(t, await api.call({ method: 'GET', url: `/v1/articles?${param}=${leap}` }), 400, 'validation_failed')
  }
  const draft = await fx.draft()
  const publish = await api.call({
    method: 'POST',
    url: `/v1/articles/${draft.id}/publish`,
    as: 'write',
    headers: { 'if-match': await fx.etag(draft.id) },
    payload: { at: leap },
  })
  assertProblem(t, publish, 400, 'validation_failed', { errors: [{ in: 'body', path: '/at' }] })
  t.equal((await fx.publish(draft.id)).status, 'published', 'the article is untouched and publishes normally')
})
