import type {
  ListTagsForResourceRequest,
  ListTagsForResourceResponse,
  TagResourceRequest,
  Tags,
  UntagResourceRequest,
} from '../../../core/aws-model/logs.types.js'
import { LogsErrors } from '../../../core/errors.js'
import type { WriteTx } from '../../../state/store.js'
import type { LogsDeps, LogsOperation } from '../deps.js'
import { requireGroup } from '../resolve.js'
import { checkTagLimit, checkTags, toTagMap } from './check-tags.js'

/**
 * Tagging by ARN. Log groups are the only taggable Logs resource Berth has; their ARN is taken
 * with or without the trailing `:*` of LogGroup.arn. Tags live in the store's shared tag table,
 * keyed by the ARN without `:*`.
 */
export function groupArnOf(resourceArn: string, deps: LogsDeps): { name: string; arn: string } {
  const name = deps.arns.groupNameOf(resourceArn)
  if (name === undefined) throw LogsErrors.invalidParameter(`Invalid resource ARN ${resourceArn}: Berth can tag only log groups of this region and account.`)
  return { name, arn: deps.arns.group(name) }
}

export async function addTags(tx: WriteTx, name: string, arn: string, tags: Tags): Promise<void> {
  await requireGroup(tx, name)
  const records = checkTags(tags)
  checkTagLimit(await tx.tags.get(arn), records)
  await tx.tags.put(arn, records)
}

export const tagResource: LogsOperation<TagResourceRequest, object> = async (input, deps) => {
  const { name, arn } = groupArnOf(input.resourceArn, deps)
  return deps.store.txn(async (tx) => {
    await addTags(tx, name, arn, input.tags)
    return {}
  })
}

export const untagResource: LogsOperation<UntagResourceRequest, object> = async (input, deps) => {
  const { name, arn } = groupArnOf(input.resourceArn, deps)
  return deps.store.txn(async (tx) => {
    await requireGroup(tx, name)
    await tx.tags.remove(arn, input.tagKeys)
    return {}
  })
}

export const listTagsForResource: LogsOperation<ListTagsForResourceRequest, ListTagsForResourceResponse> = async (input, deps) => {
  const { name, arn } = groupArnOf(input.resourceArn, deps)
  return deps.store.read(async (tx) => {
    await requireGroup(tx, name)
    return { tags: toTagMap(await tx.tags.get(arn)) }
  })
}
