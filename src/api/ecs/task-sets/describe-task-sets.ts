import type { DescribeTaskSetsRequest, DescribeTaskSetsResponse, Failure } from '../../../core/aws-model/ecs.types.js'
import { serviceGroup } from '../../../core/model/service.js'
import { countByDeployment } from '../../../core/model/service-tasks.js'
import type { EcsOperation } from '../deps.js'
import { requireExternalService, findTaskSet } from './task-set-ref.js'
import { taskSetView } from './task-set-view.js'

/**
 * DescribeTaskSets: the task sets named (by id or ARN), or all of the service's when none are;
 * one not found is a failure (MISSING) beside the others, as ECS's Describe actions answer.
 * Tags only with include TAGS.
 */
export const describeTaskSets: EcsOperation<DescribeTaskSetsRequest, DescribeTaskSetsResponse> = async (input, deps) => {
  const withTags = (input.include ?? []).includes('TAGS')
  return deps.store.read(async (tx) => {
    const { service } = await requireExternalService(tx, input, deps)
    const counts = countByDeployment(await tx.tasks.inGroup(service.clusterArn, serviceGroup(service.name)))
    const refs = input.taskSets ?? (service.taskSets ?? []).map((t) => t.id)
    const failures: Failure[] = []
    const taskSets = []
    for (const ref of refs) {
      const ts = findTaskSet(service, ref)
      if (!ts) {
        failures.push({ arn: ref, reason: 'MISSING' })
        continue
      }
      taskSets.push(taskSetView(service, ts, counts, withTags ? await tx.tags.get(ts.arn) : undefined))
    }
    return { taskSets, failures }
  })
}
