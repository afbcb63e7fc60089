import type { PlacementState } from '../state.js'
import type { PlacementStrategySpec } from '../types.js'
import { binpackRanker } from './binpack.js'
import { randomRanker } from './random.js'
import type { Ranker } from './ranker.js'
import { spreadRanker } from './spread.js'

export type { Ranker } from './ranker.js'
export { seededRandom } from './random.js'

/**
 * The request's strategies as rankers, in order, ending in a random one: the strategies stop
 * at their first `random` (nothing after it can matter), and when there is none a random
 * ranker is appended to break the remaining ties, so that with no strategy at all tasks land
 * at random, and identical instances share the load.
 *
 * `scored` counts the leading rankers that are strategies proper (not random draws): their
 * ranks are the scores a placement reports.
 */
export function rankersFor(
  s: PlacementState,
  strategies: readonly PlacementStrategySpec[],
  random: () => number,
): { rankers: Ranker[]; scored: number } {
  const rankers: Ranker[] = []
  for (const strategy of strategies) {
    switch (strategy.type) {
      case 'binpack':
        rankers.push(binpackRanker(s, strategy.field))
        break
      case 'spread':
        rankers.push(spreadRanker(s, strategy.field === 'instanceId' ? 'instanceId' : { attribute: strategy.attribute }))
        break
      case 'random':
        return { rankers: [...rankers, randomRanker(random)], scored: rankers.length }
    }
  }
  return { rankers: [...rankers, randomRanker(random)], scored: rankers.length }
}
