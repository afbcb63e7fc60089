import type { ContainerInstanceRecord } from '../core/model/container-instance.js'
import type { ServiceRecord } from '../core/model/service.js'
import type { TaskRecord } from '../core/model/task.js'

/** Builders of stored records with sensible defaults; tests override what they care about. */
const ACCOUNT = 'arn:aws:ecs:us-east-1:000000000000'

export function mockTask(over: Partial<TaskRecord> & { id?: string; cluster?: string } = {}): TaskRecord {
  const id = over.id ?? 'a'.repeat(32)
  const cluster = over.cluster ?? 'default'
  const { cluster: _c, ...rest } = over
  return {
    arn: `${ACCOUNT}:task/${cluster}/${id}`,
    id,
    clusterArn: `${ACCOUNT}:cluster/${cluster}`,
    containerInstanceArn: `${ACCOUNT}:container-instance/${cluster}/${'1'.repeat(32)}`,
    taskDefinitionArn: `${ACCOUNT}:task-definition/web:1`,
    family: 'web',
    revision: 1,
    group: 'family:web',
    overrides: {},
    reservation: { cpu: 128, memory: 256, tcpPorts: [], udpPorts: [] },
    enableExecuteCommand: false,
    desiredStatus: 'RUNNING',
    lastStatus: 'PROVISIONING',
    healthStatus: 'UNKNOWN',
    connectivity: 'CONNECTED',
    containers: [
      { name: 'app', containerArn: `${ACCOUNT}:container/${cluster}/${id}/c0`, image: 'web', essential: true, lastStatus: 'PENDING', networkBindings: [] },
    ],
    createdAt: Date.UTC(2026, 0, 1),
    version: 1,
    ...rest,
  }
}

export function mockInstance(over: Partial<ContainerInstanceRecord> & { cluster?: string } = {}): ContainerInstanceRecord {
  const id = over.id ?? '1'.repeat(32)
  const cluster = over.cluster ?? 'default'
  const { cluster: _c, ...rest } = over
  return {
    arn: `${ACCOUNT}:container-instance/${cluster}/${id}`,
    id,
    clusterArn: `${ACCOUNT}:cluster/${cluster}`,
    status: 'ACTIVE',
    agentConnected: true,
    version: 1,
    versionInfo: { agentVersion: '0.1.0', agentHash: 'berth', dockerVersion: 'DockerVersion: 20.10.24' },
    registeredResources: [
      { name: 'CPU', type: 'INTEGER', integerValue: 2048, doubleValue: 0, longValue: 0 },
      { name: 'MEMORY', type: 'INTEGER', integerValue: 4096, doubleValue: 0, longValue: 0 },
      { name: 'PORTS', type: 'STRINGSET', stringSetValue: ['22'], doubleValue: 0, longValue: 0, integerValue: 0 },
      { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: [], doubleValue: 0, longValue: 0, integerValue: 0 },
    ],
    attributes: [],
    registeredAt: Date.UTC(2026, 0, 1),
    ...rest,
  }
}

export function mockService(over: Partial<ServiceRecord> & { cluster?: string } = {}): ServiceRecord {
  const cluster = over.cluster ?? 'default'
  const name = over.name ?? 'web'
  const { cluster: _c, ...rest } = over
  const deploymentId = 'ecs-svc/1000000000000000001'
  return {
    arn: `${ACCOUNT}:service/${cluster}/${name}`,
    name,
    clusterArn: `${ACCOUNT}:cluster/${cluster}`,
    status: 'ACTIVE',
    schedulingStrategy: 'REPLICA',
    desiredCount: 1,
    launchType: 'EC2',
    taskDefinition: `${ACCOUNT}:task-definition/web:1`,
    deploymentConfiguration: {
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      deploymentCircuitBreaker: { enable: false, rollback: false },
      strategy: 'ROLLING',
      bakeTimeInMinutes: 0,
    },
    placementConstraints: [],
    placementStrategy: [],
    loadBalancers: [],
    propagateTags: 'NONE',
    enableECSManagedTags: false,
    enableExecuteCommand: false,
    availabilityZoneRebalancing: 'DISABLED',
    createdAt: Date.UTC(2026, 0, 1),
    deployments: [
      {
        id: deploymentId,
        status: 'PRIMARY',
        revisionArn: `${ACCOUNT}:service-revision/${cluster}/${name}/1000000000000000001`,
        serviceDeploymentArn: `${ACCOUNT}:service-deployment/${cluster}/${name}/first`,
        taskDefinition: `${ACCOUNT}:task-definition/web:1`,
        rolloutState: 'IN_PROGRESS',
        rolloutStateReason: `ECS deployment ${deploymentId} in progress.`,
        failedTasks: 0,
        succeeded: false,
        createdAt: Date.UTC(2026, 0, 1),
        updatedAt: Date.UTC(2026, 0, 1),
      },
    ],
    currentServiceDeploymentArn: `${ACCOUNT}:service-deployment/${cluster}/${name}/first`,
    scheduler: { startFailures: 0, rebalancing: false },
    version: 1,
    ...rest,
  }
}
