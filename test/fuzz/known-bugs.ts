import { describeExchange, type Exchange } from './check.js'

/**
 * Bugs in src the fuzzer has found and reported, not fixed yet. A violation that one of these matches is counted
 * and shown as a todo instead of failing the run; everything else fails. Keep each matcher as narrow as the bug,
 * and delete the entry when src is fixed (the fuzz test says when an entry was not seen).
 */
export interface KnownBug {
  id: string
  reason: string
  matches(violation: string, exchange: Exchange): boolean
}

export const knownBugs: KnownBug[] = [
  {
    id: 'undeclared-400-for-unknown-query',
    reason: 'every route now refuses unknown query parameters with 400 (9c41cfb), but getHealth and getReadiness do not declare 400 in openapi/openapi.json',
    matches: (violation, { request, res }) => violation.startsWith('contract: status 400 is not declared for ') && res.statusCode === 400
      && request.unknownQuery && !request.operation.statuses.includes('400'),
  },
]

export interface Sighting { count: number, example: string }

/** Whether a known bug explains the violation; records the first example of each. */
export function matchKnown(violation: string, exchange: Exchange, sightings: Map<string, Sighting>): boolean {
  const bug = knownBugs.find((b) => b.matches(violation, exchange))
  if (!bug) return false
  const seen = sightings.get(bug.id)
  if (seen) seen.count++
  else sightings.set(bug.id, { count: 1, example: describeExchange(exchange, [violation]) })
  return true
}
