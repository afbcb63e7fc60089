import type { Duplex } from 'node:stream'
import type { TargetConfig, TargetGroupConfig } from './config.js'
import { TrafficCounters } from './counters.js'
import type { HealthRecord, TargetHealthState } from './health-state.js'
import { parseMatcher, type StatusMatcher } from './matcher.js'
import { routableTargets, type Cursor, type SelectableTarget, type SelectionPolicy } from './selection.js'
import { groupTag } from './stickiness.js'
import { UpstreamPool } from './upstream.js'

/**
 * The live side of target groups: what a request needs in one object lookup (the routable
 * targets, the round-robin cursor, the policy), and per target its connection pool, health,
 * in-flight count and counters. `DataPlane.apply` updates these in place, so pools, health and
 * counters of unchanged targets survive every apply.
 */

/** How a target is named across the data plane: RegisterTargets' (Id, Port). */
export const targetKey = (t: { id: string; port: number }): string => `${t.id}:${t.port}`

export class TargetRuntime implements SelectableTarget {
  readonly key: string
  readonly group: TargetGroupRuntime
  config: TargetConfig
  record: HealthRecord
  inFlight = 0
  slowStartSince: number | undefined = undefined
  swrrCurrent = 0
  readonly counters = new TrafficCounters()
  /** WebSocket (and other upgraded) connections, destroyed with the target. */
  readonly tunnels = new Set<Duplex>()
  #pool: UpstreamPool | undefined

  constructor(group: TargetGroupRuntime, config: TargetConfig, record: HealthRecord) {
    this.group = group
    this.config = config
    this.key = targetKey(config)
    this.record = record
  }

  get health(): TargetHealthState {
    return this.record.state
  }

  /** The keep-alive pool to this target, made on first use. */
  get pool(): UpstreamPool {
    return (this.#pool ??= new UpstreamPool(this.group.config.protocol, this.config.address, this.config.port))
  }

  /** Ends everything still going to this target: in-flight requests fail (the client gets a 502), tunnels close. */
  destroy(): void {
    const pool = this.#pool
    this.#pool = undefined
    pool?.destroy()
    for (const t of this.tunnels) t.destroy()
    this.tunnels.clear()
  }

  /** Lets in-flight requests finish, then closes idle connections (a target whose address changed). */
  retirePool(): void {
    const pool = this.#pool
    this.#pool = undefined
    pool?.close()
  }
}

export class TargetGroupRuntime {
  readonly arn: string
  config: TargetGroupConfig
  /** For stickiness tokens. */
  readonly tag: string
  readonly targets = new Map<string, TargetRuntime>()
  /** Recomputed on every health or membership change; requests only read it. */
  routable: TargetRuntime[] = []
  readonly cursor: Cursor = { next: 0 }
  readonly policy: SelectionPolicy = { algorithm: 'round_robin', slowStartMs: 0, slowStartEndsAt: 0 }
  readonly counters = new TrafficCounters()
  /** Whether some listener's rule forwards to this group (else its targets are `unused`). */
  inUse = false
  matcher: StatusMatcher = () => false

  constructor(config: TargetGroupConfig) {
    this.arn = config.arn
    this.tag = groupTag(config.arn)
    this.config = config
    this.configure(config)
  }

  configure(config: TargetGroupConfig): void {
    this.config = config
    const m = parseMatcher(config.healthCheck.matcher)
    // An unreadable matcher (the API validates) accepts only 200, ALB's default.
    this.matcher = m.ok ? m.matches : (status) => status === 200
    this.policy.algorithm = config.attributes.algorithm
    // "You can't enable both least outstanding requests and slow start": slow start is round robin's.
    this.policy.slowStartMs = config.attributes.algorithm === 'round_robin' ? config.attributes.slowStartSeconds * 1000 : 0
  }

  refreshRoutable(): void {
    this.routable = routableTargets(this.targets.values(), this.config.attributes.minimumHealthyTargets)
    let endsAt = 0
    for (const t of this.routable) if (t.slowStartSince !== undefined) endsAt = Math.max(endsAt, t.slowStartSince + this.policy.slowStartMs)
    this.policy.slowStartEndsAt = endsAt
  }
}
