import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import cloudwatchModel from '../core/aws-model/cloudwatch.json' with { type: 'json' }
import ecsModel from '../core/aws-model/ecs.json' with { type: 'json' }
import elbv2Model from '../core/aws-model/elbv2.json' with { type: 'json' }
import logsModel from '../core/aws-model/logs.json' with { type: 'json' }
import scalingModel from '../core/aws-model/application-autoscaling.json' with { type: 'json' }
import { implementedScalingOperations } from './autoscaling/index.js'
import { SCALING_REFUSED_MEMBERS } from './autoscaling/refused-members.js'
import { coversPath as covers, leafPaths, memberPaths } from '../testing/model-paths.js'
import { CLOUDWATCH_REFUSED, implementedCloudWatchOperations } from './cloudwatch/index.js'
import { implementedEcsOperations } from './ecs/index.js'
import { ECS_REFUSED_MEMBERS } from './ecs/refused-members.js'
import { implementedElbv2Operations } from './elbv2/index.js'
import { ELBV2_REFUSED_MEMBERS } from './elbv2/refused-members.js'
import { implementedLogsOperations } from './logs/index.js'
import { LOGS_REFUSED_MEMBERS } from './logs/refused-members.js'
import type { ServiceModel } from './shapes/model.js'
import type { RefusedMembers } from './shapes/refused-members.js'

/**
 * The audit of every input member of every operation Berth implements: each is acted on
 * (listed here, with how) or refused by name (the service's refused-members table). A member
 * a newer model adds fails this test until someone decides which. A path covers the members
 * under it; `[]` is every item of a list.
 */
const ECS_ACTED: Record<string, readonly string[]> = {
  // Stored whole and described back (settings, configuration, capacity providers, Service Connect defaults).
  CreateCluster: ['clusterName', 'tags', 'settings', 'configuration', 'capacityProviders', 'defaultCapacityProviderStrategy', 'serviceConnectDefaults'],
  DescribeClusters: ['clusters', 'include'], // ATTACHMENTS: no cluster has capacity-provider attachments
  ListClusters: ['nextToken', 'maxResults'],
  DeleteCluster: ['cluster'],
  // Stored per principal (the root user's is the account default) and listed back.
  PutAccountSetting: ['name', 'value', 'principalArn'],
  PutAccountSettingDefault: ['name', 'value'],
  ListAccountSettings: ['name', 'value', 'principalArn', 'effectiveSettings', 'nextToken', 'maxResults'],
  DeleteAccountSetting: ['name', 'principalArn'],
  // containerInsights stored and described back; configuration and serviceConnectDefaults refused.
  UpdateCluster: ['cluster', 'settings'],
  UpdateClusterSettings: ['cluster', 'settings'],
  // Capacity providers (api/ecs/capacity-providers): stored, described back, and the managed
  // scaling settings acted on by the managed scaling controller (src/capacity).
  PutClusterCapacityProviders: ['cluster', 'capacityProviders', 'defaultCapacityProviderStrategy'],
  CreateCapacityProvider: ['name', 'autoScalingGroupProvider', 'tags'],
  DescribeCapacityProviders: ['capacityProviders', 'include', 'maxResults', 'nextToken'],
  UpdateCapacityProvider: ['name', 'autoScalingGroupProvider'],
  DeleteCapacityProvider: ['capacityProvider'],
  // The identity document's zone and type become attributes; versionInfo is described back.
  RegisterContainerInstance: ['cluster', 'instanceIdentityDocument', 'totalResources', 'versionInfo', 'containerInstanceArn', 'attributes', 'tags'],
  DeregisterContainerInstance: ['cluster', 'containerInstance', 'force'],
  DescribeContainerInstances: ['cluster', 'containerInstances', 'include'],
  ListContainerInstances: ['cluster', 'filter', 'nextToken', 'maxResults', 'status'],
  UpdateContainerInstancesState: ['cluster', 'containerInstances', 'status'],
  // One server answers for every cluster and instance: both pick nothing on Berth.
  DiscoverPollEndpoint: ['containerInstance', 'cluster'],
  PutAttributes: ['cluster', 'attributes'],
  DeleteAttributes: ['cluster', 'attributes'],
  ListAttributes: ['cluster', 'targetType', 'attributeName', 'attributeValue', 'nextToken', 'maxResults'],
  TagResource: ['resourceArn', 'tags'],
  UntagResource: ['resourceArn', 'tagKeys'],
  ListTagsForResource: ['resourceArn'],
  // A task definition is stored and described back whole. What it asks of a running task and
  // the agent does not apply is refused where the task would run (unsupportedTaskDefinitionFeatures).
  RegisterTaskDefinition: ['family', 'taskRoleArn', 'executionRoleArn', 'networkMode', 'containerDefinitions', 'volumes', 'placementConstraints',
    'requiresCompatibilities', 'cpu', 'memory', 'tags', 'pidMode', 'ipcMode', 'proxyConfiguration', 'inferenceAccelerators', 'ephemeralStorage',
    'runtimePlatform', 'enableFaultInjection'],
  DescribeTaskDefinition: ['taskDefinition', 'include'],
  ListTaskDefinitions: ['familyPrefix', 'status', 'sort', 'nextToken', 'maxResults'],
  ListTaskDefinitionFamilies: ['familyPrefix', 'status', 'nextToken', 'maxResults'],
  DeregisterTaskDefinition: ['taskDefinition'],
  DeleteTaskDefinitions: ['taskDefinitions'],
  DescribeTasks: ['cluster', 'tasks', 'include'],
  // launchType EC2 or FARGATE keeps those tasks; EXTERNAL and MANAGED_INSTANCES list none.
  ListTasks: ['cluster', 'containerInstance', 'family', 'nextToken', 'maxResults', 'startedBy', 'serviceName', 'desiredStatus', 'launchType'],
  StopTask: ['cluster', 'task', 'reason'],
  UpdateTaskProtection: ['cluster', 'tasks', 'protectionEnabled', 'expiresInMinutes'],
  GetTaskProtection: ['cluster', 'tasks'],
  // enableECSManagedTags: the task gets aws:ecs:clusterName. networkConfiguration: an awsvpc
  // task gets a network namespace of its own (refused for other network modes, as ECS does).
  // launchType FARGATE runs on the Fargate pool; platformVersion is checked (LATEST, 1.4.0) and
  // shown resolved, refused with EC2 as ECS refuses it (src/scheduler/fargate).
  RunTask: ['cluster', 'count', 'enableECSManagedTags', 'group', 'launchType', 'placementConstraints', 'placementStrategy', 'propagateTags',
    'startedBy', 'tags', 'taskDefinition', 'clientToken', 'networkConfiguration', 'platformVersion', 'capacityProviderStrategy', ...overridesActed()],
  StartTask: ['cluster', 'containerInstances', 'enableECSManagedTags', 'group', 'propagateTags', 'startedBy', 'tags', 'taskDefinition',
    'networkConfiguration', ...overridesActed()],
  // Services: acted on by the API and the service scheduler, or stored and described back
  // (loadBalancers, networkConfiguration, role, alarms); serviceConnectConfiguration is inert
  // unless enabled, which is refused. From the services API's code and its refused members.
  CreateService: ['cluster', 'serviceName', 'clientToken', 'launchType', 'role', 'schedulingStrategy', 'tags', ...serviceActed()],
  UpdateService: ['cluster', 'service', 'forceNewDeployment', ...serviceActed()],
  DeleteService: ['cluster', 'service', 'force'],
  DescribeServices: ['cluster', 'services', 'include'],
  // launchType EC2 or FARGATE keeps those services; others and resourceManagementType ECS list none.
  ListServices: ['cluster', 'nextToken', 'maxResults', 'launchType', 'schedulingStrategy', 'resourceManagementType'],
  ListServiceDeployments: ['service', 'cluster', 'status', 'createdAt', 'nextToken', 'maxResults'],
  DescribeServiceDeployments: ['serviceDeploymentArns'],
  DescribeServiceRevisions: ['serviceRevisionArns'],
  StopServiceDeployment: ['serviceDeploymentArn', 'stopType'],
  // Task sets (api/ecs/task-sets): stored on the service and described back; the scheduler runs
  // their computed counts on container instances, the Fargate pool or by a capacity provider
  // strategy, and registers their tasks in their target group. launchType EXTERNAL is refused.
  CreateTaskSet: ['service', 'cluster', 'externalId', 'taskDefinition', 'networkConfiguration', 'launchType', 'scale', 'clientToken', 'tags',
    'platformVersion', 'capacityProviderStrategy', ...['targetGroupArn', 'loadBalancerName', 'containerName', 'containerPort'].map((m) => `loadBalancers[].${m}`)],
  DescribeTaskSets: ['cluster', 'service', 'taskSets', 'include'],
  UpdateTaskSet: ['cluster', 'service', 'taskSet', 'scale'],
  DeleteTaskSet: ['cluster', 'service', 'taskSet', 'force'],
  UpdateServicePrimaryTaskSet: ['cluster', 'service', 'primaryTaskSet'],
}

/** What CreateService and UpdateService both act on. */
function serviceActed(): string[] {
  const lb = ['targetGroupArn', 'loadBalancerName', 'containerName', 'containerPort', 'advancedConfiguration'].map((m) => `loadBalancers[].${m}`)
  const deployment = ['deploymentCircuitBreaker', 'maximumPercent', 'minimumHealthyPercent', 'alarms', 'strategy', 'bakeTimeInMinutes',
    'linearConfiguration', 'canaryConfiguration'].map((m) => `deploymentConfiguration.${m}`)
  return ['taskDefinition', 'desiredCount', 'availabilityZoneRebalancing', ...lb, ...deployment, 'placementConstraints', 'placementStrategy',
    'networkConfiguration', 'healthCheckGracePeriodSeconds', 'deploymentController', 'enableECSManagedTags', 'propagateTags',
    'enableExecuteCommand', 'serviceConnectConfiguration', 'platformVersion', 'capacityProviderStrategy']
}

/**
 * RunTask and StartTask overrides the agent applies. executionRoleArn: the agent makes no AWS
 * call that needs it (awslogs ships to Berth). ephemeralStorage: Fargate's, ignored on EC2 as
 * ECS ignores it there, and refused with FARGATE (the pool cannot size a task's disk). taskRoleArn: the task's credentials are the ones mapped to that role
  * (core/task-roles.ts).
 */
function overridesActed(): string[] {
  const container = ['name', 'command', 'environment', 'cpu', 'memory', 'memoryReservation'].map((m) => `overrides.containerOverrides[].${m}`)
  return [...container, 'overrides.cpu', 'overrides.memory', 'overrides.executionRoleArn', 'overrides.taskRoleArn', 'overrides.ephemeralStorage']
}

const LOGS_ACTED: Record<string, readonly string[]> = {
  // kmsKeyId is stored and described back; logGroupClass STANDARD is every group's class.
  CreateLogGroup: ['logGroupName', 'kmsKeyId', 'tags', 'logGroupClass'],
  DeleteLogGroup: ['logGroupName'],
  // No linked accounts exist here, so the account members change nothing, as they would on AWS.
  DescribeLogGroups: ['accountIdentifiers', 'logGroupNamePrefix', 'logGroupNamePattern', 'nextToken', 'limit', 'includeLinkedAccounts', 'logGroupClass'],
  PutRetentionPolicy: ['logGroupName', 'retentionInDays'],
  DeleteRetentionPolicy: ['logGroupName'],
  CreateLogStream: ['logGroupName', 'logStreamName'],
  DeleteLogStream: ['logGroupName', 'logStreamName'],
  DescribeLogStreams: ['logGroupName', 'logGroupIdentifier', 'logStreamNamePrefix', 'orderBy', 'descending', 'nextToken', 'limit'],
  // sequenceToken: ignored, as AWS has ignored it since 2023.
  PutLogEvents: ['logGroupName', 'logStreamName', 'logEvents', 'sequenceToken'],
  // unmask: nothing is masked (no data protection policies), so every event is shown as it is.
  GetLogEvents: ['logGroupName', 'logGroupIdentifier', 'logStreamName', 'startTime', 'endTime', 'nextToken', 'limit', 'startFromHead', 'unmask'],
  // interleaved: always true, as AWS has treated it since 2019.
  FilterLogEvents: ['logGroupName', 'logGroupIdentifier', 'logStreamNames', 'logStreamNamePrefix', 'startTime', 'endTime', 'filterPattern',
    'nextToken', 'limit', 'interleaved', 'unmask'],
  TagResource: ['resourceArn', 'tags'],
  UntagResource: ['resourceArn', 'tagKeys'],
  ListTagsForResource: ['resourceArn'],
  TagLogGroup: ['logGroupName', 'tags'],
  UntagLogGroup: ['logGroupName', 'tags'],
  ListTagsLogGroup: ['logGroupName'],
}

/** What an ELBv2 action carries that Berth acts on: its type (others refused by value) and the three terminal configs. */
function elbActionActed(at: string): string[] {
  return ['Type', 'TargetGroupArn', 'Order', 'RedirectConfig', 'FixedResponseConfig', 'ForwardConfig'].map((m) => `${at}[].${m}`)
}
const ELB_CONDITIONS = ['Field', 'Values', 'HostHeaderConfig.Values', 'PathPatternConfig.Values', 'HttpHeaderConfig.HttpHeaderName', 'HttpHeaderConfig.Values',
  'QueryStringConfig', 'HttpRequestMethodConfig', 'SourceIpConfig'].map((m) => `Conditions[].${m}`)
const ELB_HEALTH_CHECK = ['HealthCheckProtocol', 'HealthCheckPort', 'HealthCheckEnabled', 'HealthCheckPath', 'HealthCheckIntervalSeconds',
  'HealthCheckTimeoutSeconds', 'HealthyThresholdCount', 'UnhealthyThresholdCount', 'Matcher.HttpCode']

const ELBV2_ACTED: Record<string, readonly string[]> = {
  // Type, IpAddressType, EnablePrefixForIpv6SourceNat: acted on for the values Berth has (application, ipv4, off).
  CreateLoadBalancer: ['Name', 'Subnets', 'SubnetMappings[].SubnetId', 'SecurityGroups', 'Scheme', 'Tags', 'Type', 'IpAddressType', 'EnablePrefixForIpv6SourceNat'],
  DescribeLoadBalancers: ['LoadBalancerArns', 'Names', 'Marker', 'PageSize'],
  DeleteLoadBalancer: ['LoadBalancerArn'],
  DescribeLoadBalancerAttributes: ['LoadBalancerArn'],
  ModifyLoadBalancerAttributes: ['LoadBalancerArn', 'Attributes'],
  // SslPolicy: one of ELB's predefined policies; the listener's TLS follows it (protocols, ciphers).
  CreateListener: ['LoadBalancerArn', 'Protocol', 'Port', 'SslPolicy', 'Certificates[].CertificateArn', ...elbActionActed('DefaultActions'), 'Tags'],
  DescribeListeners: ['LoadBalancerArn', 'ListenerArns', 'Marker', 'PageSize'],
  ModifyListener: ['ListenerArn', 'Protocol', 'Port', 'SslPolicy', 'Certificates[].CertificateArn', ...elbActionActed('DefaultActions')],
  DeleteListener: ['ListenerArn'],
  CreateRule: ['ListenerArn', 'Priority', ...ELB_CONDITIONS, ...elbActionActed('Actions'), 'Tags'],
  DescribeRules: ['ListenerArn', 'RuleArns', 'Marker', 'PageSize'],
  ModifyRule: ['RuleArn', ...ELB_CONDITIONS, ...elbActionActed('Actions')],
  DeleteRule: ['RuleArn'],
  SetRulePriorities: ['RulePriorities'],
  // Protocol, ProtocolVersion, TargetType, IpAddressType: acted on for HTTP/HTTPS, HTTP1, instance/ip, ipv4.
  CreateTargetGroup: ['Name', 'Protocol', 'ProtocolVersion', 'Port', 'VpcId', ...ELB_HEALTH_CHECK, 'TargetType', 'Tags', 'IpAddressType'],
  DescribeTargetGroups: ['LoadBalancerArn', 'TargetGroupArns', 'Names', 'Marker', 'PageSize'],
  ModifyTargetGroup: ['TargetGroupArn', ...ELB_HEALTH_CHECK],
  DeleteTargetGroup: ['TargetGroupArn'],
  DescribeTargetGroupAttributes: ['TargetGroupArn'],
  ModifyTargetGroupAttributes: ['TargetGroupArn', 'Attributes'],
  RegisterTargets: ['TargetGroupArn', 'Targets[].Id', 'Targets[].Port', 'Targets[].AvailabilityZone'],
  // AvailabilityZone: a target is (id, port); the zone it was registered with stays on it.
  DeregisterTargets: ['TargetGroupArn', 'Targets[].Id', 'Targets[].Port', 'Targets[].AvailabilityZone'],
  DescribeTargetHealth: ['TargetGroupArn', 'Targets[].Id', 'Targets[].Port', 'Targets[].AvailabilityZone'],
  AddTags: ['ResourceArns', 'Tags'],
  RemoveTags: ['ResourceArns', 'TagKeys'],
  DescribeTags: ['ResourceArns'],
  DescribeAccountLimits: ['Marker', 'PageSize'],
  DescribeSSLPolicies: ['Names', 'Marker', 'PageSize', 'LoadBalancerType'],
}

const CLOUDWATCH_ACTED: Record<string, readonly string[]> = {
  PutMetricData: ['Namespace', 'MetricData'],
  GetMetricStatistics: ['Namespace', 'MetricName', 'Dimensions', 'StartTime', 'EndTime', 'Period', 'Statistics', 'Unit'],
  GetMetricData: [
    'MetricDataQueries[].Id', 'MetricDataQueries[].MetricStat', 'MetricDataQueries[].Expression', 'MetricDataQueries[].Label',
    'MetricDataQueries[].ReturnData', 'MetricDataQueries[].Period', 'StartTime', 'EndTime', 'NextToken', 'ScanBy', 'MaxDatapoints',
  ],
  ListMetrics: ['Namespace', 'MetricName', 'Dimensions', 'NextToken', 'RecentlyActive'], // IncludeLinkedAccounts: false is acted on
  // Alarms (api/cloudwatch/alarms): single-metric alarms; Tags kept on create, ignored on update as on CloudWatch.
  PutMetricAlarm: [
    'AlarmName', 'AlarmDescription', 'ActionsEnabled', 'OKActions', 'AlarmActions', 'InsufficientDataActions', 'MetricName', 'Namespace',
    'Statistic', 'Dimensions', 'Period', 'Unit', 'EvaluationPeriods', 'DatapointsToAlarm', 'Threshold', 'ComparisonOperator', 'TreatMissingData', 'Tags',
  ],
  // No composite alarms: AlarmTypes=CompositeAlarm, ChildrenOfAlarmName and ParentsOfAlarmName answer none.
  DescribeAlarms: ['AlarmNames', 'AlarmNamePrefix', 'AlarmTypes', 'ChildrenOfAlarmName', 'ParentsOfAlarmName', 'StateValue', 'ActionPrefix', 'MaxRecords', 'NextToken'],
  DescribeAlarmsForMetric: ['MetricName', 'Namespace', 'Statistic', 'Dimensions', 'Period', 'Unit'],
  DescribeAlarmHistory: ['AlarmName', 'AlarmTypes', 'HistoryItemType', 'StartDate', 'EndDate', 'MaxRecords', 'NextToken', 'ScanBy'],
  DeleteAlarms: ['AlarmNames'],
  SetAlarmState: ['AlarmName', 'StateValue', 'StateReason', 'StateReasonData'],
  EnableAlarmActions: ['AlarmNames'],
  DisableAlarmActions: ['AlarmNames'],
}

const TARGET_REF = ['ServiceNamespace', 'ResourceId', 'ScalableDimension']
const LIST = ['ServiceNamespace', 'ScalableDimension', 'MaxResults', 'NextToken']
const SCALING_ACTED: Record<string, readonly string[]> = {
  // RoleARN: stored and described back (Berth needs no role to change a service's desired count).
  RegisterScalableTarget: [...TARGET_REF, 'MinCapacity', 'MaxCapacity', 'RoleARN', 'SuspendedState', 'Tags'],
  DeregisterScalableTarget: TARGET_REF,
  DescribeScalableTargets: [...LIST, 'ResourceIds'],
  PutScalingPolicy: [...TARGET_REF, 'PolicyName', 'PolicyType', 'StepScalingPolicyConfiguration',
    ...['TargetValue', 'PredefinedMetricSpecification', 'ScaleOutCooldown', 'ScaleInCooldown', 'DisableScaleIn'].map((m) => `TargetTrackingScalingPolicyConfiguration.${m}`),
    ...['MetricName', 'Namespace', 'Dimensions', 'Statistic', 'Unit'].map((m) => `TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.${m}`)],
  DescribeScalingPolicies: [...LIST, 'PolicyNames', 'ResourceId'],
  DeleteScalingPolicy: [...TARGET_REF, 'PolicyName'],
  PutScheduledAction: [...TARGET_REF, 'ScheduledActionName', 'Schedule', 'Timezone', 'StartTime', 'EndTime', 'ScalableTargetAction'],
  DescribeScheduledActions: [...LIST, 'ScheduledActionNames', 'ResourceId'],
  DeleteScheduledAction: [...TARGET_REF, 'ScheduledActionName'],
  DescribeScalingActivities: [...LIST, 'ResourceId', 'IncludeNotScaledActivities'],
  TagResource: ['ResourceARN', 'Tags'],
  UntagResource: ['ResourceARN', 'TagKeys'],
  ListTagsForResource: ['ResourceARN'],
}

const SERVICES = [
  { name: 'ECS', model: ecsModel as unknown as ServiceModel, operations: implementedEcsOperations(), acted: ECS_ACTED, refused: ECS_REFUSED_MEMBERS },
  { name: 'Logs', model: logsModel as unknown as ServiceModel, operations: implementedLogsOperations(), acted: LOGS_ACTED, refused: LOGS_REFUSED_MEMBERS },
  { name: 'Application Auto Scaling', model: scalingModel as unknown as ServiceModel, operations: implementedScalingOperations(), acted: SCALING_ACTED, refused: SCALING_REFUSED_MEMBERS },
  { name: 'ELBv2', model: elbv2Model as unknown as ServiceModel, operations: implementedElbv2Operations(), acted: ELBV2_ACTED, refused: ELBV2_REFUSED_MEMBERS },
  { name: 'CloudWatch', model: cloudwatchModel as unknown as ServiceModel, operations: implementedCloudWatchOperations(), acted: CLOUDWATCH_ACTED, refused: CLOUDWATCH_REFUSED },
]

for (const s of SERVICES) {
  describe(`every ${s.name} input member is acted on or refused`, () => {
    for (const op of s.operations) {
      it(op, () => {
        const paths = memberPaths(s.model, s.model.operations[op]!.input!)
        const acted = s.acted[op] ?? []
        const refused = refusedPaths(s.refused, op)
        for (const p of [...acted, ...refused]) assert.ok(paths.includes(p), `${op}: ${p} is not a member of its input`)
        // A member refused only for some values (enableExecuteCommand: true) is acted on for the others.
        const whole = (s.refused[op] ?? []).filter((r) => !r.refuses).map((r) => r.path)
        const both = acted.filter((p) => whole.some((r) => covers(p, r) || covers(r, p)))
        assert.deepEqual(both, [], `${op}: listed as acted on and refused`)
        const neither = leafPaths(paths).filter((p) => ![...acted, ...refused].some((c) => covers(c, p)))
        assert.deepEqual(neither, [], `${op}: neither acted on nor refused; act on them or refuse them (refused-members.ts)`)
      })
    }
    it('lists no operation Berth does not implement', () => {
      for (const op of [...Object.keys(s.acted), ...Object.keys(s.refused)]) assert.ok(s.operations.includes(op), op)
    })
  })
}

const refusedPaths = (refused: RefusedMembers, op: string) => (refused[op] ?? []).map((r) => r.path)
