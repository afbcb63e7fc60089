import type { AlarmRecord } from '../core/model/alarm.js'
import type { TargetGroupView } from '../scheduler/services/load-balancing.js'
import type { LoadBalancer, TaskDefinition } from '../core/aws-model/ecs.types.js'
import type { RuleAction } from '../core/model/rule-action.js'
import type { ContainerInstanceRecord } from '../core/model/container-instance.js'
import { newDeploymentRecord } from '../core/model/service-deployments.js'
import type { DeploymentRecord, ServiceDeploymentRecord, ServiceRecord } from '../core/model/service.js'
import type { TaskRecord } from '../core/model/task.js'
import { clusterView, type ServiceSnapshot } from '../scheduler/services/snapshot.js'
import { mockInstance, mockService, mockTask } from './mock.js'

/**
 * Snapshots for reconcileService tests: a service, its deployments, its tasks and instances,
 * built by name, with time in seconds from T0. Pure data: nothing runs.
 */
export const T0 = Date.UTC(2026, 0, 1)
const ACCOUNT = 'arn:aws:ecs:us-east-1:000000000000'

export const td = (revision: number, checked = false): TaskDefinition => ({
  family: 'web',
  revision,
  taskDefinitionArn: `${ACCOUNT}:task-definition/web:${revision}`,
  containerDefinitions: [
    { name: 'app', image: 'web', memory: 64, ...(checked ? { healthCheck: { command: ['CMD', 'true'], interval: 5, timeout: 2, retries: 1 } } : {}) },
  ],
})

export const instance = (n: number, over: Partial<ContainerInstanceRecord> = {}, zone = `us-east-1${'abc'[n % 3]}`): ContainerInstanceRecord =>
  mockInstance({ id: String(n).padStart(32, '0'), attributes: [{ name: 'ecs.availability-zone', value: zone }], ...over })

export const deployment = (digits: number, revision: number, over: Partial<DeploymentRecord> = {}): DeploymentRecord => ({
  ...newDeploymentRecord({
    id: `ecs-svc/${String(digits).padStart(19, "1")}`,
    revision: {
      arn: `${ACCOUNT}:service-revision/default/web/${digits}`,
      serviceArn: `${ACCOUNT}:service/default/web`,
      clusterArn: `${ACCOUNT}:cluster/default`,
      taskDefinition: td(revision).taskDefinitionArn!,
      launchType: 'EC2',
      loadBalancers: [],
      containerImages: [],
      createdAt: T0,
    },
    serviceDeploymentArn: `${ACCOUNT}:service-deployment/default/web/sd${digits}`,
    now: T0,
  }),
  ...over,
})

let taskSeq = 0
/** A task of `d` on instance n: RUNNING since `runningFor` seconds before now (undefined: still pending). */
export function task(
  d: DeploymentRecord,
  n: number,
  now: number,
  over: Partial<TaskRecord> & { runningFor?: number } = {},
): TaskRecord {
  const { runningFor, ...rest } = over
  const id = (++taskSeq).toString(16).padStart(32, '0')
  const running = runningFor !== undefined
  return mockTask({
    id,
    group: 'service:web',
    startedBy: d.id,
    taskDefinitionArn: d.taskDefinition,
    containerInstanceArn: instance(n).arn,
    availabilityZone: `us-east-1${'abc'[n % 3]}`,
    lastStatus: running ? 'RUNNING' : 'PENDING',
    ...(running ? { startedAt: now - runningFor * 1000 } : {}),
    createdAt: now - (runningFor ?? 0) * 1000 - 1000,
    ...rest,
  })
}

export function serviceDeploymentOf(service: ServiceRecord, status: ServiceDeploymentRecord['status'] = 'IN_PROGRESS'): ServiceDeploymentRecord {
  const primary = service.deployments[0]!
  return {
    arn: primary.serviceDeploymentArn,
    serviceArn: service.arn,
    clusterArn: service.clusterArn,
    status,
    targetRevisionArn: primary.revisionArn,
    deploymentId: primary.id,
    sources: [],
    requestedTaskCount: service.desiredCount,
    deploymentConfiguration: service.deploymentConfiguration,
    circuitBreaker: { status: service.deploymentConfiguration.deploymentCircuitBreaker.enable ? 'MONITORING' : 'DISABLED', failureCount: 0, threshold: 3 },
    createdAt: T0,
    updatedAt: T0,
  }
}

export interface ScenarioInput {
  service?: Partial<ServiceRecord>
  deployments: DeploymentRecord[]
  tasks?: TaskRecord[]
  instances?: ContainerInstanceRecord[]
  /** Task definitions with container health checks, by revision. */
  checked?: boolean
  now?: number
  mayPlace?: boolean
  /** Target groups the service's tasks register in (load-balancing.ts), with their targets. */
  targetGroups?: readonly TargetGroupView[]
  /** Each deployment's load balancers, by deployment id (default: the service's). */
  loadBalancers?: ReadonlyMap<string, readonly LoadBalancer[]>
  /** Listener rules' actions, by rule ARN (blue/green). */
  rules?: ReadonlyMap<string, readonly RuleAction[]>
  /** Changes to the PRIMARY's service deployment (IN_PROGRESS by default). */
  serviceDeployment?: Partial<ServiceDeploymentRecord>
  /** The CloudWatch alarms the deployment configuration names, as the store has them. */
  alarms?: readonly AlarmRecord[]
}

export function snapshot(input: ScenarioInput): ServiceSnapshot {
  const now = input.now ?? T0 + 3_600_000
  const service = mockService({ deployments: input.deployments, taskDefinition: input.deployments[0]!.taskDefinition, ...input.service })
  const revisions = new Set(input.deployments.map((d) => Number(d.taskDefinition.split(':').pop())))
  return {
    service,
    serviceDeployment: { ...serviceDeploymentOf(service), ...input.serviceDeployment },
    taskDefinitions: new Map([...revisions].map((r) => [td(r).taskDefinitionArn!, td(r, input.checked)])),
    tasks: input.tasks ?? [],
    cluster: clusterView(input.instances ?? [1, 2, 3].map((n) => instance(n))),
    mayPlace: input.mayPlace ?? true,
    loadBalancers: input.loadBalancers ?? new Map(),
    rules: input.rules ?? new Map(),
    alarms: new Map((input.alarms ?? []).map((a) => [a.name, a])),
    targetGroups: new Map((input.targetGroups ?? []).map((g) => [g.arn, g])),
    settings: { lostAfterMs: 30_000, healthyAfterMs: 40_000 },
    now,
  }
}
