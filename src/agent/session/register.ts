import { AGENT_HEADERS } from '../../core/agent-credentials.js'
import type { Attribute, RegisterContainerInstanceRequest, RegisterContainerInstanceResponse, Resource } from '../../core/aws-model/ecs.types.js'
import type { AgentConfig } from '../config.js'
import { readInstanceFile, writeInstanceFile, type RememberedInstance } from '../data/instance-file.js'
import { EcsApiError, type EcsApi } from './ecs-api.js'

export const AGENT_VERSION = '0.1.0'

/** The capabilities this agent really has, named as the ECS agent names them. */
export const CAPABILITIES = [
  'com.amazonaws.ecs.capability.docker-remote-api.1.17',
  'com.amazonaws.ecs.capability.docker-remote-api.1.18',
  'com.amazonaws.ecs.capability.docker-remote-api.1.19',
  'com.amazonaws.ecs.capability.docker-remote-api.1.20',
  'com.amazonaws.ecs.capability.docker-remote-api.1.21',
  'com.amazonaws.ecs.capability.docker-remote-api.1.22',
  'com.amazonaws.ecs.capability.docker-remote-api.1.23',
  'com.amazonaws.ecs.capability.docker-remote-api.1.24',
  'com.amazonaws.ecs.capability.docker-remote-api.1.25',
  'com.amazonaws.ecs.capability.docker-remote-api.1.29',
  'com.amazonaws.ecs.capability.docker-remote-api.1.30',
  'com.amazonaws.ecs.capability.docker-remote-api.1.32',
  'com.amazonaws.ecs.capability.logging-driver.json-file',
  'com.amazonaws.ecs.capability.logging-driver.awslogs',
  'com.amazonaws.ecs.capability.logging-driver.none',
  'ecs.capability.container-health-check',
  'ecs.capability.container-ordering',
  'ecs.capability.task-cpu-mem-limit',
  'ecs.capability.docker-plugin.local',
  'ecs.capability.full-sync',
  'ecs.capability.env-files.s3',
  'ecs.capability.task-eni',
  // pidMode/ipcMode: the task's holder container shares its namespaces (engine/task-plan.ts).
  'ecs.capability.pid-ipc-namespace-sharing',
  // awslogs with an executionRoleArn: the agent ships to Berth and needs no role for it.
  'ecs.capability.execution-role-awslogs',
  // Secrets, environment files and registry credentials: the server resolves them from its
  // task sources and hands them to the agent with the task (core/model/task-sources.ts).
  'ecs.capability.secrets.ssm.environment-variables',
  'ecs.capability.secrets.asm.environment-variables',
  'ecs.capability.private-registry-authentication.secretsmanager',
]

/** EFS volumes, when the operator said where file systems are (config.efs): access points are refused at RunTask, IAM needs no check here. */
export const EFS_CAPABILITIES = ['ecs.capability.efs', 'ecs.capability.efsAuth']

export interface HostFacts {
  dockerVersion: string
}

/** What the agent tells the control plane about its host (pure). */
export function registrationRequest(config: AgentConfig, host: HostFacts, knownArn: string | undefined): RegisterContainerInstanceRequest {
  const integer = (name: string, value: number): Resource => ({ name, type: 'INTEGER', integerValue: value, doubleValue: 0, longValue: 0 })
  const ports = (name: string, list: number[]): Resource => ({ name, type: 'STRINGSET', stringSetValue: list.map(String), doubleValue: 0, longValue: 0, integerValue: 0 })
  const attributes: Attribute[] = [
    { name: 'ecs.availability-zone', value: config.availabilityZone },
    { name: 'ecs.instance-type', value: config.instanceType },
    { name: 'ecs.os-type', value: 'linux' },
    { name: 'ecs.os-family', value: 'LINUX' },
    { name: 'ecs.cpu-architecture', value: process.arch === 'arm64' ? 'arm64' : 'x86_64' },
    ...CAPABILITIES.map((name) => ({ name })),
    ...(config.allowPrivileged ? [{ name: 'com.amazonaws.ecs.capability.privileged-container' }] : []),
    ...(config.efs.dir !== undefined || Object.keys(config.efs.exports).length ? EFS_CAPABILITIES.map((name) => ({ name })) : []),
    // Only an agent serving the credentials endpoint can give a task its role: tasks with one are placed there alone.
    ...(config.taskEndpoint ? [{ name: 'com.amazonaws.ecs.capability.task-iam-role' }] : []),
    ...Object.entries(config.attributes).map(([name, value]) => ({ name, value })),
  ]
  return {
    cluster: config.cluster,
    totalResources: [
      integer('CPU', config.cpu),
      integer('MEMORY', config.memory),
      ports('PORTS', config.reservedPorts),
      ports('PORTS_UDP', config.reservedUdpPorts),
    ],
    versionInfo: { agentVersion: AGENT_VERSION, agentHash: 'berth', dockerVersion: `DockerVersion: ${host.dockerVersion}` },
    attributes,
    // What an EC2 instance's identity document says of it, as far as a Berth host has it: the
    // control plane registers load-balancer targets of this instance at `privateIp`.
    instanceIdentityDocument: JSON.stringify({
      privateIp: config.advertiseIp,
      availabilityZone: config.availabilityZone,
      instanceType: config.instanceType,
      region: config.region,
    }),
    ...(knownArn ? { containerInstanceArn: knownArn } : {}),
  }
}

export interface RegisteredInstance {
  containerInstanceArn: string
  /** Opens the instance's channel; undefined when the server issued none (no join token). */
  instanceSecret: string | undefined
}

/**
 * Registers the instance, or re-registers the one this data folder remembers (an agent that
 * restarts keeps its identity, as the ECS agent does), and remembers the ARN it got. The
 * join token and the remembered instance secret go in headers (core/agent-credentials.ts);
 * a first registration is answered with the instance's secret, kept beside the ARN.
 */
export async function registerInstance(api: EcsApi, config: AgentConfig, host: HostFacts): Promise<RegisteredInstance> {
  const known = await readInstanceFile(config.dataDir)
  const remembered = known?.cluster === config.cluster ? known : undefined
  const register = (instance: RememberedInstance | undefined) =>
    api.request<RegisterContainerInstanceResponse>('RegisterContainerInstance', registrationRequest(config, host, instance?.containerInstanceArn), {
      ...(config.joinToken ? { [AGENT_HEADERS.joinToken]: config.joinToken } : {}),
      ...(instance?.instanceSecret ? { [AGENT_HEADERS.instanceSecret]: instance.instanceSecret } : {}),
    })
  // A remembered instance the server no longer knows (deregistered, or a fresh data folder on
  // the server), or no longer takes this secret for, is registered anew, as the ECS agent does.
  const res = await register(remembered).catch((error: unknown) => {
    if (remembered && error instanceof EcsApiError && error.status === 400) return register(undefined)
    throw error
  })
  const arn = res.answer.containerInstance?.containerInstanceArn
  if (!arn) throw new Error('the control plane registered the instance but returned no ARN')
  const issued = res.headers[AGENT_HEADERS.instanceSecret]
  // A re-registration the secret proved is answered with no new one: the agent keeps its own.
  const instanceSecret = typeof issued === 'string' ? issued : arn === remembered?.containerInstanceArn ? remembered.instanceSecret : undefined
  await writeInstanceFile(config.dataDir, { containerInstanceArn: arn, cluster: config.cluster, ...(instanceSecret ? { instanceSecret } : {}) })
  return { containerInstanceArn: arn, instanceSecret }
}
