import type { EcsArns } from '../../core/arn.js'
import type * as Ecs from '../../core/aws-model/ecs.types.js'
import { parseTaskDefinitionRef } from '../../core/model/task-definition-ref.js'
import type { ReadTx } from '../../state/store.js'
import { requestTagKeys, type AuthorizationCheck, type AuthorizationTable, type OperationChecks } from '../iam/index.js'
import { clusterArnOf, clusterNameOf } from './resolve.js'
import { serviceArnOf } from './services/service-ref.js'

/**
 * What each ECS operation asks IAM, after AWS's "Actions, resources, and condition keys for
 * Amazon Elastic Container Service" (Service Authorization Reference): the action, the
 * resource type it is authorized on (`*` where the reference lists none), and `ecs:cluster`
 * where the reference lists it. Creating with tags also asks `ecs:TagResource` on the new
 * resource, with `ecs:CreateAction`, as ECS does since 2023. Pure: the store is read only to
 * turn a task definition named by family into its ARN (EcsResourceRef).
 */
export type EcsResourceRef =
  /** A task definition as a request names it: `web` (its newest ACTIVE revision), `web:3`, or an ARN. */
  | { taskDefinition: string }
  /** The revision RegisterTaskDefinition is about to create in a family. */
  | { nextRevisionOf: string }

type Check = AuthorizationCheck<EcsResourceRef>
type Context = NonNullable<Check['context']>
type Entry<I> = OperationChecks<EcsArns, EcsResourceRef, I>

const ecs = (action: string) => `ecs:${action}`

/** A cluster-scoped check: the action on `resource`, with ecs:cluster. */
const inCluster = (action: string, resource: Check['resource'], clusterArn: string, extra: Context = {}): Check => ({
  action: ecs(action),
  resource,
  context: { 'ecs:cluster': clusterArn, ...extra },
})

/** A cluster reference (name or ARN, default `default`) → its ARN and name. */
function cluster(ref: string | undefined, arns: EcsArns): { arn: string; name: string } {
  const arn = clusterArnOf(ref, { arns })
  return { arn, name: clusterNameOf(ref ?? 'default') }
}

/** Tasks and instances are named by ARN, or by the id at its end within the request's cluster. */
const taskArn = (ref: string, clusterName: string, arns: EcsArns) => (ref.startsWith('arn:') ? ref : arns.task(clusterName, ref))
const instanceArn = (ref: string, clusterName: string, arns: EcsArns) => (ref.startsWith('arn:') ? ref : arns.containerInstance(clusterName, ref))

/** `service-deployment/<cluster>/<service>/<id>` (and service-revision) → the cluster and service it belongs to. */
function deploymentParts(arn: string, arns: EcsArns): { clusterArn: string; serviceArn: string } | undefined {
  const [, clusterName, serviceName] = arns.resourceOf(arn)?.split('/') ?? []
  return clusterName && serviceName ? { clusterArn: arns.cluster(clusterName), serviceArn: arns.service(clusterName, serviceName) } : undefined
}

/** DescribeServiceDeployments & co: the action on each deployment (or revision) and on its service, as the reference requires both. */
function onDeployments(action: string, refs: readonly string[], arns: EcsArns): Check[] {
  return refs.flatMap((arn) => {
    const parts = deploymentParts(arn, arns)
    if (!parts) return [{ action: ecs(action), resource: arn }]
    return [inCluster(action, parts.serviceArn, parts.clusterArn), inCluster(action, arn, parts.clusterArn)]
  })
}

/** CreateCluster, CreateService, RegisterTaskDefinition with tags: ecs:TagResource on what they create. */
function tagOnCreate(createAction: string, resource: Check['resource'], tags: Ecs.Tags | undefined, context: Context = {}): Check[] {
  if (!tags || tags.length === 0) return []
  return [{ action: ecs('TagResource'), resource, context: { ...context, ...requestTagKeys(tags), 'ecs:CreateAction': createAction } }]
}

const createCluster: Entry<Ecs.CreateClusterRequest> = (input, arns) => {
  const arn = arns.cluster(input.clusterName ?? 'default')
  return [{ action: ecs('CreateCluster'), resource: arn, context: requestTagKeys(input.tags) }, ...tagOnCreate('CreateCluster', arn, input.tags)]
}

const registerTaskDefinition: Entry<Ecs.RegisterTaskDefinitionRequest> = (input) => {
  const next = { nextRevisionOf: input.family }
  return [{ action: ecs('RegisterTaskDefinition'), resource: next, context: requestTagKeys(input.tags) }, ...tagOnCreate('RegisterTaskDefinition', next, input.tags)]
}

const runTask: Entry<Ecs.RunTaskRequest> = (input, arns) => [
  inCluster('RunTask', { taskDefinition: input.taskDefinition }, cluster(input.cluster, arns).arn, requestTagKeys(input.tags)),
]

const startTask: Entry<Ecs.StartTaskRequest> = (input, arns) => [
  inCluster('StartTask', { taskDefinition: input.taskDefinition }, cluster(input.cluster, arns).arn, requestTagKeys(input.tags)),
]

const createService: Entry<Ecs.CreateServiceRequest> = (input, arns) => {
  const c = cluster(input.cluster, arns)
  const arn = arns.service(c.name, input.serviceName)
  return [inCluster('CreateService', arn, c.arn, requestTagKeys(input.tags)), ...tagOnCreate('CreateService', arn, input.tags, { 'ecs:cluster': c.arn })]
}

/** ECS's actions on one service of a cluster (UpdateService, DeleteService, ListServiceDeployments). */
const onService =
  (action: string): Entry<{ cluster?: string | undefined; service: string }> =>
  (input, arns) => {
    const c = cluster(input.cluster, arns)
    return [inCluster(action, serviceArnOf(input.service, c, { arns }), c.arn)]
  }

/** Actions on a cluster itself: ECS authorizes them on the cluster ARN. */
const onCluster =
  (action: string): Entry<{ cluster?: string | undefined }> =>
  (input, arns) => [{ action: ecs(action), resource: cluster(input.cluster, arns).arn }]

/** A capacity provider named by its name or ARN → its ARN. */
const providerArn = (ref: string, arns: EcsArns) => (ref.startsWith('arn:') ? ref : arns.capacityProvider(ref))

/** Actions that name no resource: authorized on `*`. */
const onNothing = (action: string): Entry<unknown> => () => [{ action: ecs(action), resource: '*' }]

/** Actions on a resource given by ARN (tagging). */
const onResourceArn =
  (action: string, context: (input: never) => Context = () => ({})): Entry<{ resourceArn: string }> =>
  (input) => [{ action: ecs(action), resource: input.resourceArn, context: context(input as never) }]

export const ECS_AUTHORIZATION: AuthorizationTable<EcsArns, EcsResourceRef> = {
  // Clusters.
  CreateCluster: createCluster,
  DescribeClusters: (input: Ecs.DescribeClustersRequest, arns) =>
    (input.clusters?.length ? input.clusters : ['default']).map((ref) => ({ action: ecs('DescribeClusters'), resource: cluster(ref, arns).arn })),
  ListClusters: onNothing('ListClusters'),
  // Account settings name no resource.
  PutAccountSetting: onNothing('PutAccountSetting'),
  PutAccountSettingDefault: onNothing('PutAccountSettingDefault'),
  ListAccountSettings: onNothing('ListAccountSettings'),
  DeleteAccountSetting: onNothing('DeleteAccountSetting'),
  DeleteCluster: onCluster('DeleteCluster'),
  UpdateCluster: onCluster('UpdateCluster'),
  UpdateClusterSettings: onCluster('UpdateClusterSettings'),
  PutClusterCapacityProviders: onCluster('PutClusterCapacityProviders'),
  // Capacity providers: on the provider's ARN (the reference's capacity-provider resource).
  CreateCapacityProvider: (input: Ecs.CreateCapacityProviderRequest, arns) => {
    const arn = arns.capacityProvider(input.name)
    return [{ action: ecs('CreateCapacityProvider'), resource: arn, context: requestTagKeys(input.tags) }, ...tagOnCreate('CreateCapacityProvider', arn, input.tags)]
  },
  DescribeCapacityProviders: (input: Ecs.DescribeCapacityProvidersRequest, arns) =>
    input.capacityProviders?.length
      ? input.capacityProviders.map((ref) => ({ action: ecs('DescribeCapacityProviders'), resource: providerArn(ref, arns) }))
      : [{ action: ecs('DescribeCapacityProviders'), resource: '*' }],
  UpdateCapacityProvider: (input: Ecs.UpdateCapacityProviderRequest, arns) => [{ action: ecs('UpdateCapacityProvider'), resource: providerArn(input.name, arns) }],
  DeleteCapacityProvider: (input: Ecs.DeleteCapacityProviderRequest, arns) => [
    { action: ecs('DeleteCapacityProvider'), resource: providerArn(input.capacityProvider, arns) },
  ],
  // Task definitions: only RegisterTaskDefinition and DeleteTaskDefinitions are authorized on a task definition.
  RegisterTaskDefinition: registerTaskDefinition,
  DescribeTaskDefinition: onNothing('DescribeTaskDefinition'),
  ListTaskDefinitions: onNothing('ListTaskDefinitions'),
  ListTaskDefinitionFamilies: onNothing('ListTaskDefinitionFamilies'),
  DeregisterTaskDefinition: onNothing('DeregisterTaskDefinition'),
  // The reference lists DeleteTaskDefinitions on task-definition: each revision named, as given when it names none.
  DeleteTaskDefinitions: (input: Ecs.DeleteTaskDefinitionsRequest, arns) =>
    input.taskDefinitions.map((ref) => {
      const parsed = parseTaskDefinitionRef(ref, arns)
      return { action: ecs('DeleteTaskDefinitions'), resource: parsed.kind === 'revision' ? arns.taskDefinition(parsed.family, parsed.revision) : '*' }
    }),
  // Container instances: registration is authorized on the cluster, the rest on each instance.
  RegisterContainerInstance: (input: Ecs.RegisterContainerInstanceRequest, arns) => [
    { action: ecs('RegisterContainerInstance'), resource: cluster(input.cluster, arns).arn, context: requestTagKeys(input.tags) },
  ],
  DeregisterContainerInstance: onCluster('DeregisterContainerInstance'),
  DiscoverPollEndpoint: onNothing('DiscoverPollEndpoint'),
  DescribeContainerInstances: (input: Ecs.DescribeContainerInstancesRequest, arns) => {
    const c = cluster(input.cluster, arns)
    return input.containerInstances.map((ref) => inCluster('DescribeContainerInstances', instanceArn(ref, c.name, arns), c.arn))
  },
  ListContainerInstances: onCluster('ListContainerInstances'),
  UpdateContainerInstancesState: (input: Ecs.UpdateContainerInstancesStateRequest, arns) => {
    const c = cluster(input.cluster, arns)
    return input.containerInstances.map((ref) => inCluster('UpdateContainerInstancesState', instanceArn(ref, c.name, arns), c.arn))
  },
  // Attributes: put and delete on each target instance; listing on the cluster.
  PutAttributes: (input: Ecs.PutAttributesRequest, arns) => onAttributeTargets('PutAttributes', input, arns),
  DeleteAttributes: (input: Ecs.DeleteAttributesRequest, arns) => onAttributeTargets('DeleteAttributes', input, arns),
  ListAttributes: onCluster('ListAttributes'),
  // Tags.
  TagResource: onResourceArn('TagResource', (input: Ecs.TagResourceRequest) => requestTagKeys(input.tags)),
  UntagResource: onResourceArn('UntagResource', (input: Ecs.UntagResourceRequest) => ({ 'aws:TagKeys': input.tagKeys })),
  ListTagsForResource: onResourceArn('ListTagsForResource'),
  // Tasks: run and start on the task definition; the rest on each task.
  RunTask: runTask,
  StartTask: startTask,
  DescribeTasks: (input: Ecs.DescribeTasksRequest, arns) => {
    const c = cluster(input.cluster, arns)
    return input.tasks.map((ref) => inCluster('DescribeTasks', taskArn(ref, c.name, arns), c.arn))
  },
  // ListTasks is authorized on the container instance it filters by, else on `*`.
  ListTasks: (input: Ecs.ListTasksRequest, arns) => {
    const c = cluster(input.cluster, arns)
    return [inCluster('ListTasks', input.containerInstance ? instanceArn(input.containerInstance, c.name, arns) : '*', c.arn)]
  },
  StopTask: (input: Ecs.StopTaskRequest, arns) => {
    const c = cluster(input.cluster, arns)
    return [inCluster('StopTask', taskArn(input.task, c.name, arns), c.arn)]
  },
  // Task scale-in protection: on each task named.
  UpdateTaskProtection: (input: Ecs.UpdateTaskProtectionRequest, arns) => {
    const c = cluster(input.cluster, arns)
    return input.tasks.map((ref) => inCluster('UpdateTaskProtection', taskArn(ref, c.name, arns), c.arn))
  },
  GetTaskProtection: (input: Ecs.GetTaskProtectionRequest, arns) => {
    const c = cluster(input.cluster, arns)
    const tasks = input.tasks ?? []
    // No task named: nothing to authorize on but the cluster's tasks as a whole.
    if (tasks.length === 0) return [inCluster('GetTaskProtection', '*', c.arn)]
    return tasks.map((ref) => inCluster('GetTaskProtection', taskArn(ref, c.name, arns), c.arn))
  },
  // Services.
  CreateService: createService,
  UpdateService: onService('UpdateService'),
  DeleteService: onService('DeleteService'),
  DescribeServices: (input: Ecs.DescribeServicesRequest, arns) => {
    const c = cluster(input.cluster, arns)
    return input.services.map((ref) => inCluster('DescribeServices', serviceArnOf(ref, c, { arns }), c.arn))
  },
  ListServices: (input: Ecs.ListServicesRequest, arns) => [inCluster('ListServices', '*', cluster(input.cluster, arns).arn)],
  ListServiceDeployments: onService('ListServiceDeployments'),
  DescribeServiceDeployments: (input: Ecs.DescribeServiceDeploymentsRequest, arns) => onDeployments('DescribeServiceDeployments', input.serviceDeploymentArns, arns),
  DescribeServiceRevisions: (input: Ecs.DescribeServiceRevisionsRequest, arns) => onDeployments('DescribeServiceRevisions', input.serviceRevisionArns, arns),
  StopServiceDeployment: (input: Ecs.StopServiceDeploymentRequest, arns) => onDeployments('StopServiceDeployment', [input.serviceDeploymentArn], arns),
  // Task sets are checked against their service (the resource every task-set action names).
  CreateTaskSet: onService('CreateTaskSet'),
  DescribeTaskSets: onService('DescribeTaskSets'),
  UpdateTaskSet: onService('UpdateTaskSet'),
  DeleteTaskSet: onService('DeleteTaskSet'),
  UpdateServicePrimaryTaskSet: onService('UpdateServicePrimaryTaskSet'),
}

function onAttributeTargets(action: string, input: { cluster?: string | undefined; attributes: Ecs.Attributes }, arns: EcsArns): Check[] {
  const c = cluster(input.cluster, arns)
  const targets = new Set(input.attributes.map((a) => (a.targetId ? instanceArn(a.targetId, c.name, arns) : c.arn)))
  return [...targets].map((arn) => inCluster(action, arn, c.arn))
}

/**
 * The ARN a task definition reference names: `web:3` and ARNs directly; `web` by its newest
 * ACTIVE revision in the store; `web` with none, `web:*` (the request then fails on its own,
 * and a policy allowing some revision of the family lets it say so); `web:x` as the ARN it
 * would be; another region's or account's ARN as given.
 */
export async function resolveEcsResource(ref: EcsResourceRef, tx: ReadTx, arns: EcsArns): Promise<string> {
  if ('nextRevisionOf' in ref) return arns.taskDefinition(ref.nextRevisionOf, (await tx.taskDefinitions.lastRevision(ref.nextRevisionOf)) + 1)
  const parsed = parseTaskDefinitionRef(ref.taskDefinition, arns)
  switch (parsed.kind) {
    case 'revision':
      return arns.taskDefinition(parsed.family, parsed.revision)
    case 'family': {
      const latest = await tx.taskDefinitions.latestActive(parsed.family)
      return latest?.revision !== undefined ? arns.taskDefinition(parsed.family, latest.revision) : arns.taskDefinition(parsed.family, 0).replace(/:0$/, ':*')
    }
    case 'bad-revision':
      return arns.taskDefinition(parsed.family, 0).replace(/:0$/, `:${parsed.revision}`)
    default:
      return ref.taskDefinition
  }
}
