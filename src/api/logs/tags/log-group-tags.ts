import type {
  ListTagsLogGroupRequest,
  ListTagsLogGroupResponse,
  TagLogGroupRequest,
  UntagLogGroupRequest,
} from '../../../core/aws-model/logs.types.js'
import type { LogsOperation } from '../deps.js'
import { checkGroupName, requireGroup } from '../resolve.js'
import { toTagMap } from './check-tags.js'
import { addTags } from './tag-resource.js'

/** The deprecated tagging actions that name the group instead of its ARN: same tags, same rules. */
export const tagLogGroup: LogsOperation<TagLogGroupRequest, object> = async (input, deps) => {
  const name = checkGroupName(input.logGroupName)
  return deps.store.txn(async (tx) => {
    await addTags(tx, name, deps.arns.group(name), input.tags)
    return {}
  })
}

export const untagLogGroup: LogsOperation<UntagLogGroupRequest, object> = async (input, deps) => {
  const name = checkGroupName(input.logGroupName)
  return deps.store.txn(async (tx) => {
    await requireGroup(tx, name)
    await tx.tags.remove(deps.arns.group(name), input.tags)
    return {}
  })
}

export const listTagsLogGroup: LogsOperation<ListTagsLogGroupRequest, ListTagsLogGroupResponse> = async (input, deps) => {
  const name = checkGroupName(input.logGroupName)
  return deps.store.read(async (tx) => {
    await requireGroup(tx, name)
    return { tags: toTagMap(await tx.tags.get(deps.arns.group(name))) }
  })
}
