import type { ServiceDeployment, ServiceDeploymentBrief, ServiceRevision, ServiceRevisionSummary } from '../../../core/aws-model/ecs.types.js'
import { toEpochSeconds } from '../../../core/clock.js'
import type { ServiceDeploymentRecord, ServiceRecord, ServiceRevisionRecord } from '../../../core/model/service.js'
import { FINISHED_SERVICE_DEPLOYMENT } from '../../../core/model/service.js'
import { countsOf, type TaskCounts } from '../../../core/model/service-tasks.js'
import { toWireDeploymentConfiguration } from './deployment-configuration.js'

/** ListServiceDeployments' item. */
export function serviceDeploymentBrief(r: ServiceDeploymentRecord): ServiceDeploymentBrief {
  return {
    serviceDeploymentArn: r.arn,
    serviceArn: r.serviceArn,
    clusterArn: r.clusterArn,
    ...(r.startedAt !== undefined ? { startedAt: toEpochSeconds(r.startedAt) } : {}),
    createdAt: toEpochSeconds(r.createdAt),
    ...(r.finishedAt !== undefined ? { finishedAt: toEpochSeconds(r.finishedAt) } : {}),
    targetServiceRevisionArn: r.targetRevisionArn,
    status: r.status,
    ...(r.statusReason !== undefined ? { statusReason: r.statusReason } : {}),
  }
}

/**
 * DescribeServiceDeployments' item. Revision counts are live (from `counts`, the service's
 * tasks by deployment id) until the deployment finishes; then the counts frozen in the record
 * ("the number of tasks running when the deployment completed", ECS's doc). `service` is the
 * service as it is now, when it still exists: an unfinished current deployment asks for the
 * service's desired count as it is now, not as it was when the deployment began.
 */
export function serviceDeploymentView(r: ServiceDeploymentRecord, counts: ReadonlyMap<string, TaskCounts>, service: ServiceRecord | undefined): ServiceDeployment {
  const countOf = (deploymentId: string): TaskCounts =>
    r.finalCounts ? (r.finalCounts[deploymentId] ?? { running: 0, pending: 0 }) : countsOf(counts, deploymentId)
  const shift = r.trafficShift
  /** Green's shares for the target revision, blue's (the rest) for the sources; none for ROLLING (as observed). */
  const weights = (green: boolean): Partial<ServiceRevisionSummary> => {
    if (!shift) return {}
    const share = (w: number) => (green ? w : Math.round((100 - w) * 10) / 10)
    return {
      requestedProductionTrafficWeight: share(shift.productionWeight),
      ...(shift.testRuleArn !== undefined ? { requestedTestTrafficWeight: share(shift.testWeight) } : {}),
    }
  }
  const summary = (arn: string, deploymentId: string, requested: number): ServiceRevisionSummary => {
    const c = countOf(deploymentId)
    return { arn, requestedTaskCount: requested, runningTaskCount: c.running, pendingTaskCount: c.pending, ...weights(deploymentId === r.deploymentId) }
  }
  const live = !FINISHED_SERVICE_DEPLOYMENT.has(r.status) && service?.currentServiceDeploymentArn === r.arn
  return {
    serviceDeploymentArn: r.arn,
    serviceArn: r.serviceArn,
    clusterArn: r.clusterArn,
    createdAt: toEpochSeconds(r.createdAt),
    ...times(r),
    sourceServiceRevisions: r.sources.map((s) => summary(s.revisionArn, s.deploymentId, s.requestedTaskCount)),
    targetServiceRevision: summary(r.targetRevisionArn, r.deploymentId, live && service ? service.desiredCount : r.requestedTaskCount),
    status: r.status,
    ...(r.statusReason !== undefined ? { statusReason: r.statusReason } : {}),
    ...(shift ? { lifecycleStage: shift.stage } : {}),
    deploymentConfiguration: toWireDeploymentConfiguration(r.deploymentConfiguration),
    ...(r.rollback
      ? { rollback: { reason: r.rollback.reason, startedAt: toEpochSeconds(r.rollback.startedAt), serviceRevisionArn: r.rollback.serviceRevisionArn } }
      : {}),
    deploymentCircuitBreaker: { ...r.circuitBreaker },
    // Disabled, ECS shows just the status.
    alarms:
      r.alarms && r.alarms.status !== 'DISABLED'
        ? { status: r.alarms.status, alarmNames: [...r.alarms.alarmNames], triggeredAlarmNames: [...r.alarms.triggeredAlarmNames] }
        : { status: 'DISABLED' },
  }
}

function times(r: ServiceDeploymentRecord): Pick<ServiceDeployment, 'startedAt' | 'finishedAt' | 'stoppedAt' | 'updatedAt'> {
  return {
    ...(r.startedAt !== undefined ? { startedAt: toEpochSeconds(r.startedAt) } : {}),
    ...(r.finishedAt !== undefined ? { finishedAt: toEpochSeconds(r.finishedAt) } : {}),
    ...(r.stoppedAt !== undefined ? { stoppedAt: toEpochSeconds(r.stoppedAt) } : {}),
    updatedAt: toEpochSeconds(r.updatedAt),
  }
}

/** DescribeServiceRevisions' item: what a deployment runs; no image digest until one is known. */
export function serviceRevisionView(r: ServiceRevisionRecord): ServiceRevision {
  return {
    serviceRevisionArn: r.arn,
    serviceArn: r.serviceArn,
    clusterArn: r.clusterArn,
    taskDefinition: r.taskDefinition,
    launchType: r.launchType,
    loadBalancers: r.loadBalancers.map((lb) => ({ ...lb })),
    ...(r.resolvedLoadBalancers?.length ? { resolvedConfiguration: { loadBalancers: r.resolvedLoadBalancers.map((lb) => ({ ...lb })) } } : {}),
    serviceRegistries: [],
    ...(r.networkConfiguration ? { networkConfiguration: r.networkConfiguration } : {}),
    containerImages: r.containerImages.map((c) => ({ containerName: c.containerName, image: c.image })),
    guardDutyEnabled: false,
    createdAt: toEpochSeconds(r.createdAt),
  }
}
