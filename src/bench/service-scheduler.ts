/**
 * The service scheduler at scale (the services issue: "1,000 services × 10 tasks on 500
 * instances (fake runtime) with a full pass under 200 ms and reacts to a stopped task within
 * 1 s"). The store is filled as agents and the API would leave it — 500 connected instances,
 * 1,000 steady services, 10,000 RUNNING healthy tasks — and the real controller runs over it
 * in this process; the agents are played by writing their reports into the store.
 */
import { EcsArns } from '../core/arn.js'
import { systemClock } from '../core/clock.js'
import { DEFAULT_PARTITION } from '../core/config.js'
import { silentLogger } from '../core/log.js'
import { realTimers } from '../core/timers.js'
import type { ContainerInstanceRecord } from '../core/model/container-instance.js'
import type { ServiceRecord } from '../core/model/service.js'
import type { TaskRecord } from '../core/model/task.js'
import { serviceScheduler } from '../scheduler/services/service-scheduler.js'
import { SqliteStore } from '../state/sqlite/sqlite-store.js'
import { mockInstance, mockService, mockTask } from '../testing/mock.js'
import type { BenchResult } from './placement.js'

const SERVICES = 1_000
const TASKS_PER_SERVICE = 10
const INSTANCES = 500
const REACTIONS = 10

/** A store as 500 agents and the API would leave it: 1,000 steady services of 10 healthy tasks. */
export async function fillSchedulerStore(): Promise<{ store: SqliteStore; services: ServiceRecord[]; instances: ContainerInstanceRecord[]; arns: EcsArns }> {
  const store = new SqliteStore({ path: ':memory:' })
  const arns = new EcsArns(DEFAULT_PARTITION)
  const now = Date.now()
  const instances = Array.from({ length: INSTANCES }, (_, i) =>
    mockInstance({
      id: String(i).padStart(32, '0'),
      cluster: 'bench',
      attributes: [{ name: 'ecs.availability-zone', value: `us-east-1${'abc'[i % 3]}` }],
      registeredResources: [
        { name: 'CPU', type: 'INTEGER', integerValue: 100_000 },
        { name: 'MEMORY', type: 'INTEGER', integerValue: 100_000 },
        { name: 'PORTS', type: 'STRINGSET', stringSetValue: [] },
        { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: [] },
      ],
    }),
  )
  const td = {
    family: 'web',
    revision: 1,
    taskDefinitionArn: arns.taskDefinition('web', 1),
    status: 'ACTIVE' as const,
    containerDefinitions: [{ name: 'app', image: 'web', memory: 8, healthCheck: { command: ['CMD', 'true'] } }],
  }
  await store.txn(async (tx) => {
    await tx.clusters.put({ arn: arns.cluster('bench'), name: 'bench', status: 'ACTIVE', settings: [], capacityProviders: [], defaultCapacityProviderStrategy: [], createdAt: now })
    await tx.taskDefinitions.put(td)
    for (const i of instances) await tx.containerInstances.put(i)
  })
  const services: ServiceRecord[] = []
  for (let s = 0; s < SERVICES; s++) {
    const base = mockService({ cluster: 'bench', name: `svc${s}`, desiredCount: TASKS_PER_SERVICE, taskDefinition: td.taskDefinitionArn })
    const deployment = { ...base.deployments[0]!, id: `ecs-svc/${String(1e18 + s).slice(0, 19)}`, taskDefinition: td.taskDefinitionArn, rolloutState: 'COMPLETED' as const, succeeded: true }
    services.push({ ...base, deployments: [deployment], lastCompleted: deployment, scheduler: { startFailures: 0, rebalancing: false, steadySince: now } })
  }
  let taskCount = 0
  const taskOf = (service: ServiceRecord, k: number): TaskRecord =>
    mockTask({
      id: (++taskCount).toString(16).padStart(32, '0'),
      cluster: 'bench',
      group: `service:${service.name}`,
      startedBy: service.deployments[0]!.id,
      taskDefinitionArn: td.taskDefinitionArn,
      containerInstanceArn: instances[(services.indexOf(service) * TASKS_PER_SERVICE + k) % INSTANCES]!.arn,
      lastStatus: 'RUNNING',
      healthStatus: 'HEALTHY',
      startedAt: now - 60_000,
      healthyAt: now - 50_000,
      reservation: { cpu: 0, memory: 8, tcpPorts: [], udpPorts: [] },
    })
  for (let from = 0; from < SERVICES; from += 100) {
    await store.txn(async (tx) => {
      for (const service of services.slice(from, from + 100)) {
        await tx.services.put(service)
        for (let k = 0; k < TASKS_PER_SERVICE; k++) await tx.tasks.put(taskOf(service, k))
      }
    })
  }
  return { store, services, instances, arns }
}

export async function benchServiceScheduler(): Promise<BenchResult[]> {
  const { store, services, instances, arns } = await fillSchedulerStore()

  const passes: { services: number; ms: number }[] = []
  let passed: (() => void) | undefined
  const scheduler = serviceScheduler({
    store,
    clock: systemClock,
    timers: realTimers,
    logger: silentLogger,
    arns,
    settings: { lostAfterMs: 30_000, healthyAfterMs: 40_000 },
    onPass: (p) => {
      passes.push(p)
      passed?.()
    },
  })
  const abort = new AbortController()
  const indexBefore = store.index()
  const firstPass = new Promise<void>((resolve) => (passed = resolve))
  const loop = scheduler.run(abort.signal)
  await firstPass
  const full = passes[0]!
  const wroteOnFullPass = store.index() !== indexBefore
  // A change to an instance makes every service of its cluster look again: a full pass, warm.
  const warmPasses: number[] = []
  for (let k = 0; k < 5; k++) {
    const next = new Promise<void>((resolve) => (passed = resolve))
    await store.txn(async (tx) => {
      const i = (await tx.containerInstances.get(instances[0]!.arn))!
      await tx.containerInstances.put({ ...i, version: i.version + 1 })
    })
    await next
    warmPasses.push(passes.at(-1)!.ms)
  }

  // A task stops (its agent reports it STOPPED): how long until its replacement is stored.
  const reactions: number[] = []
  for (let r = 0; r < REACTIONS; r++) {
    const service = services[(r * 97) % SERVICES]!
    const group = `service:${service.name}`
    const [victim] = await store.read((tx) => tx.tasks.inGroup(service.clusterArn, group))
    const t0 = performance.now()
    await store.txn((tx) =>
      tx.tasks.put({ ...victim!, lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedAt: Date.now(), version: victim!.version + 1 }),
    )
    for (;;) {
      const index = store.index()
      const live = await store.read((tx) => tx.tasks.inGroup(service.clusterArn, group))
      if (live.length === TASKS_PER_SERVICE && !live.some((t) => t.arn === victim!.arn)) break
      await store.watch(index, { tables: ['tasks'] })
    }
    reactions.push(performance.now() - t0)
  }
  abort.abort()
  await loop
  await store.close()
  const sorted = [...reactions].sort((a, b) => a - b)
  return [
    {
      name: `service scheduler: first full pass after start (cold), ${SERVICES} services × ${TASKS_PER_SERVICE} tasks on ${INSTANCES} instances${wroteOnFullPass ? ' (it wrote: not steady!)' : ''}`,
      value: Math.round(full.ms),
      unit: 'ms',
      target: '< 200',
    },
    {
      name: `service scheduler: full pass after an instance changed (median of 5), ${SERVICES} services × ${TASKS_PER_SERVICE} tasks`,
      value: Math.round([...warmPasses].sort((a, b) => a - b)[2]!),
      unit: 'ms',
      target: '< 200',
    },
    {
      name: `service scheduler: a stopped task → its replacement stored (median of ${REACTIONS})`,
      value: Math.round(sorted[Math.floor(sorted.length / 2)]!),
      unit: 'ms',
      target: '< 1000',
    },
    { name: `service scheduler: a stopped task → its replacement stored (worst of ${REACTIONS})`, value: Math.round(sorted.at(-1)!), unit: 'ms', target: '< 1000' },
  ]
}
