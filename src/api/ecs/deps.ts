import type { EcsArns } from '../../core/arn.js'
import type { Clock } from '../../core/clock.js'
import type { Partition } from '../../core/config.js'
import type { RunTaskResponse } from '../../core/aws-model/ecs.types.js'
import type { Store } from '../../state/store.js'
import type { ClientTokens } from './tasks/client-tokens.js'

/** What every ECS operation may use. Passed in, never imported, so tests build their own. */
export interface EcsDeps {
  store: Store
  clock: Clock
  partition: Partition
  arns: EcsArns
  /**
   * RunTask's clientTokens seen lately, with what each call answered. createEcsService gives
   * every service one; an operation called directly without it starts tasks for every call.
   */
  runTaskTokens?: ClientTokens<RunTaskResponse>
}

/** One ECS action: its request shape in, its response shape out. */
export type EcsOperation<I, O> = (input: I, deps: EcsDeps) => Promise<O>
