import t from 'tap'
import { fold, stem, words } from '../../src/domain/indonesian.js'
import { keptWords, stemPairs } from './indonesian-pairs.js'

t.test('every affixed form of the relevance set stems to its root, rule by rule', async (t) => {
  const pairs = Object.values(stemPairs).flat()
  t.ok(pairs.length >= 200, `${pairs.length} pairs`)
  for (const [rule, list] of Object.entries(stemPairs))
    t.same(
      list.map(([form]) => [form, stem(form)]),
      list,
      rule,
    )
})

t.test('roots and loan words that look affixed stay themselves', async (t) => {
  t.same(
    keptWords.map((word) => [word, stem(word)]),
    keptWords.map((word) => [word, word]),
  )
})

t.test('text is folded and cut into words of letters and digits', async (t) => {
  t.equal(fold('Élysée ÇA'), 'elysee ca')
  t.same(words('Kabar – COVID-19 di Jakarta, Rp5.000!'), ['kabar', 'covid', '19', 'di', 'jakarta', 'rp5', '000'])
  t.equal(stem('menahannya'), 'tahan', 'the cached stem is the same')
})
