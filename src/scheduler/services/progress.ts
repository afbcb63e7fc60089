import {
  CIRCUIT_BREAKER_FAILED_REASON,
  circuitBreakerRollbackReason,
  completedReason,
  finishedServiceDeployment,
  rolledBack,
} from '../../core/model/service-deployments.js'
import { countByDeployment } from '../../core/model/service-tasks.js'
import { FINISHED_SERVICE_DEPLOYMENT, type DeploymentRecord, type ServiceDeploymentRecord, type ServiceRecord } from '../../core/model/service.js'
import type { TaskRecord } from '../../core/model/task.js'
import { ServiceEvents } from './messages.js'

/**
 * How a deployment moves on (pure): started, completed, failed by the circuit breaker, rolled
 * back. Each returns the records as they should be written and the events ECS writes for it.
 */

/** PENDING → IN_PROGRESS on the scheduler's first pass; a requested rollback → in progress. */
export function serviceDeploymentUnderway(sd: ServiceDeploymentRecord, now: number): ServiceDeploymentRecord | undefined {
  if (sd.status === 'PENDING') return { ...sd, status: 'IN_PROGRESS', startedAt: now, updatedAt: now }
  if (sd.status === 'ROLLBACK_REQUESTED') return { ...sd, status: 'ROLLBACK_IN_PROGRESS', startedAt: sd.startedAt ?? now, updatedAt: now }
  return undefined
}

/** The circuit breaker's failure count, mirrored from the PRIMARY while it is being watched. */
export function withFailureCount(sd: ServiceDeploymentRecord, failedTasks: number, now: number): ServiceDeploymentRecord | undefined {
  if (sd.circuitBreaker.status !== 'MONITORING' || sd.circuitBreaker.failureCount === failedTasks) return undefined
  return { ...sd, circuitBreaker: { ...sd.circuitBreaker, failureCount: failedTasks }, updatedAt: now }
}

/**
 * The PRIMARY reached a steady state: COMPLETED, remembered as the rollback target; its
 * service deployment SUCCESSFUL (ROLLBACK_SUCCESSFUL when it was a rollback's), counts frozen.
 */
export function completed(
  service: ServiceRecord,
  sd: ServiceDeploymentRecord | undefined,
  tasks: readonly TaskRecord[],
  now: number,
): { service: ServiceRecord; serviceDeployment: ServiceDeploymentRecord | undefined; events: string[] } {
  const [primary, ...rest] = service.deployments
  const done: DeploymentRecord = { ...primary!, rolloutState: 'COMPLETED', rolloutStateReason: completedReason(primary!.id), updatedAt: now }
  const next: ServiceRecord = {
    ...service,
    deployments: [done, ...rest],
    lastCompleted: done,
    scheduler: { ...service.scheduler, steadySince: now },
  }
  const finished =
    sd && !FINISHED_SERVICE_DEPLOYMENT.has(sd.status)
      ? finishedServiceDeployment(sd, { status: sd.status === 'ROLLBACK_IN_PROGRESS' ? 'ROLLBACK_SUCCESSFUL' : 'SUCCESSFUL' }, countByDeployment(tasks), now)
      : undefined
  return {
    service: next,
    serviceDeployment: finished,
    events: [ServiceEvents.deploymentCompleted(service.name, primary!.id), ServiceEvents.steadyState(service.name)],
  }
}

/**
 * The circuit breaker tripped on the PRIMARY. With rollback and a completed deployment to go
 * back to, that one is revived as PRIMARY and the failed one stays ACTIVE until its tasks are
 * stopped; otherwise the PRIMARY stays, FAILED, and launches nothing more.
 */
export function tripped(
  service: ServiceRecord,
  sd: ServiceDeploymentRecord | undefined,
  tasks: readonly TaskRecord[],
  now: number,
): { service: ServiceRecord; serviceDeployment: ServiceDeploymentRecord | undefined; events: string[] } {
  const primary = service.deployments[0]!
  const failed = { rolloutState: 'FAILED' as const, rolloutStateReason: CIRCUIT_BREAKER_FAILED_REASON }
  const events = [ServiceEvents.deploymentFailed(service.name, primary.id)]
  const breaker = sd ? { ...sd.circuitBreaker, status: 'TRIGGERED' as const, failureCount: primary.failedTasks } : undefined
  const back = service.deploymentConfiguration.deploymentCircuitBreaker.rollback
    ? rolledBack(service, failed, circuitBreakerRollbackReason, now)
    : undefined
  if (back) {
    events.push(ServiceEvents.rollingBack(service.name, back.target.id))
    return {
      service: back.service,
      serviceDeployment: sd && {
        ...sd,
        status: 'ROLLBACK_IN_PROGRESS',
        statusReason: CIRCUIT_BREAKER_FAILED_REASON,
        rollback: { reason: CIRCUIT_BREAKER_FAILED_REASON, startedAt: now, serviceRevisionArn: back.target.revisionArn },
        circuitBreaker: breaker!,
        updatedAt: now,
      },
      events,
    }
  }
  return {
    service: { ...service, deployments: [{ ...primary, ...failed, updatedAt: now }, ...service.deployments.slice(1)] },
    serviceDeployment: sd && {
      ...finishedServiceDeployment(sd, { status: 'STOPPED', reason: CIRCUIT_BREAKER_FAILED_REASON, tripped: true }, countByDeployment(tasks), now),
      circuitBreaker: breaker!,
    },
    events,
  }
}

/** A deleted service's last task is gone: INACTIVE, and a service deployment still running stops. */
export function retired(service: ServiceRecord, sd: ServiceDeploymentRecord | undefined, tasks: readonly TaskRecord[], now: number) {
  return {
    service: { ...service, status: 'INACTIVE' as const },
    serviceDeployment:
      sd && !FINISHED_SERVICE_DEPLOYMENT.has(sd.status)
        ? finishedServiceDeployment(sd, { status: 'STOPPED', reason: 'The service was deleted.' }, countByDeployment(tasks), now)
        : undefined,
  }
}
