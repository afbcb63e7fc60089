/**
 * A seeded pseudo-random generator (mulberry32) for fuzz tests: the same seed gives the same
 * inputs, so a failure reproduces by rerunning with the seed it printed.
 */
export class Prng {
  #state: number

  constructor(readonly seed: number) {
    this.#state = seed >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0
    let t = this.#state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1)
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[this.int(items.length)]!
  }
}

/** The seed to use: BERTH_FUZZ_SEED when set (to reproduce a failure), else a fresh one. */
export function fuzzSeed(): number {
  const fromEnv = process.env['BERTH_FUZZ_SEED']
  if (fromEnv !== undefined && fromEnv !== '') return Number(fromEnv) >>> 0
  return (Math.random() * 2 ** 32) >>> 0
}
