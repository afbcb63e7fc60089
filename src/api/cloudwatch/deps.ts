import type { Clock } from '../../core/clock.js'
import { fromWireTimestamp } from '../../core/clock.js'
import type { MetricStore } from '../../metrics/metric-store.js'
import type { Store } from '../../state/store.js'
import type { RequestContext } from '../protocols/wire.js'
import type { CloudWatchArns } from './arns.js'

/**
 * What every CloudWatch operation may use, metrics' and alarms' alike. Passed in, never
 * imported, so tests build their own.
 */
export interface CloudWatchDeps {
  /** The indexed store: alarms live there (never metric samples). */
  store: Store
  clock: Clock
  /** Where samples go and are read from (src/metrics). */
  metrics: MetricStore
  arns: CloudWatchArns
}

/** One CloudWatch action, whichever wire it came by: its request shape in, its response shape out. */
export type CloudWatchOperation<I, O> = (input: I, deps: CloudWatchDeps, ctx: RequestContext) => Promise<O>

/** A timestamp as either wire gives it (query: epoch seconds after parsing; JSON: epoch seconds or ISO), in epoch ms. */
export const wireTime = (v: number | string): number => fromWireTimestamp(v)

/** Epoch ms as the wire's epoch seconds (both writers take seconds). */
export const toWireTime = (ms: number): number => ms / 1000
