/**
 * Rendered representations kept in memory. Entries expire by the clock (`validUntil`, e.g. a scheduled
 * article going live) and the whole cache is cleared on any content write: writes are rare next to reads,
 * and clearing everything cannot leave a stale embed behind.
 */
export class RepresentationCache<V> {
  readonly #entries = new Map<string, { value: V, validUntil: number }>()

  constructor(private readonly maxEntries = 20_000) {}

  get(key: string, now: number): V | undefined {
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    if (now >= entry.validUntil) {
      this.#entries.delete(key)
      return undefined
    }
    return entry.value
  }

  set(key: string, value: V, validUntil = Infinity): V {
    if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!)
    this.#entries.set(key, { value, validUntil })
    return value
  }

  clear(): void {
    this.#entries.clear()
  }
}
