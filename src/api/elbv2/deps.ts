import type { Clock } from '../../core/clock.js'
import type { ElbArns } from '../../core/model/elb-arns.js'
import type { Store } from '../../state/store.js'

/** What every ELBv2 operation may use. Passed in, never imported, so tests build their own. */
export interface ElbDeps {
  store: Store
  clock: Clock
  arns: ElbArns
  /** Where an HTTPS listener's certificate `arn:aws:acm:…:certificate/<id>` is found: `<id>.crt` and `<id>.key`. */
  certificatesDir: string
}

/** One ELBv2 action: its request shape in, its response shape out. */
export type ElbOperation<I, O> = (input: I, deps: ElbDeps) => Promise<O>

/** Epoch seconds, as the wire's timestamps and the records hold them. */
export const nowSeconds = (deps: ElbDeps) => deps.clock.now() / 1000

/** ELB's default quotas (load-balancer-limits in the ALB guide). */
export const LIMITS = {
  loadBalancers: 50,
  listenersPerLoadBalancer: 50,
  rulesPerLoadBalancer: 100,
  targetGroups: 3000,
  targetsPerTargetGroup: 1000,
  targetGroupsPerAction: 5,
  conditionValuesPerRule: 5,
  conditionWildcardsPerRule: 5,
  tagsPerResource: 50,
} as const
