import type { TaskSet } from '../../../core/aws-model/ecs.types.js'
import { toEpochSeconds } from '../../../core/clock.js'
import type { ServiceRecord } from '../../../core/model/service.js'
import { countsOf, type TaskCounts } from '../../../core/model/service-tasks.js'
import { toWireTags, type TagRecord } from '../../../core/model/tag.js'
import { computedDesiredCount, type TaskSetRecord } from '../../../core/model/task-set.js'

/**
 * A task set as ECS shows it (pure): its computed count from the service's desiredCount and its
 * scale, its counts from the tasks it started, times in epoch seconds, tags only when asked.
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
    computedDesiredCount: computedDesiredCount(service.desiredCount, ts.scale, service.status === 'ACTIVE'),
    pendingCount: c.pending,
    runningCount: c.running,
    createdAt: toEpochSeconds(ts.createdAt),
    updatedAt: toEpochSeconds(ts.updatedAt),
    launchType: ts.launchType,
    ...(ts.networkConfiguration ? { networkConfiguration: ts.networkConfiguration } : {}),
    loadBalancers: [],
    serviceRegistries: [],
    scale: { ...ts.scale },
    stabilityStatus: ts.stabilityStatus,
    stabilityStatusAt: toEpochSeconds(ts.stabilityStatusAt),
    ...(tags ? { tags: toWireTags(tags) } : {}),
  }
}
