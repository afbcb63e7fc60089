import type { ListTagsForResourceRequest, ListTagsForResourceResponse } from '../../../core/aws-model/ecs.types.js'
import { toWireTags } from '../../../core/model/tag.js'
import type { EcsOperation } from '../deps.js'
import { requireTaggable } from './taggable.js'

export const listTagsForResource: EcsOperation<ListTagsForResourceRequest, ListTagsForResourceResponse> = async (input, deps) =>
  deps.store.read(async (tx) => {
    await requireTaggable(tx, input.resourceArn, deps)
    return { tags: toWireTags(await tx.tags.get(input.resourceArn)) }
  })
