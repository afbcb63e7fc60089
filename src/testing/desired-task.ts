import type { DesiredTask } from '../core/agent-protocol.js'
import type { ContainerDefinition, TaskDefinition } from '../core/aws-model/ecs.types.js'

const ACCOUNT = 'arn:aws:ecs:us-east-1:000000000000'

/** A task's ARN in cluster `default`: `id` is padded to ECS's 32 hex digits. */
export const taskArnOf = (id: string, cluster = 'default'): string => `${ACCOUNT}:task/${cluster}/${id.padStart(32, '0')}`

/**
 * A DesiredTask as the server sends it, for engine tests: `containers` are container
 * definitions (a name and an image at least), everything else has a default.
 */
export function mockDesiredTask(
  over: { id?: string; family?: string; revision?: number; containers?: ContainerDefinition[]; taskDefinition?: Partial<TaskDefinition> } & Partial<Omit<DesiredTask, 'taskDefinition' | 'containers'>> = {},
): DesiredTask {
  const { id = '1', family = 'web', revision = 1, containers = [{ name: 'app', image: 'app:1' }], taskDefinition, ...rest } = over
  const taskArn = rest.taskArn ?? taskArnOf(id, rest.clusterName)
  const clusterName = rest.clusterName ?? 'default'
  return {
    taskArn,
    clusterName,
    desiredStatus: 'RUNNING',
    overrides: {},
    version: 1,
    ...rest,
    taskDefinition: {
      taskDefinitionArn: `${ACCOUNT}:task-definition/${family}:${revision}`,
      family,
      revision,
      containerDefinitions: containers,
      ...taskDefinition,
    },
    containers: containers.map((c, i) => ({ name: c.name ?? `c${i}`, containerArn: `${ACCOUNT}:container/${clusterName}/${taskArn.slice(-32)}/c${i}` })),
  }
}
