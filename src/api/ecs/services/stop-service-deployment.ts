import type { StopServiceDeploymentRequest, StopServiceDeploymentResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { FINISHED_SERVICE_DEPLOYMENT, type ServiceDeploymentStatus } from '../../../core/model/service.js'
import { rolledBack, userRollbackReason } from '../../../core/model/service-deployments.js'
import type { EcsOperation } from '../deps.js'

/** Berth's words for the deployment a user rolled back (ECS documents none). */
export const userStoppedReason = (deploymentId: string) => `ECS deployment ${deploymentId} stopped by user: rolling back.`
export const ROLLBACK_REQUESTED_REASON = 'A rollback to the last completed deployment was requested.'

/** ECS's doc: from these a stop request "continues to stop" or "continues the rollback". */
const ALREADY_STOPPING: ReadonlySet<ServiceDeploymentStatus> = new Set(['STOP_REQUESTED', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'])

/**
 * StopServiceDeployment with stopType ROLLBACK (also when stopType is absent: "The valid values
 * are ROLLBACK"): the service goes back to its last completed deployment, revived as PRIMARY
 * under its own id, and the deployment stopped is marked FAILED — the user judged it failing,
 * which is what the circuit breaker's rollback records too, and a FAILED deployment launches no
 * new task. The service deployment becomes ROLLBACK_REQUESTED; the scheduler moves it on to
 * ROLLBACK_IN_PROGRESS and ROLLBACK_SUCCESSFUL.
 *
 * Refused with ConflictException (the request is well formed; the deployment's state forbids
 * it): a finished deployment, one its service has moved on from, and one with no completed
 * deployment before it to return to.
 */
export const stopServiceDeployment: EcsOperation<StopServiceDeploymentRequest, StopServiceDeploymentResponse> = async (input, deps) => {
  if (input.stopType === 'ABORT') {
    throw EcsErrors.invalidParameter(
      'stopType ABORT is not available: Berth stops a rolling service deployment by rolling it back (stopType ROLLBACK).',
    )
  }
  const arn = input.serviceDeploymentArn
  return deps.store.txn(async (tx) => {
    const record = await tx.serviceDeployments.get(arn)
    if (!record) throw EcsErrors.serviceDeploymentNotFound(arn)
    if (ALREADY_STOPPING.has(record.status)) return { serviceDeploymentArn: arn }
    if (FINISHED_SERVICE_DEPLOYMENT.has(record.status)) {
      throw EcsErrors.conflict(`The service deployment ${arn} has already finished (${record.status}); only one in progress can be stopped.`)
    }
    const service = await tx.services.get(record.serviceArn)
    if (!service || service.status !== 'ACTIVE' || service.currentServiceDeploymentArn !== arn) {
      throw EcsErrors.conflict(`The service deployment ${arn} is not its service's current deployment; only that one can be stopped.`)
    }
    const now = deps.clock.now()
    const stoppedId = service.deployments[0]?.id ?? ''
    const back = rolledBack(service, { rolloutState: 'FAILED', rolloutStateReason: userStoppedReason(stoppedId) }, userRollbackReason, now)
    if (!back) {
      throw EcsErrors.conflict(`The service deployment ${arn} cannot be rolled back: the service has no completed deployment to return to.`)
    }
    await tx.services.put(back.service)
    await tx.serviceDeployments.put({
      ...record,
      status: 'ROLLBACK_REQUESTED',
      statusReason: ROLLBACK_REQUESTED_REASON,
      rollback: { reason: userRollbackReason(back.target.id), startedAt: now, serviceRevisionArn: back.target.revisionArn },
      updatedAt: now,
    })
    return { serviceDeploymentArn: arn }
  })
}
