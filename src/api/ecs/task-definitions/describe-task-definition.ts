import type { DescribeTaskDefinitionRequest, DescribeTaskDefinitionResponse } from '../../../core/aws-model/ecs.types.js'
import { toWireTags } from '../../../core/model/tag.js'
import type { EcsOperation } from '../deps.js'
import { resolveTaskDefinition } from './resolve-task-definition.js'

/** INACTIVE revisions stay describable by `family:revision` or ARN; tags only with include=TAGS. */
export const describeTaskDefinition: EcsOperation<DescribeTaskDefinitionRequest, DescribeTaskDefinitionResponse> = async (
  input,
  deps,
) =>
  deps.store.read(async (tx) => {
    const taskDefinition = await resolveTaskDefinition(tx, input.taskDefinition, deps)
    if (!input.include?.includes('TAGS')) return { taskDefinition }
    return { taskDefinition, tags: toWireTags(await tx.tags.get(taskDefinition.taskDefinitionArn!)) }
  })
