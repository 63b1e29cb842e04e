/**
 * A bounded cache of rendered representations, evicting the oldest entries first (a hit does not reorder:
 * that would cost a delete and an insert on the hottest path). Entries expire by the clock (`validUntil`,
 * e.g. a scheduled article going live) and are dropped by the writes that change them. The bound is a budget of
 * approximate bytes (for rendered JSON) or of entries (size 1 each).
 */
export class RepresentationCache<V> {
  readonly #entries = new Map<string, { value: V, validUntil: number, size: number }>()
  #used = 0

  constructor(private readonly budget: number) {}

  get(key: string, now: number): V | undefined {
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    if (now >= entry.validUntil) {
      this.delete(key)
      return undefined
    }
    return entry.value
  }

  set(key: string, value: V, validUntil = Infinity, size = 1): V {
    this.delete(key)
    this.#entries.set(key, { value, validUntil, size })
    this.#used += size
    for (const [oldest, entry] of this.#entries) {
      if (this.#used <= this.budget) break
      this.#entries.delete(oldest)
      this.#used -= entry.size
    }
    return value
  }

  delete(key: string): void {
    const entry = this.#entries.get(key)
    if (entry === undefined) return
    this.#entries.delete(key)
    this.#used -= entry.size
  }

  clear(): void {
    this.#entries.clear()
    this.#used = 0
  }
}
