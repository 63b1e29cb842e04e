import { readdirSync, readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import {
  type ParsedFeed,
  jsonFeedErrors,
  newsArticleJsonLdErrors,
  newsSitemapErrors,
  ninjsErrors,
  parseFeed,
  sitemapIndexErrors,
  urlsetErrors,
} from './fixtures/formats.js'

// The format validators other tests trust, proven here: each accepts a valid document and names what is wrong
// with each broken one.

const suite = (kind: 'should_pass' | 'should_fail') => {
  const dir = new URL(`./fixtures/standards/ninjs/test_suite/${kind}/`, import.meta.url)
  return readdirSync(dir).map((name) => ({ name, doc: JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as unknown }))
}

t.test('ninjs: every IPTC should_pass fixture passes, every should_fail fixture fails', async (t) => {
  const pass = suite('should_pass')
  const fail = suite('should_fail')
  t.ok(pass.length > 0 && fail.length > 0, `${pass.length} passing and ${fail.length} failing fixtures`)
  for (const { name, doc } of pass) t.same(ninjsErrors(doc), [], name)
  for (const { name, doc } of fail) t.not(ninjsErrors(doc).length, 0, name)
  t.same(ninjsErrors({ uri: 'urn:x', headlines: [{ value: 'Banjir surut', role: 'main' }] }), [])
  t.same(ninjsErrors({}), ["(document) must have required property 'uri'"])
  t.same(ninjsErrors({ uri: 'urn:x', digitalSourceType: 'bad' }), ['/digitalSourceType must be object'])
  t.same(ninjsErrors({ uri: 'urn:x', headlines: [{ value: 1 }] }), ['/headlines/0/value must be string'])
  t.same(ninjsErrors({ uri: 'urn:x', headline: 'Banjir' }), ['(document) must NOT have unevaluated properties: headline'])
})

t.test('ninjs: a place’s geoJSON is checked by the local GeoJSON stand-in', async (t) => {
  const place = (geoJSON: unknown) => ({ uri: 'urn:x', places: [{ name: 'Jakarta', geoJSON }] })
  t.same(ninjsErrors(place({ type: 'Point', coordinates: [106.8, -6.2] })), [])
  t.same(ninjsErrors(place({ coordinates: [106.8, -6.2] })), ["/places/0/geoJSON must have required property 'type'"])
})

t.test('JSON Feed 1.1: a minimal feed passes, broken ones fail', async (t) => {
  const feed = { version: 'https://jsonfeed.org/version/1.1', title: 'Kabar', items: [{ id: '1', content_text: 'Isi' }] }
  t.same(jsonFeedErrors(feed), [])
  const { version: _version, ...unversioned } = feed
  t.same(jsonFeedErrors(unversioned), ["(document) must have required property 'version'"])
  t.same(jsonFeedErrors({ ...feed, version: 'https://jsonfeed.org/version/2' }), [
    '/version must be equal to one of the allowed values: https://jsonfeed.org/version/1, https://jsonfeed.org/version/1.1',
  ])
  t.same(jsonFeedErrors({ ...feed, items: {} }), ['/items must be array'])
  t.same(jsonFeedErrors({ ...feed, items: [{ content_text: 'Isi' }] }), ["/items/0 must have required property 'id'"])
})

type Case = [what: string, xml: string, errors: string[]]

/** Checks the documents together (the XML checks asked for at once share one xmllint run) and compares each. */
async function expectErrors(t: Test, check: (xml: string) => Promise<string[]>, cases: Case[]) {
  const results = await Promise.all(cases.map(([, xml]) => check(xml)))
  cases.forEach(([what, , errors], i) => t.same(results[i], errors, what))
}

const sm = '{http://www.sitemaps.org/schemas/sitemap/0.9}'
const invalid = (element: string, problem: string) => `Schemas validity error : Element '${element}': ${problem}`
const urlset = (body: string, namespaces = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"${namespaces}>\n${body}\n</urlset>\n`
const url = (loc: string, rest = '') => `<url><loc>${loc}</loc>${rest}</url>`

t.test('urlset: a small valid urlset passes, broken ones fail', (t) =>
  expectErrors(t, urlsetErrors, [
    ['valid', urlset(url('https://kabar.example/a', '<lastmod>2026-12-02T10:15:00+07:00</lastmod><priority>0.5</priority>')), []],
    [
      'no <loc>',
      urlset('<url><lastmod>2026-12-02</lastmod></url>'),
      [invalid(`${sm}lastmod`, `This element is not expected. Expected is ( ${sm}loc ).`)],
    ],
    [
      'a bad <lastmod>',
      urlset(url('https://kabar.example/a', '<lastmod>yesterday</lastmod>')),
      [invalid(`${sm}lastmod`, `'yesterday' is not a valid value of the union type '${sm}tLastmod'.`)],
    ],
    [
      'the wrong root',
      `<urls xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${url('https://kabar.example/a')}</urls>`,
      [invalid(`${sm}urls`, 'No matching global declaration available for the validation root.')],
    ],
    ['a relative <loc>', urlset(url('/berita/satu-dua-tiga')), ['<loc> "/berita/satu-dua-tiga" is not an absolute http(s) URL']],
    [
      'an unknown extension',
      urlset(url('https://kabar.example/a', '<video:video xmlns:video="urn:video"/>')),
      [invalid('{urn:video}video', 'No matching global element declaration available, but demanded by the strict wildcard.')],
    ],
    [
      'not well-formed',
      urlset('<url><loc>https://kabar.example/a</loc><lastmod>2026-12-02</url>'),
      [
        'line 3: parser error : Opening and ending tag mismatch: lastmod line 3 and url',
        'line 4: parser error : Opening and ending tag mismatch: url line 3 and urlset',
      ],
    ],
    [
      'an undeclared prefix',
      urlset(url('https://kabar.example/a', '<news:news/>')),
      ['line 3: namespace error : Namespace prefix news on news is not defined'],
    ],
    ['not XML', 'Banjir surut', ["line 1: parser error : Start tag expected, '<' not found"]],
  ]),
)

const newsNamespaces =
  ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"'
const now = Date.parse('2026-12-02T12:00:00+07:00')
interface NewsParts {
  loc?: string
  name?: string | null
  language?: string | null
  date?: string | null
  title?: string | null
}
/** A news sitemap <url> with an image, each News part replaceable, or left out when null. */
function newsUrl({
  loc = 'https://kabar.example/berita/1',
  name = 'Kabar',
  language = 'id',
  date = '2026-12-02T10:15:00+07:00',
  title = 'Banjir surut',
}: NewsParts = {}) {
  const part = (tag: string, value: string | null) => (value === null ? '' : `<news:${tag}>${value}</news:${tag}>`)
  const publication = `<news:publication>${part('name', name)}${part('language', language)}</news:publication>`
  const image = '<image:image><image:loc>https://kabar.example/i.jpg</image:loc></image:image>'
  return url(loc, `<news:news>${publication}${part('publication_date', date)}${part('title', title)}</news:news>${image}`)
}
const newsSitemap = (...urls: string[]) => urlset(urls.join('\n'), newsNamespaces)
const newsErrors = (xml: string) => newsSitemapErrors(xml, { now })

t.test('news sitemap: a valid one passes the urlset XSD (extensions removed) and the Google News rules', async (t) => {
  const valid = newsSitemap(newsUrl(), newsUrl({ loc: 'https://kabar.example/berita/2', language: 'zh-cn', date: '2026-12-02T03:00:00Z' }))
  const [asUrlset, asNews, twoDaysOld] = await Promise.all([
    urlsetErrors(valid),
    newsErrors(valid),
    newsErrors(newsSitemap(newsUrl({ date: '2026-11-30T12:00:00+07:00' }))),
  ])
  t.same(asUrlset, [])
  t.same(asNews, [])
  t.same(twoDaysOld, [], 'published exactly two days before now')
})

t.test('news sitemap: each Google News rule has a failing case', async (t) => {
  const notW3c = (date: string) => `<news:publication_date> "${date}" is not a W3C datetime with a time and a time zone`
  const rules: [string, NewsParts, string][] = [
    ['stale', { date: '2026-11-30T11:59:59+07:00' }, '<news:publication_date> 2026-11-30T11:59:59+07:00 is more than two days before now'],
    ['in the future', { date: '2026-12-02T12:00:01+07:00' }, '<news:publication_date> 2026-12-02T12:00:01+07:00 is after now'],
    ['without a time zone', { date: '2026-12-02T10:15:00' }, notW3c('2026-12-02T10:15:00')],
    ['a date only', { date: '2026-12-02' }, notW3c('2026-12-02')],
    ['an impossible date', { date: '2026-02-30T10:15:00+07:00' }, notW3c('2026-02-30T10:15:00+07:00')],
    ['no date', { date: null }, 'missing <news:publication_date>'],
    ['no name', { name: null }, 'missing <news:name>'],
    ['an empty name', { name: ' ' }, '<news:name> is empty'],
    ['no language', { language: null }, 'missing <news:language>'],
    ['a language name', { language: 'Indonesian' }, '<news:language> "Indonesian" is not an ISO 639 code (or zh-cn, zh-tw)'],
    ['no title', { title: null }, 'missing <news:title>'],
    ['an empty title', { title: '' }, '<news:title> is empty'],
  ]
  const loc1 = 'url 1 (https://kabar.example/berita/1)'
  await expectErrors(t, newsErrors, [
    ...rules.map(([what, parts, error]): Case => [what, newsSitemap(newsUrl(parts)), [`${loc1}: ${error}`]]),
    [
      'two <news:news>',
      newsSitemap(newsUrl().replace('</url>', '<news:news><news:title>Lagi</news:title></news:news></url>')),
      [`${loc1}: 2 <news:news> elements, expected one`],
    ],
    [
      'another namespace',
      newsSitemap(newsUrl()).replace('sitemap-news/0.9', 'sitemap-news/0.8'),
      [
        invalid(
          '{http://www.google.com/schemas/sitemap-news/0.8}news',
          'No matching global element declaration available, but demanded by the strict wildcard.',
        ),
        `${loc1}: <news> in namespace http://www.google.com/schemas/sitemap-news/0.8, expected http://www.google.com/schemas/sitemap-news/0.9`,
        `${loc1}: missing <news:news>`,
      ],
    ],
    [
      'a relative <loc>',
      newsSitemap(newsUrl({ loc: 'ftp://kabar.example/1' })),
      ['<loc> "ftp://kabar.example/1" is not an absolute http(s) URL'],
    ],
  ])
})

t.test('news sitemap: at most 1,000 URLs', (t) => {
  const urls = (n: number) => Array.from({ length: n }, (_, i) => newsUrl({ loc: `https://kabar.example/berita/${i + 1}` }))
  return expectErrors(t, newsErrors, [
    ['1,000', newsSitemap(...urls(1000)), []],
    ['1,001', newsSitemap(...urls(1001)), ['1001 <url> elements, a news sitemap holds at most 1000']],
  ])
})

const index = (body: string, root = 'sitemapindex') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</${root}>\n`
const sitemap = (loc: string, rest = '') => `<sitemap><loc>${loc}</loc>${rest}</sitemap>`

t.test('sitemap index: a valid index passes, broken ones fail', (t) =>
  expectErrors(t, sitemapIndexErrors, [
    [
      'valid',
      index(
        `${sitemap('https://kabar.example/sitemaps/2026-12.xml', '<lastmod>2026-12-02T10:15:00+07:00</lastmod>')}\n${sitemap('https://kabar.example/sitemaps/2026-11.xml')}`,
      ),
      [],
    ],
    [
      'no <loc>',
      index('<sitemap><lastmod>2026-12-02</lastmod></sitemap>'),
      [`line 3: ${invalid(`${sm}sitemap`, `Missing child element(s). Expected is ( ${sm}loc ).`)}`],
    ],
    [
      'a bad <lastmod>',
      index(sitemap('https://kabar.example/sitemaps/2026-12.xml', '<lastmod>kemarin</lastmod>')),
      [`line 3: ${invalid(`${sm}lastmod`, `'kemarin' is not a valid value of the union type '${sm}tLastmod'.`)}`],
    ],
    ['a urlset', index(url('https://kabar.example/berita/1'), 'urlset'), [`the root is ${sm}urlset, not ${sm}sitemapindex`]],
    [
      'an unknown root',
      index(sitemap('https://kabar.example/sitemaps/2026-12.xml'), 'sitemaps'),
      [
        `the root is ${sm}sitemaps, not ${sm}sitemapindex`,
        `line 2: ${invalid(`${sm}sitemaps`, 'No matching global declaration available for the validation root.')}`,
      ],
    ],
    ['a relative <loc>', index(sitemap('/sitemaps/2026-12.xml')), ['<loc> "/sitemaps/2026-12.xml" is not an absolute http(s) URL']],
    [
      'not well-formed',
      index('<sitemap><loc>https://kabar.example/s.xml</sitemap>'),
      [
        'line 3: parser error : Opening and ending tag mismatch: loc line 3 and sitemap',
        'line 4: parser error : Opening and ending tag mismatch: sitemap line 3 and sitemapindex',
      ],
    ],
  ]),
)

const rss = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Kabar</title>
    <link>https://kabar.example/</link>
    <description>Berita terkini</description>
    <language>id</language>
    <atom:link href="https://api.kabar.example/feeds/rss.xml" rel="self" type="application/rss+xml"/>
    <item>
      <title>Banjir surut di Jakarta</title>
      <link>https://kabar.example/berita/banjir-surut</link>
      <guid isPermaLink="false">urn:kabar:article:1</guid>
      <pubDate>Wed, 02 Dec 2026 10:15:00 +0700</pubDate>
      <dc:creator>Sari Dewi</dc:creator>
      <dc:creator>Budi Santoso</dc:creator>
      <category>Nasional</category>
      <category>Cuaca</category>
      <description>Air mulai surut &amp; warga kembali.</description>
      <content:encoded><![CDATA[<p>Air mulai surut &amp; warga kembali.</p>]]></content:encoded>
      <media:content url="https://cdn.kabar.example/banjir.jpg" medium="image" type="image/jpeg" width="1200" height="800">
        <media:description type="plain">Warga membersihkan rumah</media:description>
        <media:credit role="photographer">Andi Wijaya</media:credit>
      </media:content>
    </item>
    <item>
      <title>Harga cabai naik</title>
      <link>https://kabar.example/berita/harga-cabai</link>
      <guid isPermaLink="false">urn:kabar:article:2</guid>
      <pubDate>Tue, 01 Dec 2026 08:00:00 +0700</pubDate>
      <description>Pedagang mengeluh.</description>
      <enclosure url="https://cdn.kabar.example/cabai.png" type="image/png" length="2048"/>
    </item>
  </channel>
</rss>
`
const atom = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="id">
  <id>https://api.kabar.example/feeds/atom.xml</id>
  <title>Kabar</title>
  <updated>2026-12-02T10:30:00+07:00</updated>
  <link rel="alternate" type="text/html" href="https://kabar.example/"/>
  <link rel="self" type="application/atom+xml" href="https://api.kabar.example/feeds/atom.xml"/>
  <author><name>Kabar</name></author>
  <entry>
    <id>urn:kabar:article:1</id>
    <title type="text">Banjir surut di Jakarta</title>
    <link rel="alternate" type="text/html" href="https://kabar.example/berita/banjir-surut"/>
    <published>2026-12-02T10:15:00+07:00</published>
    <updated>2026-12-02T10:30:00+07:00</updated>
    <author><name>Sari Dewi</name><uri>https://kabar.example/penulis/sari-dewi</uri></author>
    <category term="nasional" label="Nasional"/>
    <summary type="text">Air mulai surut &amp; warga kembali.</summary>
    <content type="html">&lt;p&gt;Air mulai surut &amp;amp; warga kembali.&lt;/p&gt;</content>
    <media:content url="https://cdn.kabar.example/banjir.jpg" medium="image" type="image/jpeg">
      <media:description type="plain">Warga membersihkan rumah</media:description>
      <media:credit role="photographer">Andi Wijaya</media:credit>
    </media:content>
  </entry>
  <entry>
    <id>urn:kabar:article:2</id>
    <title type="text">Harga cabai naik</title>
    <link rel="alternate" type="text/html" href="https://kabar.example/berita/harga-cabai"/>
    <link rel="enclosure" type="image/png" href="https://cdn.kabar.example/cabai.png" length="2048"/>
    <updated>2026-12-01T08:00:00+07:00</updated>
    <summary type="text">Pedagang mengeluh.</summary>
  </entry>
</feed>
`

t.test('parseFeed reads an RSS 2.0 feed with dc:creator and Media RSS back', async (t) => {
  t.same(parseFeed(rss), {
    title: 'Kabar',
    url: 'https://kabar.example/',
    language: 'id',
    items: [
      {
        id: 'urn:kabar:article:1',
        title: 'Banjir surut di Jakarta',
        link: 'https://kabar.example/berita/banjir-surut',
        published: '2026-12-02T03:15:00.000Z',
        updated: '2026-12-02T03:15:00.000Z',
        authors: ['Sari Dewi', 'Budi Santoso'],
        categories: ['Nasional', 'Cuaca'],
        image: 'https://cdn.kabar.example/banjir.jpg',
        imageCaption: 'Warga membersihkan rumah',
        imageCredit: 'Andi Wijaya',
        content: '<p>Air mulai surut & warga kembali.</p>',
        description: 'Air mulai surut & warga kembali.',
      },
      {
        id: 'urn:kabar:article:2',
        title: 'Harga cabai naik',
        link: 'https://kabar.example/berita/harga-cabai',
        published: '2026-12-01T01:00:00.000Z',
        updated: '2026-12-01T01:00:00.000Z',
        authors: [],
        categories: [],
        image: 'https://cdn.kabar.example/cabai.png',
        imageCaption: null,
        imageCredit: null,
        content: null,
        description: 'Pedagang mengeluh.',
      },
    ],
  } satisfies ParsedFeed)
})

t.test('parseFeed reads an Atom 1.0 feed back', async (t) => {
  t.same(parseFeed(atom), {
    title: 'Kabar',
    url: 'https://kabar.example/',
    language: 'id',
    items: [
      {
        id: 'urn:kabar:article:1',
        title: 'Banjir surut di Jakarta',
        link: 'https://kabar.example/berita/banjir-surut',
        published: '2026-12-02T03:15:00.000Z',
        updated: '2026-12-02T03:30:00.000Z',
        authors: ['Sari Dewi'],
        categories: ['Nasional'],
        image: 'https://cdn.kabar.example/banjir.jpg',
        imageCaption: 'Warga membersihkan rumah',
        imageCredit: 'Andi Wijaya',
        content: '<p>Air mulai surut & warga kembali.</p>',
        description: 'Air mulai surut & warga kembali.',
      },
      {
        id: 'urn:kabar:article:2',
        title: 'Harga cabai naik',
        link: 'https://kabar.example/berita/harga-cabai',
        published: null,
        updated: '2026-12-01T01:00:00.000Z',
        authors: ['Kabar'],
        categories: [],
        image: 'https://cdn.kabar.example/cabai.png',
        imageCaption: null,
        imageCredit: null,
        content: null,
        description: 'Pedagang mengeluh.',
      },
    ],
  } satisfies ParsedFeed)
})

const newsArticle = {
  '@context': 'https://schema.org',
  '@type': 'NewsArticle',
  '@id': 'https://kabar.example/berita/banjir-surut',
  mainEntityOfPage: { '@type': 'WebPage', '@id': 'https://kabar.example/berita/banjir-surut' },
  url: 'https://kabar.example/berita/banjir-surut',
  headline: 'Banjir surut di Jakarta',
  datePublished: '2026-12-02T10:15:00+07:00',
  dateModified: '2026-12-02T10:30:00+07:00',
  author: [{ '@type': 'Person', name: 'Sari Dewi', url: 'https://kabar.example/penulis/sari-dewi' }],
  image: [
    { '@type': 'ImageObject', url: 'https://cdn.kabar.example/banjir.jpg', width: 1200, height: 800, caption: 'Warga membersihkan rumah' },
  ],
  publisher: {
    '@type': 'NewsMediaOrganization',
    name: 'Kabar',
    url: 'https://kabar.example/',
    logo: { '@type': 'ImageObject', url: 'https://kabar.example/logo.png' },
  },
  articleSection: 'Nasional',
  keywords: ['banjir', 'Jakarta'],
  inLanguage: 'id',
  dateline: 'JAKARTA',
  wordCount: 412,
}
type Article = Record<string, unknown>
const without =
  (...keys: string[]) =>
  (doc: Article): Article =>
    Object.fromEntries(Object.entries(doc).filter(([key]) => !keys.includes(key)))
const set = (changes: Article) => (doc: Article) => ({ ...doc, ...changes })

t.test('NewsArticle JSON-LD: a complete document passes, and its optional forms too', async (t) => {
  t.same(newsArticleJsonLdErrors(newsArticle), [])
  const variants: [string, (doc: Article) => Article][] = [
    ['no image, no dateline', without('image', 'dateline', 'url')],
    ['a headline of 110 characters', set({ headline: 'a'.repeat(110) })],
    ['one Organization as the author, without a URL', set({ author: { '@type': 'Organization', name: 'Kabar' } })],
    ['a page URL as mainEntityOfPage', set({ mainEntityOfPage: 'https://kabar.example/berita/banjir-surut' })],
    ['one image object, sizes left out', set({ image: { '@type': 'ImageObject', url: 'https://cdn.kabar.example/banjir.jpg' } })],
    ['keywords as text, no tags', set({ keywords: 'banjir, Jakarta' })],
    ['no keywords at all', set({ keywords: [] })],
    ['UTC dates, equal', set({ datePublished: '2026-12-02T03:15:00Z', dateModified: '2026-12-02T03:15:00.000Z' })],
  ]
  for (const [what, change] of variants) t.same(newsArticleJsonLdErrors(change(newsArticle)), [], what)
})

t.test('NewsArticle JSON-LD: each missing or invalid property is named', async (t) => {
  const cases: [string, (doc: Article) => Article, string[]][] = [
    ['the wrong context', set({ '@context': 'http://schema.org' }), ['@context: must be "https://schema.org", got "http://schema.org"']],
    ['another type', set({ '@type': 'Article' }), ['@type: must be "NewsArticle", got "Article"']],
    ['no headline', without('headline'), ['headline: missing']],
    ['a long headline', set({ headline: 'a'.repeat(111) }), ['headline: 111 characters, at most 110']],
    [
      'a date without a time zone',
      set({ datePublished: '2026-12-02T10:15:00' }),
      ['datePublished: must be an ISO 8601 date-time with a time zone, got "2026-12-02T10:15:00"'],
    ],
    ['no dateModified', without('dateModified'), ['dateModified: missing']],
    ['modified before published', set({ dateModified: '2026-12-02T10:00:00+07:00' }), ['dateModified: is before datePublished']],
    ['no author', without('author'), ['author: missing']],
    ['no authors', set({ author: [] }), ['author: must be a Person or Organization, or a non-empty list of them, got []']],
    ['a Person without a URL', set({ author: [{ '@type': 'Person', name: 'Sari Dewi' }] }), ['author[0].url: missing']],
    [
      'an author without a name or type',
      set({ author: [{ url: 'https://kabar.example/penulis/x' }] }),
      ['author[0].@type: missing', 'author[0].name: missing'],
    ],
    [
      'an author as text',
      set({ author: 'Sari Dewi' }),
      ['author: must be a Person or Organization, or a non-empty list of them, got "Sari Dewi"'],
    ],
    [
      'a relative image URL and a text width',
      set({ image: [{ '@type': 'ImageObject', url: '/banjir.jpg', width: '1200', height: 800 }] }),
      ['image[0].url: must be an absolute URL, got "/banjir.jpg"', 'image[0].width: must be a positive number, got "1200"'],
    ],
    [
      'an image URL as text',
      set({ image: ['https://cdn.kabar.example/banjir.jpg'] }),
      ['image[0]: must be an ImageObject, got "https://cdn.kabar.example/banjir.jpg"'],
    ],
    ['no publisher', without('publisher'), ['publisher: missing']],
    [
      'a Person as publisher',
      set({ publisher: { '@type': 'Person', name: 'Sari Dewi' } }),
      ['publisher.@type: must be Organization or NewsMediaOrganization or Corporation or NGO or GovernmentOrganization, got "Person"'],
    ],
    [
      'a logo without a URL',
      set({ publisher: { '@type': 'Organization', name: 'Kabar', logo: { '@type': 'ImageObject' } } }),
      ['publisher.logo.url: missing'],
    ],
    ['no mainEntityOfPage', without('mainEntityOfPage'), ['mainEntityOfPage: missing']],
    [
      'a WebPage without @id',
      set({ mainEntityOfPage: { '@type': 'WebPage' } }),
      ['mainEntityOfPage: must be an absolute URL or a WebPage with an absolute @id, got {"@type":"WebPage"}'],
    ],
    ['no articleSection', without('articleSection'), ['articleSection: missing']],
    [
      'an empty list of sections',
      set({ articleSection: [] }),
      ['articleSection: must be a non-empty string or a non-empty list of them, got []'],
    ],
    ['no keywords', without('keywords'), ['keywords: missing']],
    ['no inLanguage', without('inLanguage'), ['inLanguage: missing']],
    ['a language name', set({ inLanguage: 'Bahasa Indonesia' }), ['inLanguage: must be a BCP 47 language tag, got "Bahasa Indonesia"']],
    ['no wordCount', without('wordCount'), ['wordCount: missing']],
    ['a fractional wordCount', set({ wordCount: 41.5 }), ['wordCount: must be a non-negative integer, got 41.5']],
    ['an empty dateline', set({ dateline: '' }), ['dateline: must be a non-empty string, got ""']],
    ['a relative url', set({ url: '/berita/banjir-surut' }), ['url: must be an absolute URL, got "/berita/banjir-surut"']],
  ]
  for (const [what, change, errors] of cases) t.same(newsArticleJsonLdErrors(change(newsArticle)), errors, what)
  t.same(newsArticleJsonLdErrors([newsArticle]), [`the document must be a JSON object, got ${JSON.stringify([newsArticle])}`])
})
