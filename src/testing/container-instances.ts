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

/** What a raw RegisterContainerInstance answered: the status, the ARN, and the instance secret header if any. */
export interface AgentRegistration {
  status: number
  json: Record<string, unknown>
  arn: string | undefined
  secret: string | undefined
}

/**
 * RegisterContainerInstance over HTTP with Berth's agent headers (core/agent-credentials.ts),
 * as `berth agent` sends it: `joinToken` and `instanceSecret` go in headers when given.
 */
export async function registerAsAgent(
  endpoint: string,
  credentials: { joinToken?: string; instanceSecret?: string },
  input: Record<string, unknown> = {},
): Promise<AgentRegistration> {
  const res = await fetch(endpoint + '/', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AmazonEC2ContainerServiceV20141113.RegisterContainerInstance',
      ...(credentials.joinToken !== undefined ? { 'x-berth-join-token': credentials.joinToken } : {}),
      ...(credentials.instanceSecret !== undefined ? { 'x-berth-instance-secret': credentials.instanceSecret } : {}),
    },
    body: JSON.stringify({ totalResources: AGENT_RESOURCES, ...input }),
  })
  const json = (await res.json()) as Record<string, unknown>
  const arn = (json['containerInstance'] as { containerInstanceArn?: string } | undefined)?.containerInstanceArn
  return { status: res.status, json, arn, secret: res.headers.get('x-berth-instance-secret') ?? undefined }
}
