import type { TaskSet } from '../../../core/aws-model/ecs.types.js'
import { toEpochSeconds } from '../../../core/clock.js'
import type { ServiceRecord } from '../../../core/model/service.js'
import { countsOf, type TaskCounts } from '../../../core/model/service-tasks.js'
import { toWireTags, type TagRecord } from '../../../core/model/tag.js'
import { FARGATE_PLATFORM_FAMILY, FARGATE_PLATFORM_VERSION } from '../../../core/model/fargate.js'
import { computedDesiredCount, type TaskSetRecord } from '../../../core/model/task-set.js'

/**
 * A task set as ECS shows it (pure): its computed count from the service's desiredCount and its
 * scale, its counts from the tasks it started, times in epoch seconds, tags only when asked.
 * Its launch type, or its capacity provider strategy instead; on Fargate the platform version its
 * tasks run on (LATEST resolved, as ECS shows "the Fargate platform version where the tasks in
 * the task set are running").
 */
export function taskSetView(
  service: ServiceRecord,
  ts: TaskSetRecord,
  counts: ReadonlyMap<string, TaskCounts>,
  tags?: readonly TagRecord[],
): TaskSet {
  const c = countsOf(counts, ts.id)
  return {
    id: ts.id,
    taskSetArn: ts.arn,
    serviceArn: service.arn,
    clusterArn: service.clusterArn,
    ...(ts.externalId !== undefined ? { externalId: ts.externalId } : {}),
    status: ts.status,
    taskDefinition: ts.taskDefinition,
    computedDesiredCount: computedDesiredCount(service.desiredCount, ts.scale, service.status === 'ACTIVE', ts.status),
    pendingCount: c.pending,
    runningCount: c.running,
    createdAt: toEpochSeconds(ts.createdAt),
    updatedAt: toEpochSeconds(ts.updatedAt),
    ...(ts.capacityProviderStrategy ? { capacityProviderStrategy: ts.capacityProviderStrategy.map((i) => ({ ...i })) } : { launchType: ts.launchType }),
    ...(ts.platformVersion !== undefined ? { platformVersion: FARGATE_PLATFORM_VERSION, platformFamily: FARGATE_PLATFORM_FAMILY } : {}),
    ...(ts.networkConfiguration ? { networkConfiguration: ts.networkConfiguration } : {}),
    loadBalancers: (ts.loadBalancers ?? []).map((lb) => ({ ...lb })),
    serviceRegistries: [],
    scale: { ...ts.scale },
    stabilityStatus: ts.stabilityStatus,
    stabilityStatusAt: toEpochSeconds(ts.stabilityStatusAt),
    ...(tags ? { tags: toWireTags(tags) } : {}),
  }
}
