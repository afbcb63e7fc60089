import type { DeleteServiceRequest, DeleteServiceResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { serviceGroup } from '../../../core/model/service.js'
import { countByDeployment } from '../../../core/model/service-tasks.js'
import type { EcsOperation } from '../deps.js'
import { requireCluster } from '../resolve.js'
import { finishUnfinished, SERVICE_DELETED_REASON } from './deployments.js'
import { requireService } from './service-ref.js'
import { viewService } from './service-view.js'

/**
 * DeleteService: desiredCount 0, and DRAINING while the service still has tasks not STOPPED
 * (the scheduler stops them and then makes it INACTIVE), INACTIVE at once when it has none.
 * A REPLICA service still scaled above 0 needs `force` (ECS's text); a DAEMON service never
 * does. Deleting a DRAINING or INACTIVE service again answers it as it is. The service
 * deployment in progress, if any, is stopped: nothing will finish it now.
 */
export const deleteService: EcsOperation<DeleteServiceRequest, DeleteServiceResponse> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    const service = await requireService(tx, input.service, cluster, deps)
    if (service.status !== 'ACTIVE') return { service: await viewService(tx, service) }
    if (service.schedulingStrategy === 'REPLICA' && service.desiredCount > 0 && input.force !== true) {
      throw EcsErrors.invalidParameter('The service cannot be stopped while it is scaled above 0.')
    }
    const tasks = await tx.tasks.inGroup(service.clusterArn, serviceGroup(service.name))
    const counts = countByDeployment(tasks)
    const now = deps.clock.now()
    await finishUnfinished(tx, service, counts, now, SERVICE_DELETED_REASON)
    const deleted = { ...service, desiredCount: 0, status: tasks.length > 0 ? ('DRAINING' as const) : ('INACTIVE' as const), version: service.version + 1 }
    await tx.services.put(deleted)
    return { service: await viewService(tx, deleted) }
  })
