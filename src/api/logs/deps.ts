import type { Clock } from '../../core/clock.js'
import type { LogsArns } from '../../core/model/log.js'
import type { Store } from '../../state/store.js'
import type { RegexMatcher } from './events/regex-matcher.js'

/** What every Logs operation may use. Passed in, never imported, so tests build their own. */
export interface LogsDeps {
  store: Store
  clock: Clock
  arns: LogsArns
  /** Where FilterLogEvents runs a %regex% pattern: the process's worker thread unless given. */
  regexMatcher?: RegexMatcher
}

/** One CloudWatch Logs action: its request shape in, its response shape out. */
export type LogsOperation<I, O> = (input: I, deps: LogsDeps) => Promise<O>
