import t from 'tap'
import { isTimeZone, zonedTime } from '../../src/lib/zoned-time.js'

t.test('Asia/Jakarta: RFC 3339 and RFC 822 with +07:00, months by the Jakarta calendar', async (t) => {
  const jakarta = zonedTime('Asia/Jakarta')
  const at = Date.parse('2026-12-02T09:05:09.750Z')
  t.equal(jakarta.rfc3339(at), '2026-12-02T16:05:09+07:00', 'whole seconds, the zone offset')
  t.equal(jakarta.rfc822(at), 'Wed, 02 Dec 2026 16:05:09 +0700')
  t.equal(Date.parse(jakarta.rfc3339(at)), Math.floor(at / 1000) * 1000, 'the same instant, read back')
  // 31 December 20:00 UTC is already New Year's Day in Jakarta.
  t.same(jakarta.monthOf(Date.parse('2026-12-31T20:00:00Z')), { year: 2027, month: 1 })
  t.same(jakarta.monthRange(2026, 12), [Date.parse('2026-11-30T17:00:00Z'), Date.parse('2026-12-31T17:00:00Z')])
  t.same(jakarta.monthRange(2027, 1)[0], jakarta.monthRange(2026, 12)[1], 'months meet without a gap')
})

t.test('a zone with daylight saving time has the right offset on both sides of the change', async (t) => {
  const newYork = zonedTime('America/New_York')
  t.equal(newYork.rfc3339(Date.parse('2026-01-15T12:00:00Z')), '2026-01-15T07:00:00-05:00')
  t.equal(newYork.rfc3339(Date.parse('2026-07-15T12:00:00Z')), '2026-07-15T08:00:00-04:00')
  t.equal(newYork.rfc822(Date.parse('2026-07-15T12:00:00Z')), 'Wed, 15 Jul 2026 08:00:00 -0400')
  // November starts in daylight time (-04:00) in New York; December in standard time (-05:00).
  t.same(newYork.monthRange(2026, 11), [Date.parse('2026-11-01T04:00:00Z'), Date.parse('2026-12-01T05:00:00Z')])
  const kolkata = zonedTime('Asia/Kolkata')
  t.equal(kolkata.rfc3339(Date.parse('2026-07-15T12:00:00Z')), '2026-07-15T17:30:00+05:30', 'half-hour offsets')
  t.equal(zonedTime('UTC').rfc3339(Date.parse('2026-07-15T12:00:00Z')), '2026-07-15T12:00:00Z')
  t.equal(zonedTime('UTC').rfc822(Date.parse('2026-07-15T12:00:00Z')), 'Wed, 15 Jul 2026 12:00:00 +0000')
})

t.test('isTimeZone knows IANA names and refuses the rest', async (t) => {
  t.ok(isTimeZone('Asia/Jakarta'))
  t.ok(isTimeZone('Asia/Makassar'))
  t.notOk(isTimeZone('Asia/Atlantis'))
  t.notOk(isTimeZone('WIB+7'))
})
