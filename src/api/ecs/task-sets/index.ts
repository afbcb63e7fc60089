import { createTaskSet } from './create-task-set.js'
import { describeTaskSets } from './describe-task-sets.js'
import { deleteTaskSet, updateServicePrimaryTaskSet, updateTaskSet } from './update-task-set.js'

export const taskSetOperations = {
  CreateTaskSet: createTaskSet,
  DescribeTaskSets: describeTaskSets,
  UpdateTaskSet: updateTaskSet,
  UpdateServicePrimaryTaskSet: updateServicePrimaryTaskSet,
  DeleteTaskSet: deleteTaskSet,
}
