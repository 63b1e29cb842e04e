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
