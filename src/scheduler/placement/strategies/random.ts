import type { Ranker } from './ranker.js'

/**
 * random: a fresh draw per instance per decision, so each task lands on an instance chosen
 * uniformly among those the earlier strategies tie. Draws never tie, so strategies after a
 * random one have no effect. The draws come from the request's seeded generator.
 */
export function randomRanker(random: () => number): Ranker {
  return { rank: () => random() }
}

/**
 * A seeded generator of numbers in [0, 1): FNV-1a hashes the seed text into 32 bits, and
 * mulberry32 runs from there. Small, fast, and the same seed always gives the same sequence.
 */
export function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5
  for (let k = 0; k < seed.length; k++) {
    h ^= seed.charCodeAt(k)
    h = Math.imul(h, 0x01000193)
  }
  let a = h >>> 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
