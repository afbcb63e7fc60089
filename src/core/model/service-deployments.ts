import type { DeploymentRecord, ServiceDeploymentRecord, ServiceDeploymentStatus, ServiceRecord, ServiceRevisionRecord, TrafficShiftRecord } from './service.js'
import { countsOf, type TaskCounts } from './service-tasks.js'

/**
 * How a service moves from one deployment to another: pure transitions on the records, shared
 * by the API (CreateService, UpdateService, StopServiceDeployment) and the service scheduler
 * (the circuit breaker's rollback), so both make the same moves the same way.
 */

/** The circuit breaker's failure threshold: half the desired count, at least 3, at most 200 (ECS's model). */
export const circuitBreakerThreshold = (desiredCount: number): number => Math.min(200, Math.max(3, Math.ceil(desiredCount * 0.5)))

export const inProgressReason = (deploymentId: string) => `ECS deployment ${deploymentId} in progress.`
export const completedReason = (deploymentId: string) => `ECS deployment ${deploymentId} completed.`
export const CIRCUIT_BREAKER_FAILED_REASON = 'ECS deployment circuit breaker: tasks failed to start.'
export const circuitBreakerRollbackReason = (deploymentId: string) =>
  `ECS deployment circuit breaker: rolling back to deploymentId ${deploymentId}.`
/**
 * A deployment failed by its CloudWatch alarms, and its rollback: Berth's words, after the
 * circuit breaker's (ECS documents none that were found for alarms).
 */
export const alarmsFailedReason = (alarmNames: readonly string[]) => `ECS deployment alarms: ${alarmNames.join(', ')} in ALARM state.`
export const alarmsRollbackReason = (deploymentId: string) => `ECS deployment alarms: rolling back to deploymentId ${deploymentId}.`
/** Berth's words: ECS documents none for a rollback a user asked for. */
export const userRollbackReason = (deploymentId: string) => `Service deployment stopped by user: rolling back to deploymentId ${deploymentId}.`

/** A deployment freshly started for a revision: PRIMARY, IN_PROGRESS, nothing failed yet. */
export function newDeploymentRecord(input: {
  id: string
  revision: ServiceRevisionRecord
  serviceDeploymentArn: string
  /** Blue/green, linear, canary: the group of the pair its tasks register in. */
  targetGroupArn?: string
  now: number
}): DeploymentRecord {
  const { revision, now } = input
  return {
    id: input.id,
    status: 'PRIMARY',
    revisionArn: revision.arn,
    serviceDeploymentArn: input.serviceDeploymentArn,
    taskDefinition: revision.taskDefinition,
    ...(revision.networkConfiguration ? { networkConfiguration: revision.networkConfiguration } : {}),
    ...(input.targetGroupArn !== undefined ? { targetGroupArn: input.targetGroupArn } : {}),
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: inProgressReason(input.id),
    failedTasks: 0,
    succeeded: false,
    createdAt: now,
    updatedAt: now,
  }
}

/** Live task counts of one deployment, as the caller counted them from the tasks. */
export type DeploymentCounts = ReadonlyMap<string, { running: number; pending: number }>

/**
 * The service deployment (2025 API) that moves `service` to `deployment`: PENDING until the
 * scheduler acts on it, its sources the deployments live now with the tasks each runs.
 */
export function newServiceDeploymentRecord(input: {
  arn: string
  service: ServiceRecord
  deployment: DeploymentRecord
  sources: readonly DeploymentRecord[]
  counts: DeploymentCounts
  trafficShift?: TrafficShiftRecord
  now: number
}): ServiceDeploymentRecord {
  const { service, deployment, now } = input
  const breaker = service.deploymentConfiguration.deploymentCircuitBreaker
  return {
    arn: input.arn,
    serviceArn: service.arn,
    clusterArn: service.clusterArn,
    status: 'PENDING',
    targetRevisionArn: deployment.revisionArn,
    deploymentId: deployment.id,
    sources: input.sources.map((d) => ({
      revisionArn: d.revisionArn,
      deploymentId: d.id,
      requestedTaskCount: input.counts.get(d.id)?.running ?? 0,
    })),
    requestedTaskCount: service.desiredCount,
    deploymentConfiguration: service.deploymentConfiguration,
    circuitBreaker: {
      status: breaker.enable ? 'MONITORING' : 'DISABLED',
      failureCount: 0,
      threshold: circuitBreakerThreshold(service.desiredCount),
    },
    alarms: {
      status: service.deploymentConfiguration.alarms?.enable ? 'MONITORING' : 'DISABLED',
      alarmNames: service.deploymentConfiguration.alarms?.enable ? [...service.deploymentConfiguration.alarms.alarmNames] : [],
      triggeredAlarmNames: [],
    },
    ...(input.trafficShift ? { trafficShift: input.trafficShift } : {}),
    createdAt: now,
    updatedAt: now,
  }
}

/**
 * The service with `deployment` as its PRIMARY: the old PRIMARY becomes ACTIVE (the rollout
 * stops its tasks as the new ones become healthy), the task definition follows, and the
 * scheduler's throttling starts afresh ("If you update your service to use a new task
 * definition, your service returns to a normal, non-throttled state immediately").
 */
export function withPrimary(service: ServiceRecord, deployment: DeploymentRecord, now: number): ServiceRecord {
  const rest = service.deployments.filter((d) => d.id !== deployment.id).map((d) => (d.status === 'PRIMARY' ? { ...d, status: 'ACTIVE' as const, updatedAt: now } : d))
  return {
    ...service,
    taskDefinition: deployment.taskDefinition,
    deployments: [deployment, ...rest],
    currentServiceDeploymentArn: deployment.serviceDeploymentArn,
    scheduler: { startFailures: 0, rebalancing: false },
    version: service.version + 1,
  }
}

/**
 * Rolling back: the last completed deployment comes back as PRIMARY under its own id (as ECS
 * does: its tasks are keepers again, new ones start with its revision), IN_PROGRESS with the
 * given reason; the deployment that failed stays ACTIVE until its tasks are stopped. The
 * revived deployment reports to the failed one's service deployment, whose record tracks the
 * rollback. Undefined when there is nothing to roll back to.
 */
export function rolledBack(
  service: ServiceRecord,
  failed: { rolloutState: DeploymentRecord['rolloutState']; rolloutStateReason: string },
  reason: (targetId: string) => string,
  now: number,
): { service: ServiceRecord; target: DeploymentRecord } | undefined {
  const primary = service.deployments[0]
  const target = service.lastCompleted
  if (!primary || !target || target.id === primary.id) return undefined
  const revived: DeploymentRecord = {
    ...target,
    status: 'PRIMARY',
    serviceDeploymentArn: primary.serviceDeploymentArn,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: reason(target.id),
    failedTasks: 0,
    succeeded: false,
    createdAt: now,
    updatedAt: now,
  }
  const withFailed = { ...service, deployments: [{ ...primary, ...failed, updatedAt: now }, ...service.deployments.slice(1)] }
  const next = withPrimary(withFailed, revived, now)
  return { service: { ...next, currentServiceDeploymentArn: primary.serviceDeploymentArn }, target: revived }
}

/**
 * A service deployment that has ended, however it ended (SUCCESSFUL, STOPPED, ROLLBACK_*):
 * the counts of its target and sources frozen by deployment id (what DescribeServiceDeployments
 * shows from then on: "the number of tasks running when the deployment completed"), its
 * circuit breaker done watching — TRIGGERED when it tripped, MONITORING_COMPLETE otherwise.
 */
export function finishedServiceDeployment(
  r: ServiceDeploymentRecord,
  end: { status: ServiceDeploymentStatus; reason?: string; tripped?: boolean },
  counts: ReadonlyMap<string, TaskCounts>,
  now: number,
): ServiceDeploymentRecord {
  const finalCounts: Record<string, TaskCounts> = {}
  for (const id of [r.deploymentId, ...r.sources.map((s) => s.deploymentId)]) finalCounts[id] = { ...countsOf(counts, id) }
  const breaker = end.tripped ? 'TRIGGERED' : r.circuitBreaker.status === 'MONITORING' ? 'MONITORING_COMPLETE' : r.circuitBreaker.status
  const alarms = r.alarms?.status === 'MONITORING' ? { ...r.alarms, status: 'MONITORING_COMPLETE' as const } : r.alarms
  return {
    ...r,
    status: end.status,
    ...(end.reason !== undefined ? { statusReason: end.reason } : {}),
    finalCounts,
    circuitBreaker: { ...r.circuitBreaker, status: breaker },
    ...(alarms ? { alarms } : {}),
    startedAt: r.startedAt ?? now,
    ...(end.status === 'STOPPED' ? { stoppedAt: now } : {}),
    finishedAt: now,
    updatedAt: now,
  }
}
