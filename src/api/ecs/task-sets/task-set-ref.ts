import type { ClusterRecord } from '../../../core/model/cluster.js'
import { EcsErrors } from '../../../core/errors.js'
import type { ServiceRecord } from '../../../core/model/service.js'
import type { TaskSetRecord } from '../../../core/model/task-set.js'
import type { ReadTx } from '../../../state/store.js'
import type { EcsDeps } from '../deps.js'
import { requireCluster } from '../resolve.js'
import { requireService } from '../services/service-ref.js'

/**
 * The service a task-set action names, in ECS's order: the cluster (ClusterNotFoundException),
 * the service (ServiceNotFoundException), ACTIVE (ServiceNotActiveException), and deployed by
 * an EXTERNAL controller (ECS's InvalidParameterException).
 */
export async function requireExternalService(
  tx: ReadTx,
  input: { cluster: string; service: string },
  deps: Pick<EcsDeps, 'arns' | 'partition'>,
): Promise<{ cluster: ClusterRecord; service: ServiceRecord }> {
  const cluster = await requireCluster(tx, input.cluster, deps)
  const service = await requireService(tx, input.service, cluster, deps)
  if (service.status !== 'ACTIVE') throw EcsErrors.serviceNotActive()
  if (service.deploymentController !== 'EXTERNAL') throw EcsErrors.notExternal()
  return { cluster, service }
}

/** A task set of the service by its id (`ecs-svc/…`) or ARN. */
export function findTaskSet(service: ServiceRecord, ref: string): TaskSetRecord | undefined {
  return (service.taskSets ?? []).find((t) => t.id === ref || t.arn === ref)
}

export function requireTaskSet(service: ServiceRecord, ref: string): TaskSetRecord {
  const found = findTaskSet(service, ref)
  if (!found) throw EcsErrors.taskSetNotFound()
  return found
}

/** The service with one task set replaced (or removed: `next` undefined); the PRIMARY first. */
export function withTaskSet(service: ServiceRecord, id: string, next: TaskSetRecord | undefined): ServiceRecord {
  const others = (service.taskSets ?? []).filter((t) => t.id !== id)
  const all = next ? [...others, next] : others
  const taskSets = [...all.filter((t) => t.status === 'PRIMARY'), ...all.filter((t) => t.status !== 'PRIMARY').sort((a, b) => a.createdAt - b.createdAt)]
  return { ...service, taskSets, taskDefinition: taskSets[0]?.status === 'PRIMARY' ? taskSets[0].taskDefinition : '', version: service.version + 1 }
}
