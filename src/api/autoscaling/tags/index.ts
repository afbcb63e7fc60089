import type {
  ListTagsForResourceRequest,
  ListTagsForResourceResponse,
  TagResourceRequest,
  UntagResourceRequest,
} from '../../../core/aws-model/application-autoscaling.types.js'
import { ScalingErrors } from '../../../core/errors.js'
import type { ReadTx } from '../../../state/store.js'
import type { ScalingOperation } from '../deps.js'
import { checkTags } from './check-tags.js'

/** Scalable targets are the only taggable resource, by their ScalableTargetARN; at most 50 tags. */
async function requireTargetArn(tx: ReadTx, arn: string): Promise<void> {
  if (!(await tx.scalableTargets.byArn(arn))) throw ScalingErrors.resourceNotFound(arn)
}

const MAX_TAGS = 50

export const tagResource: ScalingOperation<TagResourceRequest, object> = async (input, deps) => {
  const records = checkTags(input.Tags)
  return deps.store.txn(async (tx) => {
    await requireTargetArn(tx, input.ResourceARN)
    const keys = new Set([...(await tx.tags.get(input.ResourceARN)).map((t) => t.key), ...records.map((t) => t.key)])
    if (keys.size > MAX_TAGS) throw ScalingErrors.tooManyTags(input.ResourceARN)
    await tx.tags.put(input.ResourceARN, records)
    return {}
  })
}

export const untagResource: ScalingOperation<UntagResourceRequest, object> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    await requireTargetArn(tx, input.ResourceARN)
    await tx.tags.remove(input.ResourceARN, input.TagKeys)
    return {}
  })

export const listTagsForResource: ScalingOperation<ListTagsForResourceRequest, ListTagsForResourceResponse> = async (input, deps) =>
  deps.store.read(async (tx) => {
    await requireTargetArn(tx, input.ResourceARN)
    return { Tags: Object.fromEntries((await tx.tags.get(input.ResourceARN)).map((t) => [t.key, t.value])) }
  })

export const tagOperations = {
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
}
