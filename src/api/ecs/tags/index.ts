import { listTagsForResource } from './list-tags-for-resource.js'
import { tagResource } from './tag-resource.js'
import { untagResource } from './untag-resource.js'

export const tagOperations = {
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
}
