import {
  alarmsFailedReason,
  alarmsRollbackReason,
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

/** Why a deployment failed, and how the records and events say so. */
interface FailureCause {
  /** The failed deployment's rolloutStateReason, and its service deployment's statusReason. */
  reason: string
  rollback: boolean
  rollbackReason: (targetId: string) => string
  event: string
  /** The service deployment's monitors as they end: which one triggered. */
  monitors: (sd: ServiceDeploymentRecord) => Pick<ServiceDeploymentRecord, 'circuitBreaker' | 'alarms'>
}

/**
 * The circuit breaker tripped on the PRIMARY. With rollback and a completed deployment to go
 * back to, that one is revived as PRIMARY and the failed one stays ACTIVE until its tasks are
 * stopped; otherwise the PRIMARY stays, FAILED, and launches nothing more.
 */
export function tripped(service: ServiceRecord, sd: ServiceDeploymentRecord | undefined, tasks: readonly TaskRecord[], now: number) {
  const primary = service.deployments[0]!
  return failed(service, sd, tasks, now, {
    reason: CIRCUIT_BREAKER_FAILED_REASON,
    rollback: service.deploymentConfiguration.deploymentCircuitBreaker.rollback,
    rollbackReason: circuitBreakerRollbackReason,
    event: ServiceEvents.deploymentFailed(service.name, primary.id),
    monitors: (r) => ({ circuitBreaker: { ...r.circuitBreaker, status: 'TRIGGERED', failureCount: primary.failedTasks } }),
  })
}

/**
 * A named CloudWatch alarm went into ALARM during the PRIMARY's deployment (deployment-alarms.ts):
 * the same moves as the circuit breaker's, with the alarms' rollback setting and words.
 */
export function alarmed(service: ServiceRecord, sd: ServiceDeploymentRecord | undefined, tasks: readonly TaskRecord[], triggered: readonly string[], now: number) {
  const primary = service.deployments[0]!
  return failed(service, sd, tasks, now, {
    reason: alarmsFailedReason(triggered),
    rollback: service.deploymentConfiguration.alarms?.rollback === true,
    rollbackReason: alarmsRollbackReason,
    event: ServiceEvents.deploymentFailedAlarms(service.name, primary.id, triggered),
    monitors: (r) => ({
      circuitBreaker: r.circuitBreaker.status === 'MONITORING' ? { ...r.circuitBreaker, status: 'MONITORING_COMPLETE' } : r.circuitBreaker,
      alarms: { status: 'TRIGGERED', alarmNames: [...(r.alarms?.alarmNames ?? triggered)], triggeredAlarmNames: [...triggered] },
    }),
  })
}

function failed(
  service: ServiceRecord,
  sd: ServiceDeploymentRecord | undefined,
  tasks: readonly TaskRecord[],
  now: number,
  cause: FailureCause,
): { service: ServiceRecord; serviceDeployment: ServiceDeploymentRecord | undefined; events: string[] } {
  const primary = service.deployments[0]!
  const failure = { rolloutState: 'FAILED' as const, rolloutStateReason: cause.reason }
  const events = [cause.event]
  const back = cause.rollback ? rolledBack(service, failure, cause.rollbackReason, now) : undefined
  if (back) {
    events.push(ServiceEvents.rollingBack(service.name, back.target.id))
    return {
      service: back.service,
      serviceDeployment: sd && {
        ...sd,
        status: 'ROLLBACK_IN_PROGRESS',
        statusReason: cause.reason,
        rollback: { reason: cause.reason, startedAt: now, serviceRevisionArn: back.target.revisionArn },
        ...cause.monitors(sd),
        updatedAt: now,
      },
      events,
    }
  }
  return {
    service: { ...service, deployments: [{ ...primary, ...failure, updatedAt: now }, ...service.deployments.slice(1)] },
    serviceDeployment: sd && {
      ...finishedServiceDeployment(sd, { status: 'STOPPED', reason: cause.reason }, countByDeployment(tasks), now),
      ...cause.monitors(sd),
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
