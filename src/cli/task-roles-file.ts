import { readFileSync } from 'node:fs'
import { parseTaskRolesFile, TaskRolesFileError, type TaskRoles } from '../core/task-roles.js'
import { UsageError } from './options.js'

/** `--task-roles-file` (BERTH_TASK_ROLES_FILE) read once at start; empty: no roles, so every task role is refused. */
export function readTaskRolesFile(path: string): TaskRoles | undefined {
  if (!path) return undefined
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new UsageError(`--task-roles-file ${path}: ${error instanceof Error ? error.message : String(error)}`)
  }
  try {
    return parseTaskRolesFile(text, `task roles file ${path}`)
  } catch (error) {
    if (error instanceof TaskRolesFileError) throw new UsageError(error.message)
    throw error
  }
}
