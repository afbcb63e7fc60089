import type { TagResourceRequest, TagResourceResponse } from '../../../core/aws-model/ecs.types.js'
import type { EcsOperation } from '../deps.js'
import { checkTagLimit } from '../../../core/model/tag.js'
import { checkTags } from './check-tags.js'
import { requireTaggable } from './taggable.js'

export const tagResource: EcsOperation<TagResourceRequest, TagResourceResponse> = async (input, deps) => {
  const tags = checkTags(input.tags)
  return deps.store.txn(async (tx) => {
    await requireTaggable(tx, input.resourceArn, deps)
    checkTagLimit(await tx.tags.get(input.resourceArn), tags)
    await tx.tags.put(input.resourceArn, tags)
    return {}
  })
}
