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

export const knownBugs: KnownBug[] = []

export interface Sighting {
  count: number
  example: string
}

/** Whether a known bug explains the violation; records the first example of each. */
export function matchKnown(violation: string, exchange: Exchange, sightings: Map<string, Sighting>): boolean {
  const bug = knownBugs.find((b) => b.matches(violation, exchange))
  if (!bug) return false
  const seen = sightings.get(bug.id)
  if (seen) seen.count++
  else sightings.set(bug.id, { count: 1, example: describeExchange(exchange, [violation]) })
  return true
}
