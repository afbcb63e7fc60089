import type { Clock } from '../core/clock.js'
import type { CompiledAction } from './actions.js'
import type { LoadBalancerAttributes } from './config.js'
import type { LoadBalancerCounters } from './counters.js'
import type { RuleTable } from './rules.js'

/** What a request on one listener needs to know, in one object the proxy reads and `apply` updates in place. */
export interface ListenerContext {
  readonly arn: string
  /** `http` or `https`, for X-Forwarded-Proto and redirects. */
  readonly protocol: 'http' | 'https'
  /** The bound port, for redirects and Host. Written with `forwardedProtoPort` (data-plane.ts, then listeners.ts once bound). */
  port: number
  /** The X-Forwarded-Proto and -Port header lines every forwarded request carries, made once per bind. */
  forwardedProtoPort: string
  table: RuleTable<CompiledAction>
  idleMs: number
  xffMode: LoadBalancerAttributes['xffHeaderProcessingMode']
  preserveHost: boolean
  /** The load balancer's counters (shared by its listeners). */
  counters: LoadBalancerCounters
  readonly clock: Clock
  readonly random: () => number
}
