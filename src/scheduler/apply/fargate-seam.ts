import { EcsErrors } from '../../core/errors.js'
import type { WriteTx } from '../../state/store.js'
import type { ApplyDeps } from './deps.js'
import type { PlaceTasksInput, PlaceTasksResult } from './place-tasks.js'

/*
 * ───── SEAM: the Fargate pool (issue 9, item 1) ─────
 * Everything that would put a task on FARGATE or FARGATE_SPOT goes through this file, and
 * today refuses. Wiring the pool in is: set FARGATE_POOL_AVAILABLE, and make placeOnFargate
 * call the pool's placement for `provider`. Callers: place-by-strategy.ts (RunTask and the
 * service scheduler) and the API's strategy check (api/ecs/capacity-providers/launch.ts).
 */

export const FARGATE_POOL_AVAILABLE = false

/** The error every Fargate placement gets until the pool is wired in. */
export const fargateUnavailable = (provider: string) =>
  EcsErrors.invalidParameter(
    `The capacity provider strategy assigns tasks to ${provider}, and Berth's Fargate capacity is not available yet. Use an Auto Scaling group capacity provider or launch type EC2.`,
  )

/** Places `input.count` tasks on the Fargate pool as `provider` (FARGATE or FARGATE_SPOT). */
export async function placeOnFargate(
  _tx: WriteTx,
  _input: PlaceTasksInput,
  provider: 'FARGATE' | 'FARGATE_SPOT',
  _deps: ApplyDeps,
): Promise<PlaceTasksResult> {
  throw fargateUnavailable(provider)
}
