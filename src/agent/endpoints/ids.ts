import { createHmac } from 'node:crypto'

/**
 * Where a task's containers find ECS (pure). Like the ECS agent, every container is told
 * `http://169.254.170.2/v4/<id>` (and `/v3/<id>`), and a task with a role
 * `/v2/credentials/<id>`; the endpoint knows the caller only by that id, never by its source
 * address (containers of several instances share one host and one listener: README.md).
 */
export const TASK_ENDPOINT_ADDRESS = '169.254.170.2'
export const TASK_ENDPOINT_PORT = 80
const BASE = `http://${TASK_ENDPOINT_ADDRESS}`

/**
 * A container's metadata id: the last part of its container ARN (a UUID the server made,
 * `arn:aws:ecs:<region>:<account>:container/<cluster>/<task-id>/<uuid>`). It is stable over
 * agent restarts (an adopted container keeps the variables it was created with) and unique
 * on the host without the agent remembering anything.
 */
export const metadataIdOf = (containerArn: string): string => containerArn.slice(containerArn.lastIndexOf('/') + 1)

/**
 * A task's credentials id: a UUID-shaped HMAC of the task ARN under the instance's secret. Not
 * guessable from what DescribeTasks shows (unlike the metadata id: credentials are secrets),
 * the same after an agent restart (the secret is kept in instance.json), and nothing to store.
 */
export function credentialsIdOf(key: string, taskArn: string): string {
  const h = createHmac('sha256', key).update(`task-credentials:${taskArn}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
}

/** The variables ECS gives a container: the metadata URIs always, the credentials URI when its task has a role. */
export function taskEndpointEnv(containerArn: string, credentialsId: string | undefined): Record<string, string> {
  const id = metadataIdOf(containerArn)
  return {
    ECS_CONTAINER_METADATA_URI_V4: `${BASE}/v4/${id}`,
    ECS_CONTAINER_METADATA_URI: `${BASE}/v3/${id}`,
    ...(credentialsId !== undefined ? { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: `/v2/credentials/${credentialsId}` } : {}),
  }
}

/**
 * The variables ECS sets in every task's containers besides the endpoints' ("Amazon ECS
 * environment variables"): the compute option it runs on and its region (from the task's ARN,
 * `arn:aws:ecs:<region>:…`). A task definition that sets one of them keeps its own value.
 */
export function ecsTaskEnv(taskArn: string, launchType: 'EC2' | 'FARGATE' | undefined): Record<string, string> {
  const region = taskArn.split(':')[3] ?? ''
  return {
    AWS_EXECUTION_ENV: launchType === 'FARGATE' ? 'AWS_ECS_FARGATE' : 'AWS_ECS_EC2',
    ...(region ? { AWS_DEFAULT_REGION: region, AWS_REGION: region } : {}),
  }
}
