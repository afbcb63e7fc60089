import type { ClusterRecord } from '../../core/model/cluster.js'
import type { ContainerInstanceRecord } from '../../core/model/container-instance.js'
import { remainingResources, type TaskFootprint } from '../../core/model/instance-resources.js'
import { footprintOf, queryTargetOf } from '../../core/model/instance-tasks.js'
import type { ReadTx } from '../../state/store.js'
import type { CandidateInstance } from '../placement/index.js'

/** What the tasks on an instance take from it: every task placed there and not yet STOPPED. */
export async function tasksOnInstance(tx: ReadTx, instance: ContainerInstanceRecord): Promise<TaskFootprint[]> {
  return (await tx.tasks.holdingResources(instance.arn)).map(footprintOf)
}

/** Every registered instance of a cluster as placement sees it: what is left of each. */
export async function loadCandidates(tx: ReadTx, cluster: ClusterRecord, only?: ReadonlySet<string>): Promise<CandidateInstance[]> {
  const out: CandidateInstance[] = []
  let after: string | undefined
  for (;;) {
    const page = await tx.containerInstances.list({ clusterArn: cluster.arn, after, limit: 500 })
    for (const ci of page) {
      if (ci.status === 'INACTIVE' || (only && !only.has(ci.arn))) continue
      out.push(candidateOf(ci, await tasksOnInstance(tx, ci)))
    }
    if (page.length < 500) return out
    after = page[page.length - 1]!.arn
  }
}

/** One instance as placement sees it, given the tasks it holds. */
export function candidateOf(ci: ContainerInstanceRecord, tasks: readonly TaskFootprint[]): CandidateInstance {
  const remaining = remainingResources(ci.registeredResources, tasks)
  const integer = (name: string) => remaining.find((r) => r.name === name)?.integerValue ?? 0
  const ports = (name: string) => new Set((remaining.find((r) => r.name === name)?.stringSetValue ?? []).map(Number))
  return {
    ...queryTargetOf(ci, tasks),
    arn: ci.arn,
    id: ci.id,
    status: ci.status,
    remainingCpu: integer('CPU'),
    remainingMemory: integer('MEMORY'),
    tcpPortsInUse: ports('PORTS'),
    udpPortsInUse: ports('PORTS_UDP'),
  }
}
