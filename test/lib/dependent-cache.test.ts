import t from 'tap'
import { DependentCache } from '../../src/lib/dependent-cache.js'

t.test('a drop removes exactly the entries that depend on it', async (t) => {
  const cache = new DependentCache<string>(10_000)
  cache.set('a', 'article 1', { deps: ['article:1', 'tag:3'], since: cache.generation })
  cache.set('b', 'article 2', { deps: ['article:2', 'tag:3'], since: cache.generation })
  cache.set('c', 'article 3', { deps: ['article:3'], since: cache.generation })
  cache.drop('tag:3')
  t.same([cache.get('a', 0), cache.get('b', 0), cache.get('c', 0)], [undefined, undefined, 'article 3'])
  cache.drop('tag:3')
  cache.drop('nothing:depends-on-this')
  t.equal(cache.size, 1)
})

t.test('a render that raced a drop is not stored', async (t) => {
  const cache = new DependentCache<string>(10_000)
  const since = cache.generation
  cache.drop('article:1')
  t.equal(cache.set('a', 'stale', { deps: ['article:1'], since }), 'stale', 'the value is still handed back to the caller')
  t.equal(cache.get('a', 0), undefined, 'but not kept')
})

t.test('entries expire by the clock, and the budget counts keys and dependencies as well as values', async (t) => {
  const cache = new DependentCache<string>(400)
  cache.set('scheduled', 'x', { deps: ['article:9'], validUntil: 100, since: cache.generation })
  t.equal(cache.get('scheduled', 99), 'x')
  t.equal(cache.get('scheduled', 100), undefined, 'gone at its validUntil')
  for (let i = 0; i < 10; i++) cache.set(`key-${i}`.padEnd(60, '-'), 'v', { deps: [`article:${i}`], size: 1, since: cache.generation })
  t.ok(cache.size < 10, `only ${cache.size} of 10 entries fit 400 bytes once their keys count`)
  t.equal(cache.get('key-9'.padEnd(60, '-'), 0), 'v', 'the newest entry stays; the oldest went first')
  t.equal(cache.get('key-0'.padEnd(60, '-'), 0), undefined)
  cache.set('huge', 'v', { deps: [], size: 1000, since: cache.generation })
  t.equal(cache.get('huge', 0), undefined, 'an entry larger than the whole budget is not stored')
})

t.test('eviction goes by when an entry was last stored, and what is stored and dropped again does not pile up', async (t) => {
  // Each entry costs 174 of 800: four fit.
  const cache = new DependentCache<string>(800)
  const set = (key: string, into = cache) => into.set(key, 'v', { deps: [`article:${key}`], size: 100, since: into.generation })
  for (const key of ['a', 'b', 'c']) set(key)
  set('a') // stored again: now the newest
  set('d')
  set('e')
  t.same(
    ['a', 'b', 'c', 'd', 'e'].map((key) => cache.get(key, 0) !== undefined),
    [true, false, true, true, true],
    'b, the oldest store, went first; a, stored again, stayed',
  )
  const roomy = new DependentCache<string>(1 << 20)
  for (const key of ['a', 'b']) set(key, roomy)
  const { heapUsed } = process.memoryUsage()
  for (let i = 0; i < 1_000_000; i++) {
    set('x', roomy)
    roomy.drop('article:x')
  }
  t.equal(roomy.size, 2, 'the dropped entry is gone; the others stay')
  // Unbounded, the order would hold a million places (about 40 MB).
  t.ok(process.memoryUsage().heapUsed - heapUsed < 16 << 20, 'the eviction order keeps no trace of a million dropped stores')
})

t.test('admits: a full cache takes a key only when it is offered again while remembered', async (t) => {
  // Each entry costs 100 of 250: two fit.
  const cache = new DependentCache<string>(250, { offered: 3 })
  const offer = (key: string) => {
    if (cache.admits(key, 35)) cache.set(key, `value ${key}`, { deps: [`article:${key}`], size: 26, since: cache.generation })
  }
  offer('a')
  offer('b')
  t.same([cache.get('a', 0), cache.get('b', 0)], ['value a', 'value b'], 'while there is room, the first offer stores it')
  t.notOk(cache.admits('c', 35), 'once full, the first offer is turned away')
  t.equal(cache.get('c', 0), undefined, 'and passes by')
  t.equal(cache.get('a', 0), 'value a', 'and evicts nothing')
  offer('c')
  t.equal(cache.get('c', 0), 'value c', 'the second offer stores it, evicting the oldest')
  t.equal(cache.get('a', 0), undefined)
  for (const key of ['d', 'e', 'f', 'g']) offer(key)
  offer('d')
  t.equal(cache.get('d', 0), undefined, 'a long tail wider than the memory of offers never gets in')
  offer('g')
  t.equal(cache.get('g', 0), 'value g', 'a key offered again soon does')
})
