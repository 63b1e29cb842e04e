import fc from 'fast-check'
import { deref, type Schema } from './document.js'
import { hostileStringFor } from './hostile.js'

/**
 * fast-check arbitraries derived from a JSON Schema: values valid against it, and values that break it in one
 * named way (wrong type, missing required, extra property, over-long string, deep nesting…).
 */

/**
 * Integers the generators prefer: ids of rows that exist, so valid bodies reach past "unknown id" checks.
 * `named` narrows them by property name (`authorId`, `articleIds` → the `authors`, `articles` collections).
 */
export interface Ids {
  ids: readonly number[]
  named?: Record<string, readonly number[]>
}

/** `authorId` → `authors`, `articleIds` → `articles`, `categoryId` → `categories`. */
const collectionFor = (key: string | undefined): string | undefined => {
  const stem = /^(\w+?)Ids?$/.exec(key ?? '')?.[1]
  if (stem === undefined) return undefined
  return stem.endsWith('y') ? `${stem.slice(0, -1)}ies` : `${stem}s`
}

/** Stands for a deeply nested JSON text; replaced in the serialised body (see `serialise`). */
export const DEEP_ARRAY = '\u0000fuzz:deep-array\u0000'
export const DEEP_OBJECT = '\u0000fuzz:deep-object\u0000'

const typesOf = (schema: Schema): string[] => (schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type])

const urlArb = fc
  .tuple(fc.constantFrom('https', 'http'), fc.stringMatching(/^[a-z0-9]{1,12}$/))
  .map(([scheme, name]) => `${scheme}://img.kabar.example/2026/${name}.jpg`)
const emailArb = fc.stringMatching(/^[a-z][a-z0-9.]{0,15}$/).map((local) => `${local.replace(/\.+$/, '')}@kabar.example`)
const dateTimeArb = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString())
const wordsArb = fc.constantFrom(
  'Lukashenko Sambut Putin di Minsk',
  'Harga Beras Naik',
  'Timnas Menang 2-1',
  'Ekonomi',
  'Rusia',
  'Foto: Reuters',
  'Jakarta, Kabar –',
)

function stringArb(schema: Schema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0
  const max = schema.maxLength ?? 200
  const fits = (s: string) =>
    [...s].length >= min && [...s].length <= max && (schema.pattern === undefined || new RegExp(schema.pattern, 'u').test(s))
  const candidates: fc.WeightedArbitrary<string>[] = []
  const add = (arbitrary: fc.Arbitrary<string>, weight = 4) => candidates.push({ arbitrary, weight })
  if (schema.format === 'date-time') add(dateTimeArb)
  else if (schema.format === 'uri' || schema.format === 'url' || schema.pattern?.startsWith('^https?:')) add(urlArb)
  else if (schema.format === 'email') add(emailArb)
  else if (schema.pattern !== undefined) add(fc.stringMatching(new RegExp(schema.pattern), { size: 'xsmall' }))
  else {
    add(wordsArb)
    add(fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, 40) }))
  }
  const examples = (schema.examples ?? []).filter((e): e is string => typeof e === 'string' && fits(e))
  if (examples.length > 0) add(fc.constantFrom(...examples), 1)
  const fallback = examples[0] ?? (min === 0 ? '' : 'a'.repeat(min))
  return fc.oneof(...candidates).map((s) => (fits(s) ? s : fallback))
}

function integerArb(schema: Schema, world: Ids, key: string | undefined): fc.Arbitrary<number> {
  const min = schema.minimum ?? Number.MIN_SAFE_INTEGER
  const max = schema.maximum ?? Number.MAX_SAFE_INTEGER
  const collection = collectionFor(key)
  const known = ((collection === undefined ? undefined : world.named?.[collection]) ?? world.ids).filter((id) => id >= min && id <= max)
  const edges = [min, max, Math.max(min, Math.min(max, 0)), Math.max(min, Math.min(max, 1))].filter((n) => Number.isSafeInteger(n))
  return fc.oneof(
    ...(known.length > 0 ? [{ weight: 4, arbitrary: fc.constantFrom(...known) }] : []),
    { weight: 1, arbitrary: fc.constantFrom(...edges) },
    { weight: 2, arbitrary: fc.integer({ min: Math.max(min, -1_000_000), max: Math.min(max, 1_000_000) }) },
  )
}

/** A value valid against `schema` (as far as the subset in `Schema` goes), biased towards realistic ones. */
export function validValue(input: Schema, world: Ids, depth = 0, key?: string): fc.Arbitrary<unknown> {
  const schema = deref(input)
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum) return fc.constantFrom(...schema.enum)
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives)
    return fc.oneof(
      ...alternatives.map((s) => validValue({ ...schema, anyOf: undefined, oneOf: undefined, ...deref(s) }, world, depth, key)),
    )
  const types = typesOf(schema)
  const type = types[0] ?? (schema.properties ? 'object' : 'string')
  if (types.length > 1) return fc.oneof(...types.map((t) => validValue({ ...schema, type: t }, world, depth, key)))
  switch (type) {
    case 'null':
      return fc.constant(null)
    case 'boolean':
      return fc.boolean()
    case 'integer':
      return integerArb(schema, world, key)
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true })
    case 'string':
      return stringArb(schema)
    case 'array': {
      const items = schema.items ?? {}
      const constraints = { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, depth > 1 ? 1 : 4) }
      return schema.uniqueItems
        ? fc.uniqueArray(validValue(items, world, depth + 1, key), { ...constraints, selector: (v) => JSON.stringify(v) })
        : fc.array(validValue(items, world, depth + 1, key), constraints)
    }
    case 'object': {
      const properties = schema.properties ?? {}
      const required = (schema.required ?? []).filter((k) => k in properties)
      const model = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, validValue(s, world, depth + 1, k)]))
      const record = fc.record(model, { requiredKeys: required }) as fc.Arbitrary<Record<string, unknown>>
      const atLeast = schema.minProperties ?? 0
      const firstKey = Object.keys(properties)[0]
      if (atLeast === 0 || firstKey === undefined) return record
      // A patch needs a property: add the first one when the record came out empty.
      return fc.tuple(record, model[firstKey]!).map(([r, v]) => (Object.keys(r).length >= atLeast ? r : { ...r, [firstKey]: v }))
    }
    default:
      return fc.constant(null)
  }
}

/** One step into a value: an object key or an array index, with the subschema there. */
interface Site {
  path: (string | number)[]
  schema: Schema | undefined
}

/** Every position inside `value` with the schema that governs it (`undefined` past the schema's knowledge). */
function sites(value: unknown, input: Schema | undefined, path: (string | number)[] = []): Site[] {
  const schema = input === undefined ? undefined : resolveFor(deref(input), value)
  const out: Site[] = [{ path, schema }]
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...sites(v, schema?.items, [...path, i])))
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...sites(v, schema?.properties?.[k], [...path, k]))
  }
  return out
}

/** The alternative of an `anyOf` that the value takes (so mutations see the string branch of a nullable string). */
function resolveFor(schema: Schema, value: unknown): Schema {
  const alternatives = schema.anyOf ?? schema.oneOf
  if (!alternatives) return schema
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value
  const found =
    alternatives.map(deref).find((s) => typesOf(s).includes(kind) || (kind === 'integer' && typesOf(s).includes('number'))) ??
    deref(alternatives[0]!)
  return { ...found, ...('maxLength' in schema ? { maxLength: schema.maxLength } : {}) }
}

function stringSchemas(schema: Schema | undefined): Schema | undefined {
  if (schema === undefined) return undefined
  const s = deref(schema)
  if (typesOf(s).includes('string')) return s
  return (s.anyOf ?? s.oneOf)?.map(deref).find((a) => typesOf(a).includes('string'))
}

const setAt = (root: unknown, path: (string | number)[], next: unknown): unknown => {
  if (path.length === 0) return next
  const [head, ...rest] = path
  if (Array.isArray(root)) return root.map((v, i) => (i === head ? setAt(v, rest, next) : v))
  const object = root as Record<string, unknown>
  return { ...object, [head!]: setAt(object[head!], rest, next) }
}

const removeAt = (root: unknown, path: (string | number)[]): unknown => {
  const [head, ...rest] = path
  if (rest.length > 0) return setAt(root, [head!], removeAt((root as Record<string | number, unknown>)[head!], rest))
  if (Array.isArray(root)) return root.filter((_, i) => i !== head)
  const { [head!]: _gone, ...kept } = root as Record<string, unknown>
  return kept
}

/** Adds an own, enumerable property even for `__proto__`, so JSON.stringify writes it out as a key. */
const withOwn = (object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> => {
  const copy = { ...object }
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true })
  return copy
}

const wrongTypes: readonly unknown[] = [
  '5',
  '1',
  '',
  'true',
  'null',
  5,
  -1,
  0,
  1.5,
  1e308,
  -0,
  true,
  false,
  null,
  [],
  {},
  ['x'],
  { a: 1 },
  [null],
]

const extraKeys: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'id',
  'status',
  'version',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'secret',
  'secretHash',
  'scope',
  'email',
  'unknown',
  'Title',
  'title ',
  '',
]

export interface Mutated {
  value: unknown
  note: string
}

/**
 * One way to break a valid value, at a site chosen by fast-check: each names what it did, for the failure report.
 * Every mutation yields a value the schema rejects, except `hostile-strings` and `max-length-graphemes`, whose
 * strings may still fit (SQL- and HTML-shaped text inside the limits is valid input).
 */
export function mutate(value: unknown, schema: Schema): fc.Arbitrary<Mutated> {
  const all = sites(value, schema)
  const objects = all.filter(
    (s) =>
      s.schema !== undefined &&
      s.schema.properties !== undefined &&
      typeof getAt(value, s.path) === 'object' &&
      getAt(value, s.path) !== null &&
      !Array.isArray(getAt(value, s.path)),
  )
  const strings = all.filter((s) => typeof getAt(value, s.path) === 'string')
  const arrays = all.filter((s) => Array.isArray(getAt(value, s.path)) && s.schema?.maxItems !== undefined)
  const present = all.filter((s) => s.path.length > 0)
  const requiredSites = objects.flatMap((s) =>
    (s.schema!.required ?? []).filter((k) => k in (getAt(value, s.path) as object)).map((k) => [...s.path, k]),
  )
  const at = (path: (string | number)[]) => (path.length === 0 ? '(root)' : `/${path.join('/')}`)
  const options: fc.Arbitrary<Mutated>[] = []

  if (present.length > 0) {
    options.push(
      fc.tuple(fc.constantFrom(...present), fc.constantFrom(...wrongTypes)).map(([site, wrong]) => ({
        value: setAt(value, site.path, wrong),
        note: `wrong type at ${at(site.path)}: ${JSON.stringify(wrong)}`,
      })),
    )
    options.push(
      fc.tuple(fc.constantFrom(...present), fc.constantFrom('array', 'object' as const)).map(([site, kind]) => ({
        value: setAt(value, site.path, kind === 'array' ? DEEP_ARRAY : DEEP_OBJECT),
        note: `5,000 levels of nested ${kind}s at ${at(site.path)}`,
      })),
    )
  }
  // A number sent as a string: JSON bodies are not coerced.
  const numbers = all.filter((s) => typeof getAt(value, s.path) === 'number')
  if (numbers.length > 0) {
    options.push(
      fc
        .constantFrom(...numbers)
        .map((site) => ({ value: setAt(value, site.path, String(getAt(value, site.path))), note: `number as string at ${at(site.path)}` })),
    )
  }
  if (requiredSites.length > 0) {
    options.push(fc.constantFrom(...requiredSites).map((path) => ({ value: removeAt(value, path), note: `required ${at(path)} missing` })))
  }
  if (objects.length > 0) {
    options.push(
      fc
        .tuple(
          fc.constantFrom(...objects),
          fc.constantFrom(...extraKeys),
          fc.constantFrom<unknown>(1, 'x', null, { polluted: true }, { prototype: { polluted: true } }),
        )
        .filter(([site, key]) => !(key in (site.schema!.properties ?? {})))
        .map(([site, key, extra]) => ({
          value: setAt(value, site.path, withOwn(getAt(value, site.path) as Record<string, unknown>, key, extra)),
          note: `extra property ${JSON.stringify(key)} at ${at(site.path)}`,
        })),
    )
  }
  if (strings.length > 0) {
    options.push(
      fc.constantFrom(...strings).chain((site) =>
        hostileStringFor(stringSchemas(site.schema)?.maxLength).map((s) => ({
          value: setAt(value, site.path, s),
          note: `hostile string at ${at(site.path)} (${s.length} UTF-16 units)`,
        })),
      ),
    )
    // A string of astral characters at exactly maxLength code points is valid, but twice as long in UTF-16 units.
    const bounded = strings.filter(
      (s) =>
        stringSchemas(s.schema)?.maxLength !== undefined &&
        stringSchemas(s.schema)?.pattern === undefined &&
        stringSchemas(s.schema)?.format === undefined,
    )
    if (bounded.length > 0) {
      options.push(
        fc.constantFrom(...bounded).map((site) => ({
          value: setAt(value, site.path, '\ud83d\udcf0'.repeat(stringSchemas(site.schema)!.maxLength!)),
          note: `max-length-graphemes at ${at(site.path)}`,
        })),
      )
    }
  }
  if (arrays.length > 0) {
    options.push(
      fc.constantFrom(...arrays).map((site) => {
        const items = getAt(value, site.path) as unknown[]
        const filler = items[0] ?? 1
        return {
          value: setAt(
            value,
            site.path,
            Array.from({ length: site.schema!.maxItems! + 1 }, (_, i) =>
              typeof filler === 'number' ? i + 1 : typeof filler === 'string' ? `t${i}` : filler,
            ),
          ),
          note: `${site.schema!.maxItems! + 1} items at ${at(site.path)}`,
        }
      }),
    )
  }
  // Strings a schema's uniqueItems tells apart but a slug or a case-folding index may not: `Rusia`, `rusia`, `Rúsia`.
  const stringArrays = all.filter((s) => Array.isArray(getAt(value, s.path)) && typeof (getAt(value, s.path) as unknown[])[0] === 'string')
  if (stringArrays.length > 0) {
    options.push(
      fc.constantFrom(...stringArrays).map((site) => {
        const first = (getAt(value, site.path) as string[])[0]!
        const variants = [
          ...new Set([first, first.toUpperCase(), first.toLowerCase(), `${first} `, first.normalize('NFD'), `${first}\u0301`]),
        ]
        return { value: setAt(value, site.path, variants), note: `near-duplicate strings at ${at(site.path)}` }
      }),
    )
  }
  options.push(fc.constant({ value: hostileEverywhere(value), note: 'hostile-strings: every string SQL/HTML-shaped' }))
  return fc.oneof(...options)
}

const shapes = ["' OR 1=1 --", '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', "'); DROP TABLE articles; --"]

/** Replaces every string with a SQL- or HTML-shaped one (cycling, so fields differ). */
function hostileEverywhere(value: unknown, counter = { n: 0 }): unknown {
  if (typeof value === 'string') return shapes[counter.n++ % shapes.length]
  if (Array.isArray(value)) return value.map((v) => hostileEverywhere(v, counter))
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hostileEverywhere(v, counter)]))
  return value
}

function getAt(root: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | null | undefined)?.[key], root)
}

/** JSON text of a generated body, with the deep-nesting placeholders expanded to 5,000 levels. */
export function serialise(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll(JSON.stringify(DEEP_ARRAY), '['.repeat(5000) + ']'.repeat(5000))
    .replaceAll(JSON.stringify(DEEP_OBJECT), '{"a":'.repeat(5000) + '1' + '}'.repeat(5000))
}
