import { createTargetGroup } from './create-target-group.js'
import { deleteTargetGroup } from './delete-target-group.js'
import { describeTargetGroups } from './describe-target-groups.js'
import { modifyTargetGroup } from './modify-target-group.js'
import { describeTargetGroupAttributes, modifyTargetGroupAttributes } from './target-group-attributes.js'

export const targetGroupOperations = {
  CreateTargetGroup: createTargetGroup,
  DescribeTargetGroups: describeTargetGroups,
  ModifyTargetGroup: modifyTargetGroup,
  DeleteTargetGroup: deleteTargetGroup,
  DescribeTargetGroupAttributes: describeTargetGroupAttributes,
  ModifyTargetGroupAttributes: modifyTargetGroupAttributes,
}
