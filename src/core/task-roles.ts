import type { TaskRoleCredentials } from './agent-protocol.js'
import type { TaskDefinition, TaskOverride } from './aws-model/ecs.types.js'
import { EcsErrors } from './errors.js'

/**
 * Task roles. There is no IAM here: the operator maps each role ARN a task may name to the
 * static credentials its containers get (the task roles file, `--task-roles-file`,
 * BERTH_TASK_ROLES_FILE):
 *
 *   {
 *     "arn:aws:iam::000000000000:role/app": {
 *       "accessKeyId": "AKID...", "secretAccessKey": "...", "sessionToken": "..."   (optional)
 *     }
 *   }
 *
 * The server sends a task's credentials to the agent running it with the desired task
 * (DesiredTask.taskRole); the agent answers them at 169.254.170.2/v2/credentials/<id>. A task
 * whose role has no mapping is refused at RunTask, StartTask, CreateService and UpdateService.
 */
export type TaskRoles = ReadonlyMap<string, Omit<TaskRoleCredentials, 'roleArn'>>

export class TaskRolesFileError extends Error {}

const MEMBERS = new Set(['accessKeyId', 'secretAccessKey', 'sessionToken'])
/** An IAM role ARN, as a task definition's taskRoleArn names one. */
const ROLE_ARN = /^arn:[\w-]+:iam::\d{12}:role\/[\w+=,.@/-]+$/

/** The file's text → role ARN → credentials (pure); anything off is refused with where and why. */
export function parseTaskRolesFile(text: string, source = 'task roles file'): TaskRoles {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (error) {
    throw new TaskRolesFileError(`${source} is not JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (!isObject(doc)) throw new TaskRolesFileError(`${source} must be an object: role ARN → { accessKeyId, secretAccessKey, sessionToken? }`)
  const roles = new Map<string, Omit<TaskRoleCredentials, 'roleArn'>>()
  for (const [arn, entry] of Object.entries(doc)) {
    const where = `${source} "${arn}"`
    if (!ROLE_ARN.test(arn)) throw new TaskRolesFileError(`${where}: not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`)
    if (!isObject(entry)) throw new TaskRolesFileError(`${where} must be an object with accessKeyId and secretAccessKey`)
    const unknown = Object.keys(entry).find((k) => !MEMBERS.has(k))
    if (unknown) throw new TaskRolesFileError(`${where}: unknown member '${unknown}' (a role has ${[...MEMBERS].join(', ')})`)
    const text = (key: string, required: boolean): string | undefined => {
      const v = entry[key]
      if (v === undefined && !required) return undefined
      if (typeof v !== 'string' || v === '') throw new TaskRolesFileError(`${where}: ${key} must be a non-empty string`)
      return v
    }
    const sessionToken = text('sessionToken', false)
    roles.set(arn, { accessKeyId: text('accessKeyId', true) as string, secretAccessKey: text('secretAccessKey', true) as string, ...(sessionToken ? { sessionToken } : {}) })
  }
  return roles
}

/** The role a task runs with: the RunTask override's, else its definition's. */
export const taskRoleArnOf = (td: TaskDefinition, overrides: TaskOverride | undefined): string | undefined => overrides?.taskRoleArn || td.taskRoleArn || undefined

/** The credentials the agent serves for the task, or undefined when it has no role (or, stored before a mapping was removed, no mapping). */
export function taskRoleCredentials(td: TaskDefinition, overrides: TaskOverride | undefined, roles: TaskRoles | undefined): TaskRoleCredentials | undefined {
  const roleArn = taskRoleArnOf(td, overrides)
  const mapped = roleArn !== undefined ? roles?.get(roleArn) : undefined
  return roleArn !== undefined && mapped ? { roleArn, ...mapped } : undefined
}

/**
 * Refuses a task whose role the operator has not mapped, as ECS refuses a role it cannot
 * assume (ClientException, with ECS's words), saying where Berth looks.
 */
export function requireTaskRole(td: TaskDefinition, overrides: TaskOverride | undefined, roles: TaskRoles | undefined): void {
  const roleArn = taskRoleArnOf(td, overrides)
  if (roleArn === undefined || roles?.has(roleArn)) return
  throw EcsErrors.client(
    `ECS was unable to assume the role '${roleArn}' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role. ` +
      `(Berth: no credentials are mapped to this role ARN in the server's task roles file, --task-roles-file / BERTH_TASK_ROLES_FILE.)`,
  )
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
