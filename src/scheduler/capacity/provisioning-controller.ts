import { zoneOf } from '../../core/model/attribute.js'
import type { Clock } from '../../core/clock.js'
import type { Controller } from '../../core/controller.js'
import type { Logger } from '../../core/log.js'
import { PROVISIONING_TIMEOUT_MS, stopWaitingTask } from '../../core/model/waiting-task.js'
import type { Timers } from '../../core/timers.js'
import type { ReadTx, Store, StoreTable } from '../../state/store.js'
import { waitForWork } from '../../state/wait-for-work.js'
import { loadCandidates } from '../apply/index.js'
import type { CandidateInstance } from '../placement/index.js'
import { decideProvisioning } from './provisioning.js'

export interface ProvisioningDeps {
  store: Store
  clock: Clock
  timers: Timers
  logger: Logger
  /** How long a task may wait for capacity (default PROVISIONING_TIMEOUT_MS, ECS's 30 minutes). */
  timeoutMs?: number
}

/** A registered instance, a task stopping or placed: each can make room or need it. */
const WATCHED: readonly StoreTable[] = ['tasks', 'containerInstances']

/**
 * The provisioning pass, a controller: whenever tasks or container instances change (an
 * instance of an Auto Scaling group registers, its agent connects, a task stops and frees
 * room) or the first waiting task's deadline comes, it reads the tasks waiting in PROVISIONING
 * for capacity and, inside one write transaction (so nothing else takes the room meanwhile),
 * decides (provisioning.ts) and applies: a placed task gets its instance — written once, here —
 * and its agent sees it on the channel and starts it; a task that waited too long, or that was
 * told to stop while waiting, ends STOPPED at once, as no agent has it.
 */
export function provisioningController(deps: ProvisioningDeps): Controller {
  const timeoutMs = deps.timeoutMs ?? PROVISIONING_TIMEOUT_MS
  return {
    name: 'provisioning',
    async run(signal) {
      while (!signal.aborted) {
        const seen = deps.store.index()
        let wakeAt: number | undefined
        try {
          wakeAt = await provisioningPass(deps, timeoutMs)
        } catch (error) {
          deps.logger.warn('a provisioning pass failed; trying again on the next change', { error })
        }
        const afterMs = wakeAt === undefined ? undefined : Math.max(0, wakeAt - deps.clock.now())
        await waitForWork(deps.store, deps.timers, { seen, tables: WATCHED, afterMs, signal })
      }
    },
  }
}

/** One pass; returns when the first task still waiting times out, if any does. */
export async function provisioningPass(deps: Pick<ProvisioningDeps, 'store' | 'clock' | 'logger'>, timeoutMs: number): Promise<number | undefined> {
  // Most passes find nothing to do (nothing waits, or no room came up): decided on a read; only
  // a decision that acts is made again, and applied, inside a write transaction.
  const decide = async (tx: ReadTx) => {
    const waiting = await tx.tasks.waitingForCapacity()
    if (waiting.length === 0) return { actions: [], wakeAt: undefined, now: deps.clock.now() }
    const now = deps.clock.now()
    return { ...decideProvisioning({ waiting, candidates: await candidatesOf(tx, new Set(waiting.map((t) => t.clusterArn))), now, timeoutMs }), now }
  }
  const first = await deps.store.read(decide)
  if (first.actions.length === 0) return first.wakeAt
  return deps.store.txn(async (tx) => {
    const decision = await decide(tx)
    const now = decision.now
    for (const a of decision.actions) {
      if (a.kind === 'place') {
        const zone = zoneOf(a.instance)
        const { waitingPlacement: _placed, ...task } = a.task
        await tx.tasks.put({ ...task, containerInstanceArn: a.instance.arn, ...(zone !== undefined ? { availabilityZone: zone } : {}), version: task.version + 1 })
        deps.logger.info('placed a task that waited for capacity', { task: task.arn, instance: a.instance.arn })
      } else {
        await tx.tasks.put(stopWaitingTask(a.task, now, a.stopCode, a.stoppedReason))
        if (a.stopCode === 'TaskFailedToStart') deps.logger.info('a task waited too long for capacity', { task: a.task.arn, reason: a.stoppedReason })
      }
    }
    return decision.wakeAt
  })
}

async function candidatesOf(tx: ReadTx, clusters: ReadonlySet<string>): Promise<Map<string, CandidateInstance[]>> {
  const out = new Map<string, CandidateInstance[]>()
  for (const arn of clusters) {
    const cluster = await tx.clusters.get(arn)
    out.set(arn, cluster ? await loadCandidates(tx, cluster) : [])
  }
  return out
}
