interface Entry<V> {
  value: V
  validUntil: number
  size: number
  deps: readonly string[]
  /** Its place in the eviction order: an older place of the same key no longer evicts it. */
  order: number
}

export interface CacheSetOptions {
  /** What the entry was rendered from (`article:7`, `tag:3`, `list:public`…): a drop of any of them removes it. */
  deps: readonly string[]
  /** When the clock alone makes it stale (a scheduled article going live); Infinity by default. */
  validUntil?: number
  /** Approximate bytes of the value; the key and the dependency names are added. */
  size?: number
  /** `generation` read before the render began: if anything was dropped since, the render may be stale. */
  since: number
}

/**
 * A bounded cache of rendered representations that knows what each entry depends on. A change drops exactly the
 * entries that depend on it (`drop('tag:3')`), never the whole cache. Entries are evicted oldest first when the
 * budget of approximate bytes (values, keys and dependency names) is spent; a hit does not reorder, which would
 * cost a delete and an insert on the hottest path. A render that raced a drop is not stored.
 */
export class DependentCache<V> {
  readonly #entries = new Map<string, Entry<V>>()
  readonly #byDep = new Map<string, Set<string>>()
  /** Keys in the order they were stored, with the place each was stored at; `#head` is the oldest not yet passed. */
  #order: { key: string; order: number }[] = []
  #head = 0
  #stored = 0
  /** Keys `admits` turned away once; forgotten all at once when it holds `#offeredMax`. */
  #offered = new Set<string>()
  readonly #offeredMax: number
  #used = 0
  #generation = 0

  /** `budget` in approximate bytes; `offered`: how many keys offered once are remembered for a second offer. */
  constructor(
    private readonly budget: number,
    { offered = 4096 }: { offered?: number } = {},
  ) {
    this.#offeredMax = offered
  }

  /** Moves on at every drop; read it before a render and pass it to `set`. */
  get generation(): number {
    return this.#generation
  }

  get(key: string, now: number): V | undefined {
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    if (now >= entry.validUntil) {
      this.delete(key)
      return undefined
    }
    return entry.value
  }

  /**
   * For values cheap to get again, asked before `set`: whether a value of about `size` bytes is worth storing under
   * `key` now. While there is room, yes; once the budget is spent, only when the same key was turned away recently —
   * a long tail read once each passes by instead of evicting what is read often.
   */
  admits(key: string, size: number): boolean {
    if (this.#used + size + key.length + 64 <= this.budget || this.#offered.delete(key)) return true
    if (this.#offered.size >= this.#offeredMax) this.#offered.clear()
    this.#offered.add(key)
    return false
  }

  set(key: string, value: V, { deps, validUntil = Infinity, size = 0, since }: CacheSetOptions): V {
    if (since !== this.#generation) return value
    this.delete(key)
    const cost = size + key.length + deps.reduce((sum, dep) => sum + dep.length, 0) + 64
    if (cost > this.budget) return value
    const order = ++this.#stored
    this.#entries.set(key, { value, validUntil, size: cost, deps, order })
    this.#order.push({ key, order })
    this.#used += cost
    for (const dep of deps) {
      const keys = this.#byDep.get(dep)
      if (keys === undefined) this.#byDep.set(dep, new Set([key]))
      else keys.add(key)
    }
    this.#evict()
    return value
  }

  /**
   * Evicts the oldest entries until the budget holds. The order is a queue of its own: walking the map from its
   * start would step over every entry deleted since the map last compacted itself, on every store.
   */
  #evict(): void {
    while (this.#used > this.budget && this.#head < this.#order.length) {
      const { key, order } = this.#order[this.#head++]!
      if (this.#entries.get(key)?.order === order) this.delete(key)
    }
    // Places of entries deleted, dropped or stored again since pile up: the queue keeps only live ones when they
    // outnumber the entries (amortised over the stores that piled them up).
    if (this.#order.length > 2 * this.#entries.size + 1024) {
      this.#order = this.#order.slice(this.#head).filter(({ key, order }) => this.#entries.get(key)?.order === order)
      this.#head = 0
    }
  }

  /** Removes every entry that depends on `dep`. */
  drop(dep: string): void {
    this.#generation++
    const keys = this.#byDep.get(dep)
    if (keys === undefined) return
    for (const key of [...keys]) this.delete(key)
  }

  delete(key: string): void {
    const entry = this.#entries.get(key)
    if (entry === undefined) return
    this.#entries.delete(key)
    this.#used -= entry.size
    for (const dep of entry.deps) {
      const keys = this.#byDep.get(dep)
      keys?.delete(key)
      if (keys?.size === 0) this.#byDep.delete(dep)
    }
  }

  get size(): number {
    return this.#entries.size
  }
}
