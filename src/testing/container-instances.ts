import { RegisterContainerInstanceCommand, type ECSClient, type RegisterContainerInstanceCommandInput } from '@aws-sdk/client-ecs'

/** What the ECS agent reports for a 2-vCPU host with its usual reserved ports. */
export const AGENT_RESOURCES = [
  { name: 'CPU', type: 'INTEGER', integerValue: 2048 },
  { name: 'MEMORY', type: 'INTEGER', integerValue: 3955 },
  { name: 'PORTS', type: 'STRINGSET', stringSetValue: ['22', '2375', '2376', '51678', '51679'] },
  { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: [] },
]

/** Registers a container instance as the agent would; returns its ARN. */
export async function registerInstance(ecs: ECSClient, input: Partial<RegisterContainerInstanceCommandInput> = {}): Promise<string> {
  const res = await ecs.send(
    new RegisterContainerInstanceCommand({
      totalResources: AGENT_RESOURCES,
      versionInfo: { agentVersion: '1.80.0', agentHash: 'abcdef12', dockerVersion: 'DockerVersion: 24.0.5' },
      ...input,
    }),
  )
  return res.containerInstance!.containerInstanceArn!
}

/** The id part (32 hex digits) of a container instance ARN. */
export const instanceIdOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1)
