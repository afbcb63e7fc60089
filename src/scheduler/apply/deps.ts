import type { EcsArns } from '../../core/arn.js'
import type { Clock } from '../../core/clock.js'

/** What creating a task needs: narrower than the API's deps, so the scheduler can call it too. */
export interface ApplyDeps {
  clock: Clock
  arns: EcsArns
}
