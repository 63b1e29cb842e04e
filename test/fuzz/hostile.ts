import fc from 'fast-check'

/** Hostile values shared by the generators: strings shaped like attacks, ids that are almost ids, odd headers. */

/** Strings shaped like SQL, markup, template, path and prototype attacks, plus Unicode edge cases. */
export const hostileStrings: readonly string[] = [
  "' OR 1=1 --",
  "'; DROP TABLE articles; --",
  '" OR ""="',
  '1; DELETE FROM authors',
  "x' UNION SELECT secret_hash FROM api_keys --",
  '%',
  '_',
  '\\',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">klik</a>',
  '<svg><style>body{}</style></svg>',
  '"><iframe src=//evil.example>',
  '{{constructor.constructor("return process")()}}',
  '${7*7}',
  '__proto__',
  'constructor',
  'prototype',
  '../../etc/passwd',
  '%2e%2e%2f',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  ' ',
  '\t\n\r',
  '\u0000',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  'Zalgo\u0301\u0302\u0303\u0304\u0305',
  '\ud83d\ude00\ud83c\uddee\ud83c\udde9',
  '\ud800',
  'Berita Ĳssel Ærø Œuvre ß ﬁ',
  '\uFEFFbom',
  'A'.repeat(10_000),
  '<div>'.repeat(10_000),
  '<b><i><u>'.repeat(3_000) + 'teks',
  '<!--',
  '<p>unclosed <a href="',
]

/** Built once: a full-Unicode string arbitrary is costly to create (fast-check maps every code point). */
const binaryString = fc.string({ unit: 'binary', maxLength: 40 })

/** A string field's hostile candidates: the corpus, empty, and strings just and far beyond `maxLength`. */
export function hostileStringFor(maxLength: number | undefined): fc.Arbitrary<string> {
  const sizes = maxLength === undefined ? [1_000, 70_000] : [maxLength, maxLength + 1, maxLength * 2 + 7]
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...hostileStrings) },
    { weight: 1, arbitrary: fc.constant('') },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom(...sizes), fc.constantFrom('x', 'é', '\ud83d\ude00', "'")).map(([n, c]) => c.repeat(n)),
    },
    { weight: 1, arbitrary: binaryString },
  )
}

/** Path segments that must never act on an existing row: non-canonical, negative, huge, encoded, Unicode. */
export const hostileIdSegments: readonly string[] = [
  '0',
  '-1',
  '01',
  '001',
  '1abc',
  '1.0',
  '1e0',
  '+1',
  '0x1',
  '1%20',
  '%201',
  '1%00',
  '1;',
  '1,2',
  'NaN',
  'Infinity',
  '9007199254740993',
  '99999999999999999999',
  '1'.repeat(17),
  '%2F',
  '%252F',
  '%2e%2e',
  '..',
  '%C3%A9',
  '%EF%BC%91',
  '%D9%A1',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  "1'%20OR%20'1'%3D'1",
  '%3Cscript%3E',
]

/** Segments the router itself must turn down: a malformed escape, and parameters past `maxParamLength`. */
export const routerHostileSegments: readonly string[] = ['%E0%A4%A', '%', '%zz', 'a'.repeat(201), '1'.repeat(300)]

/** Query parameter names no operation declares. */
export const unknownQueryNames: readonly string[] = [
  'foo',
  '__proto__',
  'constructor',
  'prototype',
  '__proto__[polluted]',
  'constructor[prototype][polluted]',
  'email',
  'secretHash',
  'where',
  'orderBy',
  'q',
  'include',
  'offset',
  'page',
  'fields',
  'a[]',
  '',
]

/** Authorization headers that are not a valid bearer key; the server must answer 401 to each. */
export const malformedAuthorizations: readonly string[] = [
  'Bearer',
  'Bearer ',
  'Bearer  ',
  'bearer kbr_not-a-key',
  'Basic YWRtaW46YWRtaW4=',
  'Bearer kbr_' + 'A'.repeat(43),
  'Bearer kbr_unknown',
  "Bearer ' OR 1=1 --",
  'Bearer <script>',
  'Bearer ' + 'x'.repeat(300),
  'Bearer a b',
  'Token kbr_x',
  'Bearer kbr_x, Bearer kbr_y',
  '',
  'null',
]

/** If-Match values that never match the current representation. */
export const staleIfMatches: readonly string[] = [
  '"stale"',
  'W/"stale"',
  '""',
  '',
  ' ',
  'garbage',
  '"unterminated',
  '"a", "b"',
  ',',
  'W/',
  '"' + 'x'.repeat(5_000) + '"',
  '"\'; DROP TABLE articles; --"',
  '"\u00e9"',
]

/** Idempotency-Key values outside the allowed 1–255 visible ASCII characters. */
export const badIdempotencyKeys: readonly string[] = ['', ' ', 'a b', 'k'.repeat(256), 'kunci\u00e9', '\t', "' OR 1=1 --"]

/** Content types a JSON API must refuse for a body, or accept (the JSON ones). */
export const contentTypes: readonly (string | undefined)[] = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/merge-patch+json',
  'text/plain',
  'text/plain; charset=utf-8',
  'application/xml',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/jsonx',
  'json',
  '*/*',
  undefined,
]

/** Body texts that are not a JSON object, whatever the content type says. */
export const nonObjectBodies: readonly string[] = [
  '',
  ' ',
  '{',
  '}',
  '{"a":',
  'null',
  'true',
  '0',
  '"tekst"',
  '[]',
  '[{}]',
  '{}{}',
  '{"a":1,}',
  "{'a':1}",
  '<artikel><judul>x</judul></artikel>',
  'judul=x&slug=y',
  '\u0000',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '\ufeff{}',
]

/** Deeply nested JSON text: `depth` levels of arrays or objects. */
export const nested = (depth: number, kind: 'array' | 'object'): string =>
  kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
