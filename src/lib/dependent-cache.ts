interface Entry<V> {
  value: V
  validUntil: number
  size: number
  deps: readonly string[]
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
  #used = 0
  #generation = 0

  constructor(private readonly budget: number) {}

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

  set(key: string, value: V, { deps, validUntil = Infinity, size = 0, since }: CacheSetOptions): V {
    if (since !== this.#generation) return value
    this.delete(key)
    const cost = size + key.length + deps.reduce((sum, dep) => sum + dep.length, 0) + 64
    if (cost > this.budget) return value
    this.#entries.set(key, { value, validUntil, size: cost, deps })
    this.#used += cost
    for (const dep of deps) {
      const keys = this.#byDep.get(dep)
      if (keys === undefined) this.#byDep.set(dep, new Set([key]))
      else keys.add(key)
    }
    for (const oldest of this.#entries.keys()) {
      if (this.#used <= this.budget) break
      this.delete(oldest)
    }
    return value
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
