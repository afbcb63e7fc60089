import type { EcsArns } from '../../core/arn.js'
import type { Clock } from '../../core/clock.js'
import type { Partition } from '../../core/config.js'
import type { Store } from '../../state/store.js'

/** What every ECS operation may use. Passed in, never imported, so tests build their own. */
export interface EcsDeps {
  store: Store
  clock: Clock
  partition: Partition
  arns: EcsArns
}

/** One ECS action: its request shape in, its response shape out. */
export type EcsOperation<I, O> = (input: I, deps: EcsDeps) => Promise<O>
