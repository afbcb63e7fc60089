import fc from 'fast-check'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { withPrimary } from '../../core/model/service-deployments.js'
import type { ServiceRecord } from '../../core/model/service.js'
import type { TaskRecord } from '../../core/model/task.js'
import { T0, deployment, instance, snapshot, task } from '../../testing/service-scenario.js'
import { instanceLost } from './classify.js'
import { taskHealth } from './health.js'
import { reconcileService } from './reconcile.js'
import { fenceposts } from './rollout.js'

/**
 * The bounds hold whatever happens: across random sequences of task starts, failures, crashes,
 * stops, instance drains and losses, new deployments and scaling, every pass of the scheduler
 * leaves (a) at least min(healthy before, minimum healthy) healthy tasks, and (b) at most
 * max(live before, maximum live) live tasks. A tiny simulation plays the agents and placement.
 */
type Command =
  | { kind: 'reconcile' }
  | { kind: 'agent'; pick: number }
  | { kind: 'crash'; pick: number }
  | { kind: 'failStart'; pick: number }
  | { kind: 'time'; seconds: number }
  | { kind: 'drain'; instance: number }
  | { kind: 'lose'; instance: number }
  | { kind: 'deploy' }
  | { kind: 'scale'; desired: number }

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'reconcile' as const }) },
  { weight: 6, arbitrary: fc.nat(50).map((pick) => ({ kind: 'agent' as const, pick })) },
  { weight: 1, arbitrary: fc.nat(50).map((pick) => ({ kind: 'crash' as const, pick })) },
  { weight: 1, arbitrary: fc.nat(50).map((pick) => ({ kind: 'failStart' as const, pick })) },
  { weight: 3, arbitrary: fc.integer({ min: 5, max: 60 }).map((seconds) => ({ kind: 'time' as const, seconds })) },
  { weight: 1, arbitrary: fc.nat(4).map((i) => ({ kind: 'drain' as const, instance: i + 1 })) },
  { weight: 1, arbitrary: fc.nat(4).map((i) => ({ kind: 'lose' as const, instance: i + 1 })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'deploy' as const }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 6 }).map((desired) => ({ kind: 'scale' as const, desired })) },
)

describe('rollout bounds (property)', () => {
  it('never stops below minimum healthy, never starts above maximum live', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(0, 50, 75, 100),
        fc.constantFrom(100, 125, 150, 200),
        fc.array(command, { minLength: 10, maxLength: 120 }),
        (desired, min, max, commands) => {
          let now = T0 + 3_600_000
          let instances = [1, 2, 3, 4, 5].map((n) => instance(n))
          let revision = 1
          const first = deployment(1, 1)
          let service: ServiceRecord = snapshot({ service: { desiredCount: desired }, deployments: [first] }).service
          service = { ...service, deploymentConfiguration: { ...service.deploymentConfiguration, minimumHealthyPercent: min, maximumPercent: max } }
          let tasks: TaskRecord[] = []
          let seq = 0

          const snap = () => ({ ...snapshot({ deployments: service.deployments, tasks, instances, now }), service, serviceDeployment: undefined })
          const lost = (t: TaskRecord) => instanceLost(instances.find((i) => i.arn === t.containerInstanceArn), 30_000, now)
          const live = (ts: TaskRecord[]) => ts.filter((t) => t.lastStatus !== 'STOPPED' && !lost(t)).length
          const healthy = (ts: TaskRecord[]) =>
            ts.filter((t) => t.desiredStatus === 'RUNNING' && !lost(t) && taskHealth(t, { checked: false, graceMs: 0, healthyAfterMs: 40_000 }, now) === 'healthy').length
          const pick = <T>(xs: T[], n: number): T | undefined => (xs.length ? xs[n % xs.length] : undefined)
          const replace = (t: TaskRecord) => (tasks = tasks.map((x) => (x.arn === t.arn ? t : x)))

          for (const c of commands) {
            switch (c.kind) {
              case 'reconcile': {
                const plan = reconcileService(snap())
                const before = { healthy: healthy(tasks), live: live(tasks) }
                const bounds = fenceposts(service.status === 'ACTIVE' ? service.desiredCount : 0, min, max)
                service = plan.service
                for (const w of plan.tasks) replace(w)
                const usable = instances.filter((i) => i.status === 'ACTIVE' && i.agentConnected)
                for (let k = 0; k < (plan.start?.count ?? 0) && usable.length > 0; k++) {
                  const d = service.deployments.find((x) => x.id === plan.start!.deploymentId)!
                  tasks.push({ ...task(d, Number(pick(usable, seq++)!.id), now), containerInstanceArn: pick(usable, seq)!.arn })
                }
                assert.ok(healthy(tasks) >= Math.min(before.healthy, bounds.minHealthy), `healthy ${healthy(tasks)} < min(${before.healthy}, ${bounds.minHealthy})`)
                assert.ok(live(tasks) <= Math.max(before.live, bounds.maxLive), `live ${live(tasks)} > max(${before.live}, ${bounds.maxLive})`)
                break
              }
              case 'agent': {
                const t = pick(tasks.filter((x) => x.lastStatus !== 'STOPPED' && !lost(x)), c.pick)
                if (!t) break
                if (t.desiredStatus === 'STOPPED') replace({ ...t, lastStatus: 'STOPPED', stoppedAt: now })
                else if (t.lastStatus !== 'RUNNING') replace({ ...t, lastStatus: 'RUNNING', startedAt: now })
                break
              }
              case 'crash': {
                const t = pick(tasks.filter((x) => x.lastStatus === 'RUNNING'), c.pick)
                if (t) replace({ ...t, lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedAt: now })
                break
              }
              case 'failStart': {
                const t = pick(tasks.filter((x) => x.lastStatus === 'PENDING'), c.pick)
                if (t) replace({ ...t, lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'TaskFailedToStart', stoppedAt: now })
                break
              }
              case 'time':
                now += c.seconds * 1000
                break
              case 'drain':
                instances = instances.map((i) => (i.id === instance(c.instance).id ? { ...i, status: 'DRAINING' as const } : i))
                break
              case 'lose':
                instances = instances.map((i) => (i.id === instance(c.instance).id && i.agentConnected ? { ...i, agentConnected: false, agentDisconnectedAt: now } : i))
                break
              case 'deploy': {
                revision++
                service = withPrimary(service, deployment(revision, revision), now)
                break
              }
              case 'scale':
                if (service.status === 'ACTIVE') service = { ...service, desiredCount: c.desired }
                break
            }
          }
        },
      ),
      { numRuns: 300, seed: Number(process.env['BERTH_FUZZ_SEED'] ?? 20261130) },
    )
  })
})
