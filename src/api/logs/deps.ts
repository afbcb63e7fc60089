import type { Clock } from '../../core/clock.js'
import type { LogsArns } from '../../core/model/log.js'
import type { Store } from '../../state/store.js'

/** What every Logs operation may use. Passed in, never imported, so tests build their own. */
export interface LogsDeps {
  store: Store
  clock: Clock
  arns: LogsArns
}

/** One CloudWatch Logs action: its request shape in, its response shape out. */
export type LogsOperation<I, O> = (input: I, deps: LogsDeps) => Promise<O>
