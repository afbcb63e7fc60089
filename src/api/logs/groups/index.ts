import { createLogGroup } from './create-log-group.js'
import { deleteLogGroup } from './delete-log-group.js'
import { describeLogGroups } from './describe-log-groups.js'
import { deleteRetentionPolicy, putRetentionPolicy } from './retention-policy.js'

export const groupOperations = {
  CreateLogGroup: createLogGroup,
  DeleteLogGroup: deleteLogGroup,
  DescribeLogGroups: describeLogGroups,
  PutRetentionPolicy: putRetentionPolicy,
  DeleteRetentionPolicy: deleteRetentionPolicy,
}
