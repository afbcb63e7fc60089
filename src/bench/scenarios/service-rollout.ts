import type { ServiceRecord } from '../../core/model/service.js'
import type { TaskRecord } from '../../core/model/task.js'
import { TEST_IMAGES } from '../../testing/images.js'
import { startBenchCluster, watchStore, type BenchCluster } from '../bench-cluster.js'
import type { Row, Scenario } from '../scenario.js'
import { median } from '../stats.js'

const BIND_IP = '127.0.9.3'
const TASKS = 10
const ROLLOUTS = 3
const CRASHES = 5
/** The health check's interval: Docker runs the first check this long after the container starts. */
const HEALTH_INTERVAL_S = 5

/**
 * Services on real Docker through the whole stack (a control plane in this process, one
 * `berth agent` process): a rolling deployment of 10 tasks at maximum 200 % / minimum 100 %
 * against its theoretical minimum — the slowest new task's start, plus the health threshold
 * (its first health check, one interval after it started), in one batch; and a crashed
 * service task's replacement, from the kill to the new task RUNNING.
 */
export const serviceRollout: Scenario = {
  name: 'service rollout and crash replacement',
  needs: ['CreateService', 'UpdateService', 'DeleteService', 'RegisterTaskDefinition'],
  async run(ctx) {
    const c = await startBenchCluster(BIND_IP)
    if ('skip' in c) {
      ctx.note(`service rollout: skipped, no Docker Engine (${c.skip})`)
      return []
    }
    try {
      return [...(await rollouts(c)), ...(await crashes(c))]
    } finally {
      await c.close()
    }
  },
}

const definition = (family: string, provider: string) => ({
  family,
  containerDefinitions: [
    {
      name: 'web',
      image: TEST_IMAGES.web,
      memory: 32,
      portMappings: [{ containerPort: 5000 }],
      environment: [{ name: 'PROVIDER', value: provider }],
      healthCheck: { command: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:5000/health'], interval: HEALTH_INTERVAL_S, timeout: 2, retries: 2 },
    },
  ],
})

const serviceArnOf = (c: BenchCluster, name: string) => `${c.cluster.server.arns.service(c.cluster.name, name)}`

/** Resolves once the service's newest deployment (of `taskDefinition`, when given) is COMPLETED and alone. */
function completed(c: BenchCluster, name: string, taskDefinition?: string) {
  return watchStore(
    c.store,
    `${name} completed`,
    async (tx) => {
      const s = await tx.services.get(serviceArnOf(c, name))
      const d = s?.deployments[0]
      const done = s && s.deployments.length === 1 && d?.rolloutState === 'COMPLETED' && (!taskDefinition || d.taskDefinition.endsWith(taskDefinition))
      return done ? s : undefined
    },
    180_000,
  )
}

async function rollouts(c: BenchCluster): Promise<Row[]> {
  await c.ecs('RegisterTaskDefinition', definition('roll', 'v0'))
  await c.ecs('CreateService', { cluster: c.cluster.name, serviceName: 'roll', taskDefinition: 'roll:1', desiredCount: TASKS })
  await completed(c, 'roll', 'roll:1')
  const ratios: number[] = []
  const took: number[] = []
  const minimum: number[] = []
  for (let r = 1; r <= ROLLOUTS; r++) {
    await c.ecs('RegisterTaskDefinition', definition('roll', `v${r}`))
    const t0 = Date.now()
    const started = performance.now()
    await c.ecs('UpdateService', { cluster: c.cluster.name, service: 'roll', taskDefinition: `roll:${r + 1}` })
    const { value: service, at } = await completed(c, 'roll', `roll:${r + 1}`)
    const tasks = await newTasks(c, service)
    const slowestStart = Math.max(...tasks.map((t) => t.startedAt ?? Infinity)) - t0
    const theoretical = slowestStart + HEALTH_INTERVAL_S * 1000
    took.push(at - started)
    minimum.push(theoretical)
    ratios.push((at - started) / theoretical)
  }
  await c.ecs('UpdateService', { cluster: c.cluster.name, service: 'roll', desiredCount: 0 })
  await c.ecs('DeleteService', { cluster: c.cluster.name, service: 'roll', force: true })
  const scenario = `rolling deployment of ${TASKS} tasks, max 200 % / min 100 %, health check every ${HEALTH_INTERVAL_S} s (${ROLLOUTS} rollouts)`
  return [
    { scenario, metric: 'took / theoretical minimum (median)', unit: '×', runs: [median(ratios)], target: { kind: 'below', value: 1.3 } },
    { scenario, metric: 'took (median)', unit: 'ms', runs: [median(took)] },
    { scenario, metric: 'theoretical minimum: slowest start + one health interval (median)', unit: 'ms', runs: [median(minimum)] },
  ]
}

async function newTasks(c: BenchCluster, service: ServiceRecord): Promise<TaskRecord[]> {
  const id = service.deployments[0]!.id
  return (await c.store.read((tx) => tx.tasks.inGroup(service.clusterArn, `service:${service.name}`))).filter((t) => t.startedBy === id)
}

async function crashes(c: BenchCluster): Promise<Row[]> {
  await c.ecs('RegisterTaskDefinition', definition('crash', 'crash'))
  await c.ecs('CreateService', { cluster: c.cluster.name, serviceName: 'crash', taskDefinition: 'crash:1', desiredCount: 1 })
  const replaced: number[] = []
  for (let k = 0; k < CRASHES; k++) {
    const { value: service } = await completed(c, 'crash')
    const [victim] = await newTasks(c, service)
    const runtimeId = victim!.containers[0]!.runtimeId!
    const t0 = performance.now()
    await c.runtime.stop(runtimeId, { timeoutMs: 0, signal: 'SIGKILL' })
    const { at } = await watchStore(
      c.store,
      'a replacement RUNNING',
      async (tx) => (await tx.tasks.inGroup(service.clusterArn, 'service:crash')).find((t) => t.arn !== victim!.arn && t.lastStatus === 'RUNNING'),
      60_000,
    )
    replaced.push(at - t0)
  }
  await c.ecs('UpdateService', { cluster: c.cluster.name, service: 'crash', desiredCount: 0 })
  await c.ecs('DeleteService', { cluster: c.cluster.name, service: 'crash', force: true })
  return [
    {
      scenario: `a crashed service task (SIGKILL) → its replacement RUNNING (${CRASHES} crashes)`,
      metric: 'median',
      unit: 'ms',
      runs: [median(replaced)],
      target: { kind: 'below', value: 3000 },
    },
    { scenario: `a crashed service task (SIGKILL) → its replacement RUNNING (${CRASHES} crashes)`, metric: 'worst', unit: 'ms', runs: [Math.max(...replaced)] },
  ]
}
