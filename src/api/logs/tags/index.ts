import { listTagsLogGroup, tagLogGroup, untagLogGroup } from './log-group-tags.js'
import { listTagsForResource, tagResource, untagResource } from './tag-resource.js'

export const tagOperations = {
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
  TagLogGroup: tagLogGroup,
  UntagLogGroup: untagLogGroup,
  ListTagsLogGroup: listTagsLogGroup,
}
