import type { TAP } from 'tap'
import type { LightMyRequestResponse } from 'fastify'

export type Asserts = Pick<TAP, 'equal' | 'match' | 'notMatch' | 'same' | 'ok'>

/** Whatever could reveal internals in an error body: stack frames, SQL, driver messages. */
const internals = /"stack"|\bat .+:\d+:\d+|sqlite|SQLITE_|select |insert into|\.ts\b/i

/**
 * Asserts an RFC 9457 problem response: status, `application/problem+json`, the full member set with the
 * stable `code`, and nothing internal in the body. `extra` is matched against the body too (e.g. `errors`).
 */
export function assertProblem(
  t: Asserts,
  res: LightMyRequestResponse,
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
): void {
  t.equal(res.statusCode, status, `status ${status}`)
  t.match(res.headers['content-type'], /^application\/problem\+json/, 'problem+json content type')
  const body = res.json() as Record<string, unknown>
  t.match(body, { type: `urn:kabar:problem:${code}`, title: String, status, detail: String, code, ...extra }, `problem ${code}`)
  t.notMatch(res.body, internals, 'no internals in the body')
}

/** The 401 every bad or missing credential gets, with the challenge header (RFC 6750 §3). */
export function assertUnauthorized(t: Asserts, res: LightMyRequestResponse): void {
  assertProblem(t, res, 401, 'unauthorized')
  t.equal(res.headers['www-authenticate'], 'Bearer', 'WWW-Authenticate: Bearer')
}
