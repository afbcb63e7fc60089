import type { Server } from 'node:net'
import type { Clock } from '../core/clock.js'
import type { Logger } from '../core/log.js'
import type { Timers } from '../core/timers.js'
import { compileAction, type CompiledAction } from './actions.js'
import type { ActionConfig, DataPlaneConfig, ListenerConfig, LoadBalancerConfig, TargetGroupConfig } from './config.js'
import { LoadBalancerCounters } from './counters.js'
import { forwardedProtoPortLines } from './headers.js'
import { HealthChecker, type Probe } from './health-checker.js'
import { nextHealth, sameHealth, type HealthEvent, type TargetHealth } from './health-state.js'
import { httpProbe } from './http-probe.js'
import type { ListenerContext } from './listener-context.js'
import { bindKey, closeListener, openListener } from './listeners.js'
import { snapshotMetrics, type DataPlaneMetrics } from './metrics.js'
import { compileRules } from './rules.js'
import { entersSlowStart } from './selection.js'
import { targetKey, TargetGroupRuntime, TargetRuntime } from './target-groups.js'
import { emptyGroup, groupsInUse, probeSpec, publicHealth, thresholds, watchKey } from './config-views.js'

export interface DataPlaneDeps {
  clock: Clock
  timers: Timers
  /** A number in [0, 1) per weighted choice among target groups; tests seed it. Default Math.random. */
  random?: () => number
  /** How a health check is sent; default a real HTTP(S) GET. */
  probe?: Probe
  logger?: Logger
  /**
   * Every change of a target's health as DescribeTargetHealth shows it, for the control plane
   * to persist: a new target's first health, then each change. Called synchronously from
   * `apply` and from probe results; it must not throw.
   */
  onTargetHealth?: (change: TargetHealthChange) => void
}

export interface TargetHealthChange {
  targetGroupArn: string
  target: { id: string; port: number }
  health: TargetHealth
}

export interface ApplyResult {
  /** Each listener of the configuration: where it listens, or why it could not bind (it is retried on the next apply). */
  listeners: { arn: string; address: string; port: number; error?: string }[]
}

interface LiveListener {
  ctx: ListenerContext
  server: Server
  bindKey: string
}

/**
 * The load-balancer data plane: listeners that proxy to target groups, with active health
 * checks. The control plane calls `apply` with the whole configuration whenever anything
 * changes; apply is idempotent and diffs (sockets open and close only for listeners whose
 * address changed, target pools, health and counters survive), and applies run one at a time
 * in call order.
 */
export class DataPlane {
  readonly #deps: DataPlaneDeps
  readonly #random: () => number
  readonly #checker: HealthChecker
  readonly #groups = new Map<string, TargetGroupRuntime>()
  readonly #listeners = new Map<string, LiveListener>()
  readonly #lbCounters = new Map<string, LoadBalancerCounters>()
  /** Health-check watch key → its target. */
  readonly #watched = new Map<string, TargetRuntime>()
  /** What onTargetHealth last said per target. */
  readonly #reported = new WeakMap<TargetRuntime, TargetHealth>()
  #queue: Promise<unknown> = Promise.resolve()
  #closed = false

  constructor(deps: DataPlaneDeps) {
    this.#deps = deps
    this.#random = deps.random ?? Math.random
    this.#checker = new HealthChecker(deps.timers, deps.probe ?? httpProbe, {
      probing: (key) => this.#onProbeEvent(key, { kind: 'probing' }),
      probed: (key, result) => this.#onProbeEvent(key, { kind: 'probed', result }),
    })
  }

  apply(config: DataPlaneConfig): Promise<ApplyResult> {
    const next = this.#queue.then(() => this.#apply(config))
    this.#queue = next.catch(() => {})
    return next
  }

  /** Where a listener listens (its bound port when configured with 0). */
  listenerAddress(listenerArn: string): { address: string; port: number } | undefined {
    const l = this.#listeners.get(listenerArn)
    return l && { address: (l.server.address() as { address: string }).address, port: l.ctx.port }
  }

  /** Every target of a group with its health, as DescribeTargetHealth lists them. */
  health(targetGroupArn: string): { id: string; port: number; health: TargetHealth }[] {
    const g = this.#groups.get(targetGroupArn)
    return g ? [...g.targets.values()].map((t) => ({ id: t.config.id, port: t.config.port, health: publicHealth(t) })) : []
  }

  /** Requests (and WebSocket tunnels) a target has not finished: a draining target with 0 may be removed at once. */
  inFlight(targetGroupArn: string, target: { id: string; port: number }): number {
    return this.#groups.get(targetGroupArn)?.targets.get(targetKey(target))?.inFlight ?? 0
  }

  metrics(): DataPlaneMetrics {
    return snapshotMetrics(this.#lbCounters, this.#groups)
  }

  /** Resolves once every health check sent so far has been answered and reported (tests on ManualTimers). */
  healthChecksIdle(): Promise<void> {
    return this.#checker.idle()
  }

  async close(): Promise<void> {
    this.#closed = true
    await this.#queue
    this.#checker.close()
    await Promise.all([...this.#listeners.values()].map((l) => closeListener(l.server)))
    this.#listeners.clear()
    for (const g of this.#groups.values()) for (const t of g.targets.values()) t.destroy()
    this.#groups.clear()
  }

  async #apply(config: DataPlaneConfig): Promise<ApplyResult> {
    if (this.#closed) return { listeners: [] }
    this.#applyTargetGroups(config.targetGroups)
    const inUse = groupsInUse(config.loadBalancers)
    for (const g of this.#groups.values()) {
      g.inUse = inUse.has(g.arn)
      for (const t of g.targets.values()) this.#reconcileTarget(g, t)
      g.refreshRoutable()
    }
    const result = await this.#applyListeners(config.loadBalancers)
    for (const g of this.#groups.values()) for (const t of g.targets.values()) this.#report(g, t)
    return result
  }

  #applyTargetGroups(configs: readonly TargetGroupConfig[]): void {
    const seen = new Set<string>()
    for (const c of configs) {
      seen.add(c.arn)
      let g = this.#groups.get(c.arn)
      if (!g) this.#groups.set(c.arn, (g = new TargetGroupRuntime(c)))
      else g.configure(c)
      const keys = new Set<string>()
      for (const tc of c.targets) {
        const key = targetKey(tc)
        keys.add(key)
        const t = g.targets.get(key)
        if (!t) {
          g.targets.set(key, new TargetRuntime(g, tc, nextHealth(undefined, { kind: tc.state === 'draining' ? 'deregistered' : 'registered' }, thresholds(c))))
          continue
        }
        if (t.config.address !== tc.address) t.retirePool()
        // Registered again after draining: a new registration, health checked from scratch.
        if (t.config.state === 'draining' && tc.state === 'registered') this.#transition(g, t, { kind: 'registered' })
        t.config = tc
      }
      for (const [key, t] of g.targets) if (!keys.has(key)) this.#removeTarget(g, t)
    }
    for (const [arn, g] of this.#groups) {
      if (seen.has(arn)) continue
      for (const t of g.targets.values()) this.#removeTarget(g, t)
      this.#groups.delete(arn)
    }
  }

  #removeTarget(g: TargetGroupRuntime, t: TargetRuntime): void {
    this.#unwatch(g, t)
    // In-flight requests past the deregistration delay fail with 502, as on ALB.
    t.destroy()
    g.targets.delete(t.key)
  }

  /** Moves a target to the health its registration and its group's use call for, and starts or stops its checks. */
  #reconcileTarget(g: TargetGroupRuntime, t: TargetRuntime): void {
    const checked = t.config.state === 'registered' && g.inUse && g.config.healthCheck.enabled
    const state = t.record.state
    if (t.config.state === 'draining') {
      if (state !== 'draining') this.#transition(g, t, { kind: 'deregistered' })
    } else if (!g.inUse) {
      if (state !== 'unused') this.#transition(g, t, { kind: 'not-in-use' })
    } else if (!g.config.healthCheck.enabled) {
      if (state !== 'unavailable') this.#transition(g, t, { kind: 'checks-disabled' })
    } else if (state !== 'initial' && state !== 'healthy' && state !== 'unhealthy') {
      this.#transition(g, t, { kind: 'registered' })
    }
    if (checked) {
      const key = watchKey(g, t)
      this.#watched.set(key, t)
      this.#checker.watch(key, probeSpec(g, t))
    } else {
      this.#unwatch(g, t)
    }
  }

  #unwatch(g: TargetGroupRuntime, t: TargetRuntime): void {
    const key = watchKey(g, t)
    if (this.#watched.get(key) !== t) return
    this.#watched.delete(key)
    this.#checker.unwatch(key)
  }

  #onProbeEvent(key: string, event: HealthEvent): void {
    const t = this.#watched.get(key)
    if (!t) return
    const before = t.record.state
    this.#transition(t.group, t, event)
    if (t.record.state !== before) t.group.refreshRoutable()
    this.#report(t.group, t)
  }

  #transition(g: TargetGroupRuntime, t: TargetRuntime, event: HealthEvent): void {
    const prev = t.record
    const next = nextHealth(prev, event, thresholds(g.config))
    if (next === prev) return
    if (next.state === 'healthy' && prev.state !== 'healthy') {
      const now = this.#deps.clock.now()
      t.slowStartSince = entersSlowStart([...g.targets.values()].filter((o) => o !== t), g.policy.slowStartMs, now) ? now : undefined
      t.swrrCurrent = 0
    } else if (next.state !== 'healthy') {
      t.slowStartSince = undefined
    }
    t.record = next
  }

  #report(g: TargetGroupRuntime, t: TargetRuntime): void {
    const health = publicHealth(t)
    if (sameHealth(this.#reported.get(t), health)) return
    this.#reported.set(t, health)
    this.#deps.onTargetHealth?.({ targetGroupArn: g.arn, target: { id: t.config.id, port: t.config.port }, health })
  }

  async #applyListeners(lbs: readonly LoadBalancerConfig[]): Promise<ApplyResult> {
    const result: ApplyResult = { listeners: [] }
    const wanted = new Map<string, ListenerConfig>()
    for (const lb of lbs) for (const lc of lb.listeners) wanted.set(lc.arn, lc)
    // Sockets that go away or move are closed before any is bound, so a port one listener
    // leaves is free for another in the same apply (two listeners swapping ports included).
    for (const [arn, l] of this.#listeners) {
      const lc = wanted.get(arn)
      if (lc && bindKey(lc) === l.bindKey) continue
      this.#listeners.delete(arn)
      await closeListener(l.server)
    }
    const lbArns = new Set<string>()
    for (const lb of lbs) {
      lbArns.add(lb.arn)
      let counters = this.#lbCounters.get(lb.arn)
      if (!counters) this.#lbCounters.set(lb.arn, (counters = new LoadBalancerCounters()))
      for (const lc of lb.listeners) {
        const error = await this.#applyListener(lb, lc, counters)
        const bound = this.#listeners.get(lc.arn)
        result.listeners.push({ arn: lc.arn, address: lc.address, port: bound?.ctx.port ?? lc.port, ...(error ? { error } : {}) })
      }
    }
    for (const arn of this.#lbCounters.keys()) if (!lbArns.has(arn)) this.#lbCounters.delete(arn)
    return result
  }

  /** Updates a listener in place, or (re)binds it; returns why it could not bind. */
  async #applyListener(lb: LoadBalancerConfig, lc: ListenerConfig, counters: LoadBalancerCounters): Promise<string | undefined> {
    const table = compileRules(lc.rules, lc.defaultAction, (a: ActionConfig): CompiledAction => compileAction(a, (arn) => this.#groups.get(arn) ?? new TargetGroupRuntime(emptyGroup(arn))))
    const idleMs = lb.attributes.idleTimeoutSeconds * 1000
    // A listener still here has the same socket (#applyListeners closed the others).
    const live = this.#listeners.get(lc.arn)
    if (live) {
      // Connections read the context on each request and each deadline: nothing else to update.
      Object.assign(live.ctx, { table, idleMs, xffMode: lb.attributes.xffHeaderProcessingMode, preserveHost: lb.attributes.preserveHostHeader, counters })
      return undefined
    }
    const ctx: ListenerContext = {
      arn: lc.arn,
      protocol: lc.protocol === 'HTTPS' ? 'https' : 'http',
      port: lc.port,
      forwardedProtoPort: forwardedProtoPortLines(lc.protocol === 'HTTPS' ? 'https' : 'http', lc.port),
      table,
      idleMs,
      xffMode: lb.attributes.xffHeaderProcessingMode,
      preserveHost: lb.attributes.preserveHostHeader,
      counters,
      clock: this.#deps.clock,
      random: this.#random,
    }
    try {
      const server = await openListener(ctx, lc)
      this.#listeners.set(lc.arn, { ctx, server, bindKey: bindKey(lc) })
      return undefined
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      this.#deps.logger?.warn('load balancer listener could not bind', { listener: lc.arn, address: lc.address, port: lc.port, error: message })
      return message
    }
  }
}
