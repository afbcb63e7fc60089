import { toWireInstance } from '../api/ecs/container-instances/instance-view.js'
import type { Resource } from '../core/aws-model/ecs.types.js'
import { targetGroupLoadBalancers } from '../core/model/elb-topology.js'
import { serviceGroup } from '../core/model/service.js'
import { countByDeployment, sumCounts } from '../core/model/service-tasks.js'
import { tasksOnInstance } from '../scheduler/apply/index.js'
import type { ReadTx } from '../state/store.js'

/**
 * What the store says at one moment, for one scrape: read in one read transaction, so every
 * gauge of a scrape agrees with the others (a task counted running in its service is counted
 * running in its cluster). Counts are the APIs' own: a service's as DescribeServices reports
 * them, an instance's as DescribeContainerInstances does.
 */
export interface StoreFigures {
  /** ACTIVE clusters, by name. */
  clusters: string[]
  /** Tasks not yet STOPPED, per cluster and lastStatus (stopped ones are forgotten after an hour). */
  tasks: { cluster: string; lastStatus: string; count: number }[]
  /** ACTIVE and DRAINING services. */
  services: { cluster: string; service: string; desired: number; running: number; pending: number }[]
  /** Registered (not INACTIVE) container instances; memory in MiB, as ECS counts it. */
  instances: InstanceFigures[]
  /** Target group ARN → the load balancer ARN that forwards to it (an ALB group serves one). */
  targetGroupLoadBalancer: Map<string, string>
}

export interface InstanceFigures {
  cluster: string
  /** The instance's id, the last part of its ARN. */
  instance: string
  status: string
  agentConnected: boolean
  registeredCpu: number
  remainingCpu: number
  registeredMemoryMiB: number
  remainingMemoryMiB: number
  runningTasks: number
  pendingTasks: number
}

const PAGE = 500

export async function readStoreFigures(tx: ReadTx): Promise<StoreFigures> {
  const out: StoreFigures = { clusters: [], tasks: [], services: [], instances: [], targetGroupLoadBalancer: new Map() }
  for await (const cluster of pages((after) => tx.clusters.list({ after, limit: PAGE, status: 'ACTIVE' }), (c) => c.arn)) {
    out.clusters.push(cluster.name)
    for (const [lastStatus, count] of Object.entries(await tx.tasks.countByStatus(cluster.arn))) out.tasks.push({ cluster: cluster.name, lastStatus, count })
    for (const status of ['ACTIVE', 'DRAINING'] as const) {
      for await (const s of pages((after) => tx.services.list({ clusterArn: cluster.arn, status, after, limit: PAGE }), (s) => s.arn)) {
        const counts = sumCounts(countByDeployment(await tx.tasks.inGroup(s.clusterArn, serviceGroup(s.name))), s.deployments.map((d) => d.id))
        out.services.push({ cluster: cluster.name, service: s.name, desired: s.desiredCount, ...counts })
      }
    }
    for await (const ci of pages((after) => tx.containerInstances.list({ clusterArn: cluster.arn, after, limit: PAGE }), (c) => c.arn)) {
      if (ci.status === 'INACTIVE') continue
      const wire = toWireInstance(ci, await tasksOnInstance(tx, ci), [], false)
      out.instances.push({
        cluster: cluster.name,
        instance: ci.id,
        status: ci.status,
        agentConnected: ci.agentConnected,
        registeredCpu: resource(wire.registeredResources, 'CPU'),
        remainingCpu: resource(wire.remainingResources, 'CPU'),
        registeredMemoryMiB: resource(wire.registeredResources, 'MEMORY'),
        remainingMemoryMiB: resource(wire.remainingResources, 'MEMORY'),
        runningTasks: wire.runningTasksCount ?? 0,
        pendingTasks: wire.pendingTasksCount ?? 0,
      })
    }
  }
  const [listeners, rules, groups] = await Promise.all([tx.listeners.list(), tx.rules.list(), tx.targetGroups.list()])
  for (const g of groups) {
    const lb = targetGroupLoadBalancers(g.arn, listeners, rules)[0]
    if (lb !== undefined) out.targetGroupLoadBalancer.set(g.arn, lb)
  }
  return out
}

const resource = (resources: readonly Resource[] | undefined, name: string): number => resources?.find((r) => r.name === name)?.integerValue ?? 0

/** Every record of a keyset-paginated list. */
async function* pages<T>(list: (after: string | undefined) => Promise<T[]>, keyOf: (t: T) => string): AsyncGenerator<T> {
  let after: string | undefined
  for (;;) {
    const page = await list(after)
    yield* page
    if (page.length < PAGE) return
    after = keyOf(page[page.length - 1]!)
  }
}
