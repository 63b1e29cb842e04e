/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) so the same `--seed` builds the same dataset
 * on every machine. Not cryptographic; fast and well distributed enough for test data.
 */
export class Random {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    let s = seed >>> 0
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
    for (let i = 0; i < 12; i++) this.float()
  }

  /** Uniform in [0, 1). */
  float(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
    this.d = (this.d + 1) >>> 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) >>> 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) >>> 0
    return t / 4294967296
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1))
  }

  chance(p: number): boolean {
    return this.float() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[Math.floor(this.float() * items.length)] as T
  }

  /** An index in [0, n) skewed towards 0 (a few popular items, a long tail), like real tag usage. */
  skewed(n: number, power = 2.2): number {
    return Math.min(n - 1, Math.floor(n * this.float() ** power))
  }

  /** Index chosen in proportion to `weights`. */
  weighted(weights: readonly number[], total = weights.reduce((s, w) => s + w, 0)): number {
    let r = this.float() * total
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] as number
      if (r < 0) return i
    }
    return weights.length - 1
  }

  /** `count` distinct integers from [min, max] (count must not exceed the range). */
  distinct(count: number, min: number, max: number, exclude?: number): number[] {
    const out = new Set<number>()
    while (out.size < count) {
      const v = this.int(min, max)
      if (v !== exclude) out.add(v)
    }
    return [...out]
  }

  /** The same items in a random order (Fisher–Yates), as a new array. */
  shuffled<T>(items: readonly T[]): T[] {
    const out = [...items]
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i)
      ;[out[i], out[j]] = [out[j] as T, out[i] as T]
    }
    return out
  }
}
