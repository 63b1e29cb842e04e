import t from 'tap'
import { build } from './helper.js'

t.test('health', async (t) => {
  const { call } = await build(t)
  const res = await call({ method: 'GET', url: '/health' })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ok' })
})
