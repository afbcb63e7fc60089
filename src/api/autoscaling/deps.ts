import type { EcsArns } from '../../core/arn.js'
import type { Clock } from '../../core/clock.js'
import type { ScalingArns } from '../../core/model/scaling.js'
import type { Store } from '../../state/store.js'

/** What every Application Auto Scaling operation may use. Passed in, never imported, so tests build their own. */
export interface ScalingDeps {
  store: Store
  clock: Clock
  arns: ScalingArns
  ecsArns: EcsArns
  /** The period of the alarms target tracking creates: 60 s, as AWS's, unless the server compresses it (--scaling-period). */
  scalingPeriodSeconds: number
}

/** One Application Auto Scaling action: its request shape in, its response shape out. */
export type ScalingOperation<I, O> = (input: I, deps: ScalingDeps) => Promise<O>
