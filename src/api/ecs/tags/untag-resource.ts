import type { UntagResourceRequest, UntagResourceResponse } from '../../../core/aws-model/ecs.types.js'
import type { EcsOperation } from '../deps.js'
import { requireTaggable } from './taggable.js'

/** Keys the resource does not have are ignored, as on ECS. */
export const untagResource: EcsOperation<UntagResourceRequest, UntagResourceResponse> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    await requireTaggable(tx, input.resourceArn, deps)
    await tx.tags.remove(input.resourceArn, input.tagKeys)
    return {}
  })
