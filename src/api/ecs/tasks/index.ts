import { describeTasks } from './describe-tasks.js'
import { getTaskProtection } from './get-task-protection.js'
import { listTasks } from './list-tasks.js'
import { runTask } from './run-task.js'

export { runTaskTokens } from './run-task.js'
import { startTask } from './start-task.js'
import { stopTask } from './stop-task.js'
import { updateTaskProtection } from './update-task-protection.js'

export const taskOperations = {
  DescribeTasks: describeTasks,
  ListTasks: listTasks,
  StopTask: stopTask,
  RunTask: runTask,
  StartTask: startTask,
  UpdateTaskProtection: updateTaskProtection,
  GetTaskProtection: getTaskProtection,
}
